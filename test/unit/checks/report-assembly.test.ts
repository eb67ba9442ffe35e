import { describe, expect, it } from "vitest";
import type { TableSchemaComparison } from "../../../harness/checks/check-report.ts";
import { totalsOf } from "../../../harness/checks/consistency-checker.ts";
import { DifferenceTally } from "../../../harness/checks/difference-tally.ts";
import { diffLeafRows, type NormalizedRow } from "../../../harness/checks/row-diff.ts";
import { comparableType, compareTableShape, compareTableShapes } from "../../../harness/checks/schema-comparison.ts";
import { checkTable } from "../../../harness/checks/table-checker.ts";
import { planTable } from "../../../harness/checks/table-plan.ts";
import { FakeTableServer, type FakeRow } from "./support/fake-table-server.ts";
import { column, table } from "./support/shapes.ts";

const bytes = (...values: Array<string | null>): NormalizedRow => values.map((v) => (v === null ? null : Buffer.from(v)));

describe("schema comparison", () => {
  it("reports type changes with both types, columns on one side, nullability, and tables on one side", () => {
    const blue = [
      table("orders", [column("id", "int"), column("qty", "int unsigned"), column("note", "varchar(10)", { nullable: true }), column("legacy", "int")]),
      table("gone", [column("id", "int")]),
    ];
    const green = [
      table("orders", [column("id", "bigint"), column("qty", "bigint"), column("note", "varchar(10)"), column("added", "json")]),
      table("fresh", [column("id", "int")]),
    ];
    const comparison = compareTableShapes(blue, green);
    expect(comparison.tablesOnlyOnLeft).toEqual([{ schema: "app", table: "gone" }]);
    expect(comparison.tablesOnlyOnRight).toEqual([{ schema: "app", table: "fresh" }]);
    expect(comparison.equal).toBe(false);
    expect(comparison.tables[0]!.columns).toEqual([
      { column: "id", kind: "type", left: "int", right: "bigint" },
      { column: "qty", kind: "type", left: "int unsigned", right: "bigint" },
      { column: "note", kind: "nullability", left: "NULL", right: "NOT NULL" },
      { column: "legacy", kind: "only-on-left", left: "int", right: null },
      { column: "added", kind: "only-on-right", left: null, right: "json" },
    ]);
  });

  it("ignores integer display widths (MariaDB's int(11) is MySQL 8's int) but not signedness", () => {
    expect(comparableType("int(11)")).toBe("int");
    expect(comparableType("int(10) unsigned")).toBe("int unsigned");
    expect(comparableType("bigint(20) unsigned zerofill")).toBe("bigint unsigned zerofill");
    expect(comparableType("decimal(10,2)")).toBe("decimal(10,2)");
    const mariadb = table("t", [column("id", "int(11)")]);
    const mysql = table("t", [column("id", "int")]);
    expect(compareTableShape(mariadb, mysql).columns).toEqual([]);
  });

  it("reports a changed primary key", () => {
    expect(compareTableShape(table("t", [column("id", "int"), column("k", "int")]), table("t", [column("id", "int"), column("k", "int")], ["id", "k"])).primaryKey).toEqual({
      left: ["id"],
      right: ["id", "k"],
    });
  });
});

describe("table plans", () => {
  it("chunks by an integer first key column on both sides, even when one side widened it", () => {
    const plan = planTable(table("t", [column("id", "int unsigned"), column("v", "int")]), table("t", [column("id", "bigint"), column("v", "bigint")]));
    expect(plan.chunking).toEqual({ method: "primary-key-ranges", column: "id", boundaries: "arithmetic", keyColumns: ["id"] });
    expect(plan.keyed).toBe(true);
  });

  it("falls back to a whole-table checksum, saying why, for text keys and tables without a key", () => {
    const text = planTable(table("t", [column("code", "varchar(8)")], ["code"]), table("t", [column("code", "varchar(8)")], ["code"]));
    expect(text.chunking).toMatchObject({ method: "whole-table", keyColumns: ["code"] });
    expect(text.chunking.method === "whole-table" && text.chunking.reason).toContain("not an integer");
    const none = planTable(table("t", [column("a", "int"), column("b", "int")], []), table("t", [column("a", "int"), column("b", "int")], []));
    expect(none).toMatchObject({ keyed: false, keyIndexes: [0, 1], chunking: { method: "whole-table", keyColumns: ["a", "b"] } });
  });
});

