import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlueGreenEnvironment } from "../../harness/environment/blue-green-environment.ts";
import type { StartedBlueGreenEnvironment } from "../../harness/environment/started-blue-green-environment.ts";
import { ReplicationBrokenError, waitForCatchUp } from "../../harness/replication/catch-up.ts";
import { replicationStatus, startReplication } from "../../harness/replication/replication-control.ts";
import { waitUntil } from "../../harness/wait/wait-until.ts";
import { testEngine } from "./support/test-engine.ts";

/** Waits until green's applier has stopped with an error, and returns the status. */
async function sqlErrorOnGreen(environment: StartedBlueGreenEnvironment) {
  return waitUntil({ what: "green's applier to stop with an error", timeoutMs: 30_000 }, async () => {
    const status = await environment.greenReplicationStatus();
    return status.sqlError ? { done: true, value: status } : { done: false, state: `SQL ${status.sqlThread}` };
  });
}

describe("replication errors are reported with their real cause", () => {
  let environment: StartedBlueGreenEnvironment;
  beforeAll(async () => {
    environment = await new BlueGreenEnvironment(await testEngine()).start();
    await environment.blue.writer.run(["CREATE DATABASE bank", "CREATE TABLE bank.accounts (id INT PRIMARY KEY, balance INT NOT NULL)", "INSERT INTO bank.accounts VALUES (1, 100)"]);
    await environment.waitForGreenCatchUp();
  });
  afterAll(async () => environment?.remove());

  it("names the type conversion that stopped the applier, not the coordinator's wrapper, and recovers once conversions are allowed", async () => {
    await environment.green.writer.query("ALTER TABLE bank.accounts MODIFY balance BIGINT NOT NULL");
    await environment.blue.writer.query("INSERT INTO bank.accounts VALUES (2, 200)");
    const status = await sqlErrorOnGreen(environment);
    expect(status.sqlError!.kind).toBe("type-conversion");
    expect(status.sqlError!.message).toMatch(/cannot be converted from type 'int' to type 'bigint'/);
    expect(status.sqlError!.message).not.toMatch(/Coordinator stopped/);
    if (environment.engine.dialect.gtidScheme === "mysql" && environment.engine.dialect.version.major >= 8) {
      expect(status.sqlError!.code).toBe(13146);
    }
    await expect(environment.waitForGreenCatchUp(10_000)).rejects.toBeInstanceOf(ReplicationBrokenError);

    await environment.setTypeConversions("green", "ALL_NON_LOSSY");
    await startReplication(environment.green.writer, "sql");
    await environment.waitForGreenCatchUp();
    const rows = await environment.green.writer.query("SELECT balance FROM bank.accounts WHERE id = 2");
    expect(rows).toEqual([{ balance: "200" }]);
  });

  it("reports a write on green that collides with blue's as a duplicate key", async () => {
    await environment.green.writer.query("INSERT INTO bank.accounts VALUES (3, 1)");
    await environment.blue.writer.query("INSERT INTO bank.accounts VALUES (3, 300)");
    const status = await sqlErrorOnGreen(environment);
    expect(status.sqlError).toMatchObject({ kind: "duplicate-key", code: 1062 });
    await environment.green.writer.query("DELETE FROM bank.accounts WHERE id = 3");
    await startReplication(environment.green.writer, "sql");
    await environment.waitForGreenCatchUp();
  });
});

describe("faults on nodes", () => {
  let environment: StartedBlueGreenEnvironment;
  beforeAll(async () => {
    environment = await new BlueGreenEnvironment(await testEngine()).start();
    await environment.blue.writer.run(["CREATE DATABASE f", "CREATE TABLE f.t (id INT PRIMARY KEY)"]);
  });
  afterAll(async () => environment?.remove());

  it("a green cut from blue's network loses its source and catches up once it is back", async () => {
    await environment.green.writer.disconnectFromNetwork();
    await environment.blue.writer.query("INSERT INTO f.t VALUES (1)");
    const cut = await waitUntil({ what: "green's IO thread to notice the cut", timeoutMs: 30_000 }, async () => {
      const status = await environment.greenReplicationStatus();
      return status.ioError ? { done: true, value: status } : { done: false, state: `IO ${status.ioThread}` };
    });
    expect(cut.ioError!.kind).toBe("source-unreachable");
    await environment.green.writer.reconnectToNetwork();
    await environment.waitForGreenCatchUp(60_000);
    expect(await environment.green.writer.query("SELECT id FROM f.t")).toEqual([{ id: 1 }]);
  });

  it("a killed green writer comes back with its data and resumes replication", async () => {
    await environment.blue.writer.query("INSERT INTO f.t VALUES (2)");
    await environment.waitForGreenCatchUp();
    await environment.green.writer.kill();
    await environment.blue.writer.query("INSERT INTO f.t VALUES (3)");
    await environment.green.writer.startAgain();
    await environment.waitForGreenCatchUp(60_000);
    expect(await environment.green.writer.query("SELECT id FROM f.t ORDER BY id")).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });

  it("a paused blue stalls green without breaking it; unpaused, everything flows again", async () => {
    await environment.blue.writer.pause();
    try {
      const status = await replicationStatus(environment.green.writer);
      expect(status.sqlError).toBeNull();
    } finally {
      await environment.blue.writer.unpause();
    }
    await environment.blue.writer.query("INSERT INTO f.t VALUES (4)");
    await waitForCatchUp(environment.green.writer, environment.blue.writer);
    expect(await environment.green.writer.query("SELECT COUNT(*) AS n FROM f.t")).toEqual([{ n: "4" }]);
  });
});
