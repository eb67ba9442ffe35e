import { HarnessError } from "../errors/harness-error.ts";
import { sqlIdentifier, sqlTable } from "../sql/sql-literal.ts";
import type { SqlRow, SqlRunner } from "../sql/sql-runner.ts";
import { compareKeys, normalizeValue, type NormalizedValue } from "./normalize-value.ts";

export interface TableRef {
  schema: string;
  table: string;
}

export interface ValueDifference {
  key: NormalizedValue;
  column: string;
  left: NormalizedValue;
  right: NormalizedValue;
}

export interface TableComparison {
  table: string;
  leftRows: number;
  rightRows: number;
  /** Keys on the left only (lost on the right). */
  missingOnRight: number;
  /** Keys on the right only. */
  extraOnRight: number;
  changedRows: number;
  /** The first differences found, with key and both values, for a person to look at. */
  samples: Array<ValueDifference | { key: NormalizedValue; side: "left-only" | "right-only" }>;
  equal: boolean;
}

const PAGE = 5000;
const MAX_SAMPLES = 10;

/**
 * Compares every row of one table on two servers, walking both in primary-key order one page at a
 * time (memory stays flat whatever the table size), with values normalized so that an INT on one side
 * equals the same number as a BIGINT on the other. The chunked checksum checker (issue 4) will replace
 * this for large tables; this is the exact, row-by-row reference it must agree with.
 */
export async function compareTable(left: SqlRunner, right: SqlRunner, ref: TableRef): Promise<TableComparison> {
  const key = await primaryKeyColumn(left, ref);
  const result: TableComparison = { table: `${ref.schema}.${ref.table}`, leftRows: 0, rightRows: 0, missingOnRight: 0, extraOnRight: 0, changedRows: 0, samples: [], equal: true };
  const leftPages = pages(left, ref, key);
  const rightPages = pages(right, ref, key);
  let l = await leftPages.next();
  let r = await rightPages.next();
  const sample = (entry: TableComparison["samples"][number]) => result.samples.length < MAX_SAMPLES && result.samples.push(entry);
  while (!l.done || !r.done) {
    const order = l.done ? 1 : r.done ? -1 : compareKeys(l.value.key, r.value.key);
    if (order < 0) {
      result.leftRows++;
      result.missingOnRight++;
      sample({ key: l.value!.key, side: "left-only" });
      l = await leftPages.next();
    } else if (order > 0) {
      result.rightRows++;
      result.extraOnRight++;
      sample({ key: r.value!.key, side: "right-only" });
      r = await rightPages.next();
    } else {
      result.leftRows++;
      result.rightRows++;
      let changed = false;
      for (const column of Object.keys(l.value!.row)) {
        const a = normalizeValue(l.value!.row[column]);
        const b = normalizeValue(r.value!.row[column]);
        if (a !== b) {
          changed = true;
          sample({ key: l.value!.key, column, left: a, right: b });
        }
      }
      if (changed) result.changedRows++;
      l = await leftPages.next();
      r = await rightPages.next();
    }
  }
  result.equal = result.missingOnRight === 0 && result.extraOnRight === 0 && result.changedRows === 0;
  return result;
}

async function* pages(runner: SqlRunner, ref: TableRef, key: string): AsyncGenerator<{ key: NormalizedValue; row: SqlRow }> {
  const table = `${sqlTable(ref.schema, ref.table)}`;
  const column = sqlIdentifier(key);
  const selected = await selectList(runner, ref);
  let after: unknown = undefined;
  for (;;) {
    const rows: SqlRow[] = after === undefined
      ? await runner.query(`SELECT ${selected} FROM ${table} ORDER BY ${column} LIMIT ${PAGE}`)
      : await runner.query(`SELECT ${selected} FROM ${table} WHERE ${column} > ? ORDER BY ${column} LIMIT ${PAGE}`, [after]);
    for (const row of rows) yield { key: normalizeValue(row[key]), row };
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]![key];
  }
}

/**
 * Every column of the table on this server, JSON ones read as their text: mysql2 parses a JSON column
 * and gives the JSON literal null as JavaScript null, which would compare equal to SQL NULL.
 */
async function selectList(runner: SqlRunner, ref: TableRef): Promise<string> {
  const rows = await runner.query(
    "SELECT COLUMN_NAME AS name, DATA_TYPE AS type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
    [ref.schema, ref.table],
  );
  if (rows.length === 0) return "*";
  return rows
    .map((row) => {
      const name = sqlIdentifier(String(row.name));
      return String(row.type).toLowerCase() === "json" ? `CAST(${name} AS CHAR) AS ${name}` : name;
    })
    .join(", ");
}

async function primaryKeyColumn(runner: SqlRunner, ref: TableRef): Promise<string> {
  const rows = await runner.query(
    "SELECT COLUMN_NAME AS name FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION",
    [ref.schema, ref.table],
  );
  if (rows.length !== 1) {
    throw new HarnessError({
      what: `comparing ${ref.schema}.${ref.table}`,
      cause: rows.length === 0 ? "the table has no primary key" : "the primary key has several columns, which this comparison does not walk yet",
      fix: "compare tables with a single-column primary key, or add one",
    });
  }
  return String(rows[0]!.name);
}

/** The column types of a table, for showing what green changed. */
export async function columnTypes(runner: SqlRunner, ref: TableRef): Promise<Record<string, string>> {
  const rows = await runner.query(
    "SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
    [ref.schema, ref.table],
  );
  return Object.fromEntries(rows.map((row) => [String(row.name), String(row.type)]));
}