describe("row differences", () => {
  const plan = planTable(
    table("t", [column("id", "int"), column("v", "int unsigned", { nullable: true }), column("b", "varbinary(4)", { nullable: true })]),
    table("t", [column("id", "bigint"), column("v", "bigint", { nullable: true }), column("b", "varbinary(4)", { nullable: true })]),
  );
  // Plan columns are in name order: b, id, v.

  it("matches rows by key and reports missing, extra and changed rows with both values", () => {
    const left = [bytes("a", "1", "3000000000"), bytes(null, "2", "5"), bytes(null, "4", null)];
    const right = [bytes("a", "1", "-1294967296"), bytes(null, "3", "5"), bytes(null, "4", "")];
    const tally = new DifferenceTally(plan, 10);
    tally.add(diffLeafRows(plan, left, right));
    expect(tally.differences).toEqual({
      missingOnRight: 1,
      extraOnRight: 1,
      changedRows: 2,
      samples: [
        { kind: "changed", key: { id: "1" }, columns: [{ column: "v", left: "3000000000", right: "-1294967296" }] },
        { kind: "missing-on-right", key: { id: "2" }, left: { b: null, id: "2", v: "5" } },
        { kind: "extra-on-right", key: { id: "3" }, right: { b: null, id: "3", v: "5" } },
        // NULL and the empty string are different values.
        { kind: "changed", key: { id: "4" }, columns: [{ column: "v", left: null, right: "" }] },
      ],
    });
    expect(tally.total).toBe(4);
  });

  it("shows binary values as hex and keeps only the first samples, counting everything", () => {
    const left = Array.from({ length: 30 }, (_, i) => bytes("\x00\xff", String(i), "1"));
    const right = Array.from({ length: 30 }, (_, i) => bytes("\x00\xfe", String(i), "1"));
    const tally = new DifferenceTally(plan, 3);
    tally.add(diffLeafRows(plan, left, right));
    expect(tally.differences.changedRows).toBe(30);
    expect(tally.differences.samples).toHaveLength(3);
    expect(tally.differences.samples[0]).toEqual({ kind: "changed", key: { id: "0" }, columns: [{ column: "b", left: "0x00c3bf", right: "0x00c3be" }] });
  });

  it("matches rows of a table without a key as multisets", () => {
    const unkeyed = planTable(table("t", [column("a", "int"), column("b", "int")], []), table("t", [column("a", "int"), column("b", "int")], []));
    const differences = diffLeafRows(unkeyed, [bytes("1", "1"), bytes("1", "1"), bytes("2", "2")], [bytes("1", "1"), bytes("2", "3")]);
    expect(differences.missingOnRight).toEqual([bytes("1", "1"), bytes("2", "2")]);
    expect(differences.extraOnRight).toEqual([bytes("2", "3")]);
    expect(differences.changed).toEqual([]);
  });
});

