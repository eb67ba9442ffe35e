import { expect } from "vitest";
import { compareServers } from "../../../../harness/checks/index.ts";
import type { StartedBlueGreenEnvironment } from "../../../../harness/environment/started-blue-green-environment.ts";
import { unlogged } from "../../../../harness/sql/unlogged.ts";

/**
 * Cases both engines must pass, each in its own schema of one blue/green pair that replicates.
 * Green is changed with its binary log off, as a stray write or a failed conversion would change it.
 */
export async function widenedColumnCompareEqual(environment: StartedBlueGreenEnvironment): Promise<void> {
  const { blue, green } = { blue: environment.blue.writer, green: environment.green.writer };
  await blue.run([
    "CREATE DATABASE widen",
    "CREATE TABLE widen.t (id INT PRIMARY KEY, v INT NOT NULL, note VARCHAR(20) NULL)",
    "INSERT INTO widen.t VALUES (1, -2147483648, 'min'), (2, 2147483647, 'max'), (3, 0, NULL)",
  ]);
  await environment.waitForGreenCatchUp();
  await environment.setTypeConversions("green", "ALL_NON_LOSSY");
  await unlogged(green, ["ALTER TABLE widen.t MODIFY v BIGINT NOT NULL"]);
  await blue.run(["INSERT INTO widen.t VALUES (4, 2147483647, 'after'), (5, -1, '')"]);
  await environment.waitForGreenCatchUp();

  const report = await compareServers(blue, green, { schemas: ["widen"] });
  expect(report.equal, JSON.stringify(report, null, 2)).toBe(true);
  expect(report.tables).toHaveLength(1);
  expect(report.tables[0]).toMatchObject({ leftRows: 5, rightRows: 5, mismatchingChunks: 0, equal: true });
  expect(report.tables[0]!.schemaDifferences).toEqual([{ column: "v", kind: "type", left: "int", right: "bigint" }]);
  expect(report.totals).toMatchObject({ missingOnRight: 0, extraOnRight: 0, changedRows: 0, schemaDifferences: 1 });
}

export async function driftFoundWithKeysAndValues(environment: StartedBlueGreenEnvironment): Promise<void> {
  const { blue, green } = { blue: environment.blue.writer, green: environment.green.writer };
  await blue.run([
    "CREATE DATABASE drift",
    "CREATE TABLE drift.t (id BIGINT PRIMARY KEY, amount INT NOT NULL, note VARCHAR(20) NULL)",
    "INSERT INTO drift.t VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c'), (9007199254740993, 40, 'big')",
  ]);
  await environment.waitForGreenCatchUp();
  await unlogged(green, ["UPDATE drift.t SET amount = 21 WHERE id = 2", "DELETE FROM drift.t WHERE id = 3", "INSERT INTO drift.t VALUES (4, 40, 'd')", "UPDATE drift.t SET note = 'BIG' WHERE id = 9007199254740993"]);

  const report = await compareServers(blue, green, { tables: [{ schema: "drift", table: "t" }] });
  expect(report.equal).toBe(false);
  const [table] = report.tables;
  expect(table).toMatchObject({ leftRows: 4, rightRows: 4, equal: false, rowDifferences: { missingOnRight: 1, extraOnRight: 1, changedRows: 2 } });
  expect(table!.rowDifferences.samples).toEqual([
    { kind: "changed", key: { id: "2" }, columns: [{ column: "amount", left: "20", right: "21" }] },
    { kind: "missing-on-right", key: { id: "3" }, left: { amount: "30", id: "3", note: "c" } },
    { kind: "extra-on-right", key: { id: "4" }, right: { amount: "40", id: "4", note: "d" } },
    // A key above 2^53, exact.
    { kind: "changed", key: { id: "9007199254740993" }, columns: [{ column: "note", left: "big", right: "BIG" }] },
  ]);
}

export async function nullEmptyAndTextNullDiffer(environment: StartedBlueGreenEnvironment): Promise<void> {
  const { blue, green } = { blue: environment.blue.writer, green: environment.green.writer };
  await blue.run([
    "CREATE DATABASE nulls",
    "CREATE TABLE nulls.t (id INT PRIMARY KEY, s VARCHAR(10) NULL, n INT NULL)",
    "INSERT INTO nulls.t VALUES (1, NULL, NULL), (2, '', 0), (3, 'NULL', 1), (4, NULL, NULL), (5, '', 5)",
  ]);
  await environment.waitForGreenCatchUp();
  expect((await compareServers(blue, green, { schemas: ["nulls"] })).equal).toBe(true);
  // NULL -> '', '' -> 'NULL', 'NULL' -> NULL; and two rows swapping NULL and '' between them.
  await unlogged(green, ["UPDATE nulls.t SET s = '' WHERE id = 1", "UPDATE nulls.t SET s = 'NULL' WHERE id = 2", "UPDATE nulls.t SET s = NULL WHERE id = 3", "UPDATE nulls.t SET s = '' WHERE id = 4", "UPDATE nulls.t SET s = NULL WHERE id = 5"]);

  const report = await compareServers(blue, green, { schemas: ["nulls"] });
  expect(report.tables[0]!.rowDifferences.samples).toEqual([
    { kind: "changed", key: { id: "1" }, columns: [{ column: "s", left: null, right: "" }] },
    { kind: "changed", key: { id: "2" }, columns: [{ column: "s", left: "", right: "NULL" }] },
    { kind: "changed", key: { id: "3" }, columns: [{ column: "s", left: "NULL", right: null }] },
    { kind: "changed", key: { id: "4" }, columns: [{ column: "s", left: null, right: "" }] },
    { kind: "changed", key: { id: "5" }, columns: [{ column: "s", left: "", right: null }] },
  ]);
}

