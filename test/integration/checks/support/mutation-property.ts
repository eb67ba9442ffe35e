import fc from "fast-check";
import { expect } from "vitest";
import { compareServers, type NormalizedValue } from "../../../../harness/checks/index.ts";
import { compareTable } from "../../../../harness/checks/row-comparison.ts";
import type { StartedMysqlNode } from "../../../../harness/node/started-mysql-node.ts";
import { unlogged } from "../../../../harness/sql/unlogged.ts";

/** The INT / INT UNSIGNED / BIGINT edges where widening and sign conversion go wrong. */
const EDGES = [-(2n ** 31n), 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 63n - 1n] as const;
type Value = bigint | null;

/** Blue keeps the narrow types, green has them widened to signed BIGINT (as after ALL_NON_LOSSY). */
const COLUMNS = [
  { name: "i", blue: "INT", fits: (v: bigint) => v >= -(2n ** 31n) && v < 2n ** 31n },
  { name: "u", blue: "INT UNSIGNED", fits: (v: bigint) => v >= 0n && v < 2n ** 32n },
  { name: "b", blue: "BIGINT", fits: (v: bigint) => v >= -(2n ** 63n) && v < 2n ** 63n },
] as const;

const KEYS = [-(2n ** 31n), -1n, 0n, 1n, 2n, 3n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 63n - 1n];

interface Row {
  id: bigint;
  values: Value[];
}

type Mutation =
  | { side: "blue" | "green"; kind: "change"; row: number; column: number; value: Value }
  | { side: "blue" | "green"; kind: "delete"; row: number }
  | { side: "blue" | "green"; kind: "insert"; id: bigint; values: Value[] };

const valueFor = (columnIndex: number) => fc.constantFrom<Value>(null, ...EDGES.filter((v) => COLUMNS[columnIndex]!.fits(v)));
const rowValues = fc.tuple(valueFor(0), valueFor(1), valueFor(2));
const tableRows = fc.uniqueArray(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 7 }).chain((ids) =>
  fc.tuple(...ids.map((id) => rowValues.map((values): Row => ({ id, values })))),
);

function mutation(rows: Row[]): fc.Arbitrary<Mutation> {
  const side = fc.constantFrom<"blue" | "green">("blue", "green");
  const row = fc.integer({ min: 0, max: rows.length - 1 });
  const unused = KEYS.filter((key) => !rows.some((r) => r.id === key));
  const change = fc
    .tuple(side, row, fc.integer({ min: 0, max: COLUMNS.length - 1 }))
    // A value the mutated side's column can hold (green's BIGINT holds every edge), different from the current one.
    .chain(([s, r, c]) =>
      fc.constantFrom<Value>(null, ...EDGES.filter((v) => (s === "green" ? true : COLUMNS[c]!.fits(v))))
        .filter((v) => v !== rows[r]!.values[c])
        .map((value): Mutation => ({ side: s, kind: "change", row: r, column: c, value })),
    );
  const remove = fc.tuple(side, row).map(([s, r]): Mutation => ({ side: s, kind: "delete", row: r }));
  if (unused.length === 0) return fc.oneof(change, remove);
  const insert = fc.tuple(side, fc.constantFrom(...unused), rowValues).map(([s, id, values]): Mutation => ({ side: s, kind: "insert", id, values }));
  return fc.oneof(change, remove, insert);
}

const literal = (value: Value) => (value === null ? "NULL" : value.toString());
const rowLiteral = (id: bigint, values: Value[]) => `(${[id, ...values].map(literal).join(", ")})`;

function mutationSql(table: string, rows: Row[], m: Mutation): string {
  if (m.kind === "change") return `UPDATE ${table} SET ${COLUMNS[m.column]!.name} = ${literal(m.value)} WHERE id = ${rows[m.row]!.id}`;
  if (m.kind === "delete") return `DELETE FROM ${table} WHERE id = ${rows[m.row]!.id}`;
  return `INSERT INTO ${table} VALUES ${rowLiteral(m.id, m.values)}`;
}

function mutatedKey(rows: Row[], m: Mutation): string {
  return (m.kind === "insert" ? m.id : rows[m.row]!.id).toString();
}

/**
 * For random small tables and one random row mutation on one side, the checker reports exactly the
 * mutated key, as the kind of difference the mutation makes, and agrees with compareTable. Tables are
 * made on each server separately (binary log off), blue narrow, green widened to BIGINT.
 */
export async function mutationsFoundExactly(blue: StartedMysqlNode, green: StartedMysqlNode, runs: number): Promise<void> {
  await Promise.all([blue, green].map((node) => unlogged(node, ["CREATE DATABASE IF NOT EXISTS prop"])));
  let counter = 0;
  await fc.assert(
    fc.asyncProperty(
      tableRows.chain((rows) => fc.tuple(fc.constant(rows), mutation(rows), fc.constantFrom(1, 2, 3, 1000), fc.constantFrom(1, 2, 1000))),
      async ([rows, m, chunkRows, drillDownRows]) => {
        const name = `t${counter++}`;
        const table = `prop.${name}`;
        const insert = `INSERT INTO ${table} VALUES ${rows.map((r) => rowLiteral(r.id, r.values)).join(", ")}`;
        await unlogged(blue, [`CREATE TABLE ${table} (id BIGINT PRIMARY KEY, ${COLUMNS.map((c) => `${c.name} ${c.blue} NULL`).join(", ")})`, insert]);
        await unlogged(green, [`CREATE TABLE ${table} (id BIGINT PRIMARY KEY, ${COLUMNS.map((c) => `${c.name} BIGINT NULL`).join(", ")})`, insert]);
        await unlogged(m.side === "blue" ? blue : green, [mutationSql(table, rows, m)]);

        const report = await compareServers(blue, green, { tables: [{ schema: "prop", table: name }], chunkRows, drillDownRows });
        const reference = await compareTable(blue, green, { schema: "prop", table: name });
        const [check] = report.tables;
        const differences = check!.rowDifferences;
        const expected =
          m.kind === "change" ? "changed" : (m.kind === "delete") === (m.side === "green") ? "missing-on-right" : "extra-on-right";
        expect(report.equal).toBe(false);
        expect(differences.samples.map((s) => [s.kind, s.key.id])).toEqual([[expected, mutatedKey(rows, m)]]);
        expect(differences).toMatchObject({ missingOnRight: reference.missingOnRight, extraOnRight: reference.extraOnRight, changedRows: reference.changedRows });
        expect(reference.samples.map((s) => s.key)).toEqual([mutatedKey(rows, m)]);
        if (m.kind === "change") {
          // compareTable's sample of a changed value is { key, column, left, right }: the same values, normalized in Node.
          const { column, left, right } = reference.samples[0] as { column: string; left: NormalizedValue; right: NormalizedValue };
          expect(differences.samples[0]).toEqual({ kind: "changed", key: { id: mutatedKey(rows, m) }, columns: [{ column, left, right }] });
        }
        await Promise.all([blue, green].map((node) => unlogged(node, [`DROP TABLE ${table}`])));
      },
    ),
    { numRuns: runs },
  );
}