describe("a table check's report", () => {
  const shape = table("t", [column("id", "int"), column("v", "varchar(10)", { nullable: true })]);
  const plan = planTable(shape, shape);
  const noSchemaDifferences: TableSchemaComparison = { schema: "app", table: "t", columns: [] };
  const rows = (count: number): FakeRow[] => Array.from({ length: count }, (_, i) => ({ id: String(i + 1), v: `value ${i + 1}` }));

  it("finds each difference in its chunk, drilling down by key hash to a few rows, as plain JSON", async () => {
    const blue = rows(1000);
    const green = rows(1000).filter((row) => row.id !== "500");
    green.find((row) => row.id === "77")!.v = null;
    green.push({ id: "5000", v: "late" });
    const left = new FakeTableServer(plan, blue);
    const right = new FakeTableServer(plan, green);
    const check = await checkTable(left, right, plan, noSchemaDifferences, { chunkRows: 100, drillDownRows: 8, sampleLimit: 10 });
    expect(check).toMatchObject({ leftRows: 1000, rightRows: 1000, chunks: 10, mismatchingChunks: 3, unsettledChunks: 0, equal: false });
    expect(check.chunking).toEqual({ method: "primary-key-ranges", column: "id", boundaries: "arithmetic", keyColumns: ["id"] });
    expect(check.chunkSamples.map((c) => [c.from, c.to, c.leftRows, c.rightRows])).toEqual([
      [null, "101", 100, 100],
      ["401", "501", 100, 99],
      ["901", null, 100, 101],
    ]);
    expect(check.rowDifferences).toEqual({
      missingOnRight: 1,
      extraOnRight: 1,
      changedRows: 1,
      samples: [
        { kind: "changed", key: { id: "77" }, columns: [{ column: "v", left: "value 77", right: null }] },
        { kind: "missing-on-right", key: { id: "500" }, left: { id: "500", v: "value 500" } },
        { kind: "extra-on-right", key: { id: "5000" }, right: { id: "5000", v: "late" } },
      ],
    });
    // Only the differing buckets were fetched: far fewer rows than the 300 of the three chunks.
    expect(left.statements.filter((sql) => /AS bucket/.test(sql))).toHaveLength(3);
    expect(left.statements.filter((sql) => / AS c0/.test(sql)).length).toBeGreaterThanOrEqual(3);
    expect(JSON.parse(JSON.stringify(check))).toEqual(check);
  });

  it("counts a chunk whose rows turn out equal as unsettled, and not equal", async () => {
    const left = new FakeTableServer(plan, rows(10));
    const right = new FakeTableServer(plan, rows(10));
    // The right server answers the chunk checksum with a stale count, as if a write landed meanwhile.
    const stale = { query: async (sql: string) => (/AS row_count/.test(sql) && !/AS bucket/.test(sql) ? [{ row_count: "9", checksum: "1" }] : right.query(sql)) };
    const check = await checkTable(left, stale, plan, noSchemaDifferences, { chunkRows: 100, drillDownRows: 100, sampleLimit: 10 });
    expect(check).toMatchObject({ mismatchingChunks: 1, unsettledChunks: 1, equal: false, rowDifferences: { missingOnRight: 0, extraOnRight: 0, changedRows: 0 } });
  });

  it("treats a column on one side only as a difference, and type changes alone as none", async () => {
    const same = new FakeTableServer(plan, rows(5));
    const widened: TableSchemaComparison = { schema: "app", table: "t", columns: [{ column: "id", kind: "type", left: "int", right: "bigint" }] };
    expect((await checkTable(same, same, plan, widened, { chunkRows: 10, drillDownRows: 10, sampleLimit: 10 })).equal).toBe(true);
    const dropped: TableSchemaComparison = { schema: "app", table: "t", columns: [{ column: "old", kind: "only-on-left", left: "int", right: null }] };
    const check = await checkTable(same, same, plan, dropped, { chunkRows: 10, drillDownRows: 10, sampleLimit: 10 });
    expect(check.equal).toBe(false);
    expect(totalsOf([check, check])).toMatchObject({ tables: 2, leftRows: 10, rightRows: 10, chunks: 2, mismatchingChunks: 0, schemaDifferences: 2 });
  });

  it("compares only row counts of a table that has no column on both sides, and calls it unequal", async () => {
    const renamed = planTable(table("t", [column("id", "int")]), table("t", [column("key", "int")], ["key"]));
    const server = new FakeTableServer(renamed, [{ id: "1" }, { id: "2" }]);
    const differences: TableSchemaComparison = {
      schema: "app",
      table: "t",
      columns: [
        { column: "id", kind: "only-on-left", left: "int", right: null },
        { column: "key", kind: "only-on-right", left: null, right: "int" },
      ],
    };
    const check = await checkTable(server, server, renamed, differences, { chunkRows: 10, drillDownRows: 10, sampleLimit: 10 });
    expect(check).toMatchObject({ comparedColumns: [], leftRows: 2, rightRows: 2, chunks: 0, equal: false, chunking: { method: "whole-table" } });
  });
});
