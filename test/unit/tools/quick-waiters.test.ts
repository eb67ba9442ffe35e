import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { botocoreDataFolders, quickWaiterModel, writeQuickRdsWaiters, type WaiterModel } from "../../../harness/tools/quick-waiters.ts";

const ACCEPTORS = [{ expected: "available", matcher: "pathAll", state: "success", argument: "DBInstances[].DBInstanceStatus" }];

const older: WaiterModel = {
  version: 2,
  waiters: {
    DBInstanceAvailable: { delay: 30, maxAttempts: 60, operation: "DescribeDBInstances", acceptors: ACCEPTORS },
    DBSnapshotCompleted: { delay: 15, maxAttempts: 40, operation: "DescribeDBSnapshots", acceptors: [] },
  },
};
const newer: WaiterModel = {
  version: 2,
  waiters: { ...older.waiters, TenantDatabaseAvailable: { delay: 30, maxAttempts: 60, operation: "DescribeTenantDatabases", acceptors: [] } },
};

describe("quick RDS waiters", () => {
  it("poll at most every delaySeconds, keep each waiter's total bound and its acceptors untouched", () => {
    const quick = quickWaiterModel([older], 1);
    expect(quick.waiters.DBInstanceAvailable).toEqual({ delay: 1, maxAttempts: 1800, operation: "DescribeDBInstances", acceptors: ACCEPTORS });
    expect(quick.waiters.DBSnapshotCompleted).toMatchObject({ delay: 1, maxAttempts: 600 });
    // A waiter already quicker than asked keeps its own interval.
    expect(quickWaiterModel([{ version: 2, waiters: { Fast: { delay: 1, maxAttempts: 5 } } }], 2).waiters.Fast).toEqual({ delay: 1, maxAttempts: 5 });
  });

  it("hold only the waiters every model found has: the AWS CLI 2.9 fails every `aws rds` command on a waiter whose operation it lacks", () => {
    expect(Object.keys(quickWaiterModel([older, newer], 1).waiters).sort()).toEqual(["DBInstanceAvailable", "DBSnapshotCompleted"]);
    expect(Object.keys(quickWaiterModel([newer, older], 1).waiters).sort()).toEqual(["DBInstanceAvailable", "DBSnapshotCompleted"]);
  });

  describe("on this machine", () => {
    let folder: string | undefined;
    afterEach(() => folder && rmSync(folder, { recursive: true, force: true }));

    it("are written where botocore looks first on AWS_DATA_PATH, or say why not", () => {
      folder = mkdtempSync(path.join(os.tmpdir(), "bgh-quick-waiters-test-"));
      const written = writeQuickRdsWaiters(folder, { aws: "/nonexistent/aws" });
      if (botocoreDataFolders("/nonexistent/aws").length === 0) {
        expect(written).toEqual({ reason: expect.stringContaining("no RDS waiter model") });
        return;
      }
      const model = JSON.parse(readFileSync(path.join(folder, "rds", "2014-10-31", "waiters-2.json"), "utf8")) as WaiterModel;
      expect(written).toEqual({ waiters: Object.keys(model.waiters).length });
      expect(model.waiters.DBInstanceAvailable).toMatchObject({ delay: 1, operation: "DescribeDBInstances" });
      expect(Object.values(model.waiters).every((waiter) => waiter.delay <= 1)).toBe(true);
    });
  });
});