/** Values of many types: equal by value through a DECIMAL scale change and a latin1 -> utf8mb4 conversion, then each change found. */
export async function typesCompareByValue(environment: StartedBlueGreenEnvironment): Promise<void> {
  const { blue, green } = { blue: environment.blue.writer, green: environment.green.writer };
  await blue.run([
    "CREATE DATABASE kinds",
    `CREATE TABLE kinds.t (id INT PRIMARY KEY, d DECIMAL(10,2) NULL, ts TIMESTAMP NULL, dt DATETIME(3) NULL, j JSON NULL, b BIT(8) NULL,
       bin VARBINARY(8) NULL, l1 VARCHAR(10) CHARACTER SET latin1 NULL, f DOUBLE NULL, e ENUM('a','b') NULL, y YEAR NULL)`,
    `INSERT INTO kinds.t VALUES (1, 1.50, '2024-01-02 03:04:05', '2024-01-02 03:04:05.123', '{"b": 1, "a": [1, 2]}', b'10100101', 0x00FF, 'café', 0.1, 'b', 2024),
                                 (2, -0.05, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
  ]);
  await environment.waitForGreenCatchUp();
  await environment.setTypeConversions("green", "ALL_NON_LOSSY");
  await unlogged(green, ["ALTER TABLE kinds.t MODIFY d DECIMAL(12,4) NULL, MODIFY l1 VARCHAR(10) CHARACTER SET utf8mb4 NULL"]);
  const equal = await compareServers(blue, green, { schemas: ["kinds"] });
  expect(equal.equal, JSON.stringify(equal.tables[0], null, 2)).toBe(true);
  expect(equal.tables[0]!.schemaDifferences.map((d) => [d.column, d.kind])).toEqual(expect.arrayContaining([["d", "type"], ["l1", "collation"]]));

  await unlogged(green, [
    `UPDATE kinds.t SET d = 1.5001, ts = '2024-01-02 03:04:06', dt = '2024-01-02 03:04:05.124', j = '{"a": [1, 2], "b": 2}', b = b'10100100',
       bin = 0x00FE, l1 = 'cafe', f = 0.2, e = 'a', y = 2025 WHERE id = 1`,
  ]);
  const changed = await compareServers(blue, green, { schemas: ["kinds"] });
  const [sample] = changed.tables[0]!.rowDifferences.samples;
  expect(sample).toMatchObject({ kind: "changed", key: { id: "1" } });
  const columns = sample!.kind === "changed" ? sample!.columns : [];
  expect(Object.fromEntries(columns.map((c) => [c.column, [c.left, c.right]]))).toEqual({
    b: ["165", "164"],
    bin: ["0x00ff", "0x00fe"],
    d: ["1.5", "1.5001"],
    dt: ["2024-01-02 03:04:05.123", "2024-01-02 03:04:05.124"],
    e: ["b", "a"],
    f: ["0.1", "0.2"],
    j: [expect.stringContaining('"b": 1'), expect.stringContaining('"b": 2')],
    l1: ["café", "cafe"],
    ts: ["2024-01-02 03:04:05", "2024-01-02 03:04:06"],
    y: ["2024", "2025"],
  });
}

/** Composite keys (index-walk boundaries), text keys and tables without a key (whole-table, hash buckets). */
export async function otherKeyShapes(environment: StartedBlueGreenEnvironment): Promise<void> {
  const { blue, green } = { blue: environment.blue.writer, green: environment.green.writer };
  await blue.run([
    "CREATE DATABASE shapes",
    "CREATE TABLE shapes.composite (tenant INT NOT NULL, seq INT NOT NULL, v VARCHAR(10), PRIMARY KEY (tenant, seq))",
    "CREATE TABLE shapes.texts (code VARCHAR(10) COLLATE utf8mb4_general_ci PRIMARY KEY, v INT)",
    "CREATE TABLE shapes.nokey (a INT, b VARCHAR(10))",
  ]);
  const composite: string[] = [];
  const texts: string[] = [];
  const nokey: string[] = [];
  for (let i = 0; i < 200; i++) {
    composite.push(`(${i % 7}, ${i}, 'v${i}')`);
    texts.push(`('${i % 2 ? "K" : "k"}${i}', ${i})`);
    nokey.push(`(${i % 10}, 'x${i % 3}')`);
  }
  await blue.run([`INSERT INTO shapes.composite VALUES ${composite.join(", ")}`, `INSERT INTO shapes.texts VALUES ${texts.join(", ")}`, `INSERT INTO shapes.nokey VALUES ${nokey.join(", ")}`]);
  await environment.waitForGreenCatchUp();
  const options = { schemas: ["shapes"], chunkRows: 16, drillDownRows: 5 };
  const same = await compareServers(blue, green, options);
  expect(same.equal, JSON.stringify(same, null, 2)).toBe(true);
  expect(same.tables.map((t) => [t.table, t.chunking.method])).toEqual([
    ["composite", "primary-key-ranges"],
    ["nokey", "whole-table"],
    ["texts", "whole-table"],
  ]);
  expect(same.tables[0]!.chunking).toMatchObject({ boundaries: "index-walk" });

  await unlogged(green, [
    "UPDATE shapes.composite SET v = 'changed' WHERE tenant = 3 AND seq = 101",
    "DELETE FROM shapes.composite WHERE tenant = 6 AND seq = 6",
    "UPDATE shapes.texts SET v = -1 WHERE code = 'K41'",
    "UPDATE shapes.nokey SET b = 'y' WHERE a = 4 AND b = 'x1' LIMIT 1",
  ]);
  const report = await compareServers(blue, green, options);
  const [compositeCheck, nokeyCheck, textsCheck] = report.tables;
  expect(compositeCheck!.rowDifferences.samples).toEqual([
    { kind: "changed", key: { seq: "101", tenant: "3" }, columns: [{ column: "v", left: "v101", right: "changed" }] },
    { kind: "missing-on-right", key: { seq: "6", tenant: "6" }, left: { seq: "6", tenant: "6", v: "v6" } },
  ]);
  expect(textsCheck!.rowDifferences.samples).toEqual([{ kind: "changed", key: { code: "K41" }, columns: [{ column: "v", left: "41", right: "-1" }] }]);
  // Without a key a changed row is one row gone and one row new.
  expect(nokeyCheck!.rowDifferences).toMatchObject({ missingOnRight: 1, extraOnRight: 1, changedRows: 0 });
  expect(nokeyCheck!.rowDifferences.samples).toEqual(
    expect.arrayContaining([
      { kind: "missing-on-right", key: { a: "4", b: "x1" }, left: { a: "4", b: "x1" } },
      { kind: "extra-on-right", key: { a: "4", b: "y" }, right: { a: "4", b: "y" } },
    ]),
  );
}

/**
 * Changes that cancel out in a BIT_XOR of CRC32s (pt-table-checksum's default): values swapped between two
 * rows, and duplicate rows traded in a table without a key. Both must be seen.
 */
export async function checksumBlindSpotsCovered(environment: StartedBlueGreenEnvironment): Promise<void> {
  const { blue, green } = { blue: environment.blue.writer, green: environment.green.writer };
  await blue.run([
    "CREATE DATABASE blind",
    "CREATE TABLE blind.swapped (id INT PRIMARY KEY, v CHAR(1) NOT NULL)",
    "INSERT INTO blind.swapped VALUES (10, 'x'), (11, 'y'), (12, 'z')",
    "CREATE TABLE blind.log (a INT NOT NULL, b CHAR(1) NOT NULL)",
    "INSERT INTO blind.log VALUES (1, 'a'), (1, 'a'), (2, 'b')",
  ]);
  await environment.waitForGreenCatchUp();
  await unlogged(green, ["UPDATE blind.swapped SET v = IF(id = 10, 'y', 'x') WHERE id IN (10, 11)", "DELETE FROM blind.log WHERE a = 1", "INSERT INTO blind.log VALUES (3, 'c'), (3, 'c')"]);
  const report = await compareServers(blue, green, { schemas: ["blind"] });
  const [log, swapped] = report.tables;
  expect(log).toMatchObject({ table: "log", checksum: "sum", leftRows: 3, rightRows: 3, rowDifferences: { missingOnRight: 2, extraOnRight: 2, changedRows: 0 } });
  expect(swapped).toMatchObject({ table: "swapped", rowDifferences: { changedRows: 2 } });
  expect(swapped!.rowDifferences.samples).toEqual([
    { kind: "changed", key: { id: "10" }, columns: [{ column: "v", left: "x", right: "y" }] },
    { kind: "changed", key: { id: "11" }, columns: [{ column: "v", left: "y", right: "x" }] },
  ]);
}
