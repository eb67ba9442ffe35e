import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareTable } from "../../harness/checks/row-comparison.ts";
import { BlueGreenEnvironment } from "../../harness/environment/blue-green-environment.ts";
import type { StartedBlueGreenEnvironment } from "../../harness/environment/started-blue-green-environment.ts";
import { dockerApi } from "../../harness/docker/docker-client.ts";
import { LABEL } from "../../harness/lifecycle/labels.ts";
import { waitForCatchUp } from "../../harness/replication/catch-up.ts";
import { gtidExecuted, replicationStatus } from "../../harness/replication/replication-control.ts";
import { resourcesOfRun } from "./support/containers-of-run.ts";
import { testEngine } from "./support/test-engine.ts";

describe("a blue/green environment with readers, replicating by file and position", () => {
  let environment: StartedBlueGreenEnvironment;

  beforeAll(async () => {
    environment = await new BlueGreenEnvironment(await testEngine()).withReaders().withReplicationMode("file-position").start();
  });
  afterAll(async () => {
    const runId = environment?.runId;
    await environment?.remove();
    if (runId) expect(await resourcesOfRun(runId)).toEqual([]);
  });

  it("gives every node a unique server id and server_uuid, labelled with the run", async () => {
    const nodes = environment.nodes();
    expect(nodes.map((node) => node.name).sort()).toEqual(["blue-reader", "blue-writer", "green-reader", "green-writer"]);
    const identities = await Promise.all(nodes.map(async (node) => (await node.query("SELECT @@server_id AS id, @@server_uuid AS uuid"))[0]!));
    expect(new Set(identities.map((row) => String(row.id))).size).toBe(4);
    expect(new Set(identities.map((row) => String(row.uuid))).size).toBe(4);
    const docker = await dockerApi();
    for (const node of nodes) {
      const info = await docker.getContainer(node.containerId).inspect();
      expect(info.Config.Labels[LABEL.runId]).toBe(environment.runId);
    }
  });

  it("runs Aurora-like settings: row-based binary logs named like Aurora's, GTIDs on", async () => {
    const [row] = await environment.blue.writer.query("SELECT @@binlog_format AS format, @@log_bin_basename AS base, @@gtid_mode AS gtid");
    expect(row).toMatchObject({ format: "ROW", gtid: "ON" });
    expect(String(row!.base)).toMatch(/mysql-bin-changelog$/);
  });

  it("replicates blue's writes to green's writer and on to green's reader, from the copy point by file and position", async () => {
    const status = await environment.greenReplicationStatus();
    expect(status.autoPosition).toBe(false);
    expect(status.source).toEqual({ host: "blue-writer", port: 3306 });
    await environment.blue.writer.run([
      "CREATE DATABASE shop",
      "CREATE TABLE shop.orders (id BIGINT PRIMARY KEY, amount INT NOT NULL)",
      "INSERT INTO shop.orders VALUES (1, 10), (2, 20), (9007199254740993, -5)",
    ]);
    await environment.waitForGreenCatchUp();
    await waitForCatchUp(environment.green.reader!, environment.green.writer);
    await waitForCatchUp(environment.blue.reader!, environment.blue.writer);
    for (const node of [environment.green.writer, environment.green.reader!, environment.blue.reader!]) {
      const comparison = await compareTable(environment.blue.writer, node, { schema: "shop", table: "orders" });
      expect(comparison, node.name).toMatchObject({ equal: true, leftRows: 3, rightRows: 3 });
    }
    // A key above 2^53 arrives exactly: the comparison would be meaningless with JS numbers.
    const [big] = await environment.green.reader!.query("SELECT id FROM shop.orders WHERE amount = -5");
    expect(big!.id).toBe("9007199254740993");
  });

  it("keeps green's GTIDs a superset of blue's (green has applied everything blue committed)", async () => {
    await environment.waitForGreenCatchUp();
    const blue = await gtidExecuted(environment.blue.writer);
    const green = await gtidExecuted(environment.green.writer);
    expect(blue).not.toBe("");
    expect(green).toContain(blue.split(":")[0]);
  });

  it("shows where green diverges: a changed value, a missing row, an extra row, with keys and both values", async () => {
    await environment.blue.writer.run(["CREATE TABLE shop.audit (id INT PRIMARY KEY, note VARCHAR(20))", "INSERT INTO shop.audit VALUES (1,'a'),(2,'b'),(3,'c')"]);
    await environment.waitForGreenCatchUp();
    // Changes made on green only (binary log off), as a stray write on green would.
    await environment.green.writer.run(["SET SESSION sql_log_bin = 0", "UPDATE shop.audit SET note = 'B' WHERE id = 2", "DELETE FROM shop.audit WHERE id = 3", "INSERT INTO shop.audit VALUES (4, 'd')", "SET SESSION sql_log_bin = 1"]);
    const comparison = await compareTable(environment.blue.writer, environment.green.writer, { schema: "shop", table: "audit" });
    expect(comparison).toMatchObject({ equal: false, changedRows: 1, missingOnRight: 1, extraOnRight: 1, leftRows: 3, rightRows: 3 });
    expect(comparison.samples).toEqual([
      { key: "2", column: "note", left: "b", right: "B" },
      { key: "3", side: "left-only" },
      { key: "4", side: "right-only" },
    ]);
  });

  it("sets replica_type_conversions per environment at run time", async () => {
    await environment.setTypeConversions("green", "ALL_NON_LOSSY");
    const variable = environment.engine.dialect.typeConversionsVariable;
    const [green] = await environment.green.writer.query(`SELECT @@GLOBAL.${variable} AS value`);
    const [blue] = await environment.blue.writer.query(`SELECT @@GLOBAL.${variable} AS value`);
    expect(green!.value).toBe("ALL_NON_LOSSY");
    expect(blue!.value).toBe("");
    const status = await replicationStatus(environment.green.writer);
    expect(status.ioThread).toBe("running");
  });
});
