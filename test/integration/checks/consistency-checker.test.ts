import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareServers } from "../../../harness/checks/index.ts";
import { BlueGreenEnvironment } from "../../../harness/environment/blue-green-environment.ts";
import type { StartedBlueGreenEnvironment } from "../../../harness/environment/started-blue-green-environment.ts";
import { describeStatus, isHealthy } from "../../../harness/replication/replication-status.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";
import { testEngine } from "../support/test-engine.ts";
import { checksumBlindSpotsCovered, driftFoundWithKeysAndValues, nullEmptyAndTextNullDiffer, otherKeyShapes, typesCompareByValue, widenedColumnCompareEqual } from "./support/checker-cases.ts";
import { mutationsFoundExactly } from "./support/mutation-property.ts";
import { unlogged } from "../../../harness/sql/unlogged.ts";

describe("the consistency checker against a replicating MySQL blue/green pair", () => {
  let environment: StartedBlueGreenEnvironment;

  beforeAll(async () => {
    environment = await new BlueGreenEnvironment(await testEngine()).start();
  });
  afterAll(async () => {
    const runId = environment?.runId;
    await environment?.remove();
    if (runId) expect(await resourcesOfRun(runId)).toEqual([]);
  });

  it("finds a widened BIGINT column on green equal by value to blue's INT, and reports the type change", async () => {
    await widenedColumnCompareEqual(environment);
  });

  it("finds a changed value, a missing row and an extra row, each with its key and both values", async () => {
    await driftFoundWithKeysAndValues(environment);
  });

  it("tells NULL from '' from 'NULL'", async () => {
    await nullEmptyAndTextNullDiffer(environment);
  });

  it("compares DECIMAL, TIMESTAMP, JSON, BIT, binary, latin1 text and more by value", async () => {
    await typesCompareByValue(environment);
  });

  it("handles composite keys, text keys and tables without a key", async () => {
    await otherKeyShapes(environment);
  });

  it("sees values swapped between rows and duplicate rows traded, which cancel in an XOR of CRC32s", async () => {
    await checksumBlindSpotsCovered(environment);
  });

  it("XORs all 256 bits of SHA2 on MySQL 8.0+", async () => {
    const report = await compareServers(environment.blue.writer, environment.green.writer, { schemas: ["widen"] });
    expect(report.tables[0]!.checksum).toBe("binary-xor");
    expect(report.tables[0]!.equal).toBe(true);
  });

  it("catches INT UNSIGNED values wrapped by ALL_NON_LOSSY into green's signed BIGINT while replication is healthy", async () => {
    const { blue, green } = { blue: environment.blue.writer, green: environment.green.writer };
    await blue.run(["CREATE DATABASE counters", "CREATE TABLE counters.hits (id INT PRIMARY KEY, hits INT UNSIGNED NOT NULL)", "INSERT INTO counters.hits VALUES (1, 5)"]);
    await environment.waitForGreenCatchUp();
    await environment.setTypeConversions("green", "ALL_NON_LOSSY");
    await unlogged(green, ["ALTER TABLE counters.hits MODIFY hits BIGINT NOT NULL"]);
    await blue.run(["INSERT INTO counters.hits VALUES (2, 3000000000), (3, 4294967295), (4, 2147483647)"]);
    await environment.waitForGreenCatchUp();
    const status = await environment.greenReplicationStatus();
    expect(isHealthy(status), describeStatus(status)).toBe(true);

    const report = await compareServers(blue, green, { schemas: ["counters"] });
    expect(report.equal).toBe(false);
    const [table] = report.tables;
    expect(table!.schemaDifferences).toEqual([{ column: "hits", kind: "type", left: "int unsigned", right: "bigint" }]);
    expect(table).toMatchObject({ leftRows: 4, rightRows: 4, rowDifferences: { missingOnRight: 0, extraOnRight: 0, changedRows: 2 } });
    expect(table!.rowDifferences.samples).toEqual([
      { kind: "changed", key: { id: "2" }, columns: [{ column: "hits", left: "3000000000", right: "-1294967296" }] },
      { kind: "changed", key: { id: "3" }, columns: [{ column: "hits", left: "4294967295", right: "-1" }] },
    ]);
  });

  it("checks thousands of rows in many chunks and drills down to exactly the rows that differ", async () => {
    const { blue, green } = { blue: environment.blue.writer, green: environment.green.writer };
    await blue.run([
      "CREATE DATABASE bulk",
      "CREATE TABLE bulk.t (id INT PRIMARY KEY, v BIGINT NOT NULL, s VARCHAR(30) NOT NULL)",
      "SET SESSION cte_max_recursion_depth = 10000",
      "INSERT INTO bulk.t WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) SELECT i * 3, i * 1000003, CONCAT('row ', i) FROM n",
    ]);
    await environment.waitForGreenCatchUp();
    await unlogged(green, ["UPDATE bulk.t SET v = v + 1 WHERE id IN (3, 7500, 15000)", "DELETE FROM bulk.t WHERE id = 9999", "INSERT INTO bulk.t VALUES (10000, 0, 'new'), (20000, 0, 'past the end')"]);
    const report = await compareServers(blue, green, { schemas: ["bulk"], chunkRows: 250, drillDownRows: 20 });
    const [table] = report.tables;
    expect(table).toMatchObject({ leftRows: 5000, rightRows: 5001, chunks: 20, mismatchingChunks: 4, unsettledChunks: 0 });
    expect(table!.chunking).toMatchObject({ method: "primary-key-ranges", boundaries: "index-walk" });
    expect(table!.rowDifferences).toMatchObject({ missingOnRight: 1, extraOnRight: 2, changedRows: 3 });
    expect(table!.rowDifferences.samples.map((s) => [s.kind, s.key.id])).toEqual([
      ["changed", "3"],
      ["changed", "7500"],
      ["missing-on-right", "9999"],
      ["extra-on-right", "10000"],
      ["changed", "15000"],
      ["extra-on-right", "20000"],
    ]);
  });

  it("reports exactly the mutated key of random tables at the INT/BIGINT/UNSIGNED edges, agreeing with compareTable (property)", async () => {
    await mutationsFoundExactly(environment.blue.writer, environment.green.writer, 40);
  });
});
