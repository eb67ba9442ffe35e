import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareServers } from "../../../harness/checks/index.ts";
import { BlueGreenEnvironment } from "../../../harness/environment/blue-green-environment.ts";
import type { StartedBlueGreenEnvironment } from "../../../harness/environment/started-blue-green-environment.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";
import { mariadbEngine } from "../support/test-engine.ts";
import { checksumBlindSpotsCovered, driftFoundWithKeysAndValues, nullEmptyAndTextNullDiffer, otherKeyShapes, typesCompareByValue, widenedColumnCompareEqual } from "./support/checker-cases.ts";
import { mutationsFoundExactly } from "./support/mutation-property.ts";

// The same SQL on MariaDB: CRC32, SHA2, CONV, SUM, CONCAT_WS and CONVERT_TZ behave alike, JSON is
// LONGTEXT, information_schema says int(11).
describe("the consistency checker against a replicating MariaDB blue/green pair", () => {
  let environment: StartedBlueGreenEnvironment;

  beforeAll(async () => {
    const engine = await mariadbEngine();
    expect(engine.dialect.name).toBe("mariadb");
    environment = await new BlueGreenEnvironment(engine).start();
  });
  afterAll(async () => {
    const runId = environment?.runId;
    await environment?.remove();
    if (runId) expect(await resourcesOfRun(runId)).toEqual([]);
  });

  it("finds a widened BIGINT column equal by value and reports the type change", async () => {
    await widenedColumnCompareEqual(environment);
  });

  it("finds a changed value, a missing row and an extra row with keys and both values", async () => {
    await driftFoundWithKeysAndValues(environment);
  });

  it("tells NULL from '' from 'NULL'", async () => {
    await nullEmptyAndTextNullDiffer(environment);
  });

  it("compares values of many types by value", async () => {
    await typesCompareByValue(environment);
  });

  it("handles composite keys, text keys and tables without a key", async () => {
    await otherKeyShapes(environment);
  });

  it("sees values swapped between rows and duplicate rows traded, which cancel in an XOR of CRC32s", async () => {
    await checksumBlindSpotsCovered(environment);
  });

  it("XORs 64 bits of SHA2 (MariaDB has no bit aggregates over binary strings)", async () => {
    const report = await compareServers(environment.blue.writer, environment.green.writer, { schemas: ["widen"] });
    expect(report.tables[0]!.checksum).toBe("xor");
    expect(report.tables[0]!.equal).toBe(true);
  });

  it("reports exactly the mutated key at the INT/BIGINT/UNSIGNED edges, agreeing with compareTable (property)", async () => {
    await mutationsFoundExactly(environment.blue.writer, environment.green.writer, 15);
  });

  it("sees the whole schema by default, system schemas left out", async () => {
    const report = await compareServers(environment.blue.writer, environment.green.writer, { sampleLimit: 0 });
    expect(report.tables.map((t) => t.schema)).not.toContain("mysql");
    expect(report.tables.map((t) => `${t.schema}.${t.table}`)).toEqual(expect.arrayContaining(["widen.t", "drift.t", "kinds.t"]));
    expect(report.tables.every((t) => t.rowDifferences.samples.length === 0)).toBe(true);
  });
});
