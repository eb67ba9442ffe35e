import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { botocoreDataFolders } from "../../../harness/tools/botocore-data-folders.ts";
import { describeQuickWaiters, quickRdsWaitersFor, quickWaiterModel, writeQuickRdsWaiters, type WaiterModel } from "../../../harness/tools/quick-waiters.ts";

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

describe("the quick RDS waiter model", () => {
  it("polls at most every delaySeconds, keeps each waiter's total bound and leaves its acceptors untouched", () => {
    const quick = quickWaiterModel([older], 1);
    expect(quick.waiters.DBInstanceAvailable).toEqual({ delay: 1, maxAttempts: 1800, operation: "DescribeDBInstances", acceptors: ACCEPTORS });
    expect(quick.waiters.DBSnapshotCompleted).toMatchObject({ delay: 1, maxAttempts: 600 });
    // A waiter already quicker than asked keeps its own interval.
    expect(quickWaiterModel([{ version: 2, waiters: { Fast: { delay: 1, maxAttempts: 5 } } }], 2).waiters.Fast).toEqual({ delay: 1, maxAttempts: 5 });
  });

  it("holds only the waiters every model has: the AWS CLI 2.9 fails every `aws rds` command on a waiter whose operation it lacks", () => {
    expect(Object.keys(quickWaiterModel([older, newer], 1).waiters).sort()).toEqual(["DBInstanceAvailable", "DBSnapshotCompleted"]);
    expect(Object.keys(quickWaiterModel([newer, older], 1).waiters).sort()).toEqual(["DBInstanceAvailable", "DBSnapshotCompleted"]);
  });
});

describe("quick RDS waiters on disk", () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(path.join(os.tmpdir(), "bgh-quick-waiters-test-"))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** A botocore data folder holding `model` as rds/2014-10-31/waiters-2.json, gzipped if asked (newer botocore). */
  function dataFolder(name: string, model: WaiterModel, gzipped = false): string {
    const folder = path.join(root, name, "rds", "2014-10-31");
    mkdirSync(folder, { recursive: true });
    const text = JSON.stringify(model);
    if (gzipped) writeFileSync(path.join(folder, "waiters-2.json.gz"), gzipSync(text));
    else writeFileSync(path.join(folder, "waiters-2.json"), text);
    return path.join(root, name);
  }

  it("are written where botocore looks first on AWS_DATA_PATH, from plain and gzipped models", () => {
    const out = path.join(root, "out");
    expect(writeQuickRdsWaiters(out, [dataFolder("cli", older), dataFolder("python", newer, true)])).toEqual({ waiters: 2 });
    const written = JSON.parse(readFileSync(path.join(out, "rds", "2014-10-31", "waiters-2.json"), "utf8")) as WaiterModel;
    expect(written.waiters.DBInstanceAvailable).toMatchObject({ delay: 1, maxAttempts: 1800, acceptors: ACCEPTORS });
    expect(written.waiters.TenantDatabaseAvailable).toBeUndefined();
  });

  it("say why not when no folder has a model, and write nothing", () => {
    const out = path.join(root, "out");
    const result = writeQuickRdsWaiters(out, [path.join(root, "empty")]);
    expect(result).toEqual({ reason: "no RDS waiter model found in the AWS CLI's or Python's botocore" });
    expect(describeQuickWaiters(result)).toBe("RDS waiters keep their own intervals: no RDS waiter model found in the AWS CLI's or Python's botocore");
    expect(() => readFileSync(path.join(out, "rds", "2014-10-31", "waiters-2.json"))).toThrow();
  });

  it("find the official installer's bundled botocore beside its dist/aws, first", () => {
    const dist = path.join(root, "aws-cli", "v2", "2.22.0", "dist");
    mkdirSync(path.join(dist, "awscli", "botocore", "data"), { recursive: true });
    writeFileSync(path.join(dist, "aws"), "\x7fELF");
    mkdirSync(path.join(root, "bin"));
    symlinkSync(path.join(dist, "aws"), path.join(root, "bin", "aws"));
    const found = botocoreDataFolders(path.join(root, "bin", "aws"));
    expect(found.cliFound).toBe(true);
    expect(found.folders[0]).toBe(path.join(dist, "awscli", "botocore", "data"));
  });

  it("are refused for a CLI whose own model cannot be found (a wrapper): a file from another botocore could break it", () => {
    writeFileSync(path.join(root, "aws"), "#!/bin/sh\nexec /somewhere/aws \"$@\"\n");
    expect(quickRdsWaitersFor(path.join(root, "out"), path.join(root, "aws"))).toEqual({ reason: `the waiter model of the AWS CLI at ${path.join(root, "aws")} was not found` });
  });
});
