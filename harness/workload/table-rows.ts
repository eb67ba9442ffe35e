import type { NormalizedValue } from "../checks/normalize-value.ts";
import type { ColumnModel, TableModel } from "../schema/schema-model.ts";
import { sqlIdentifier, sqlTable } from "../sql/sql-literal.ts";
import type { SqlRow, SqlRunner } from "../sql/sql-runner.ts";
import { imageValue } from "./row-image.ts";

export interface ReadRow {
  /** Primary key values as the server returned them: usable as statement parameters. */
  rawKey: unknown[];
  /** Primary key, normalized, as the ledger names the row. */
  key: string;
  /** The ledgered columns' values, normalized, as one text. */
  image: string;
}

const PAGE = 20_000;

/**
 * Every row of a table, walked in primary-key order one page at a time (composite keys by row
 * comparison), reduced to its key and row image. The session must run with time_zone '+00:00' for
 * TIMESTAMP columns to read as they were written (the callers set it).
 */
export async function readTableRows(runner: SqlRunner, table: TableModel, columns: ColumnModel[], onRow: (row: ReadRow) => void): Promise<void> {
  const keyColumns = table.primaryKey.map((name) => table.columns.find((column) => column.name === name)!);
  const selected = [...keyColumns.map((c, i) => `${sqlIdentifier(c.name)} AS k${i}`), ...columns.map((c, i) => `${selectable(c)} AS v${i}`)].join(", ");
  const order = keyColumns.map((c) => sqlIdentifier(c.name)).join(", ");
  const tuple = keyColumns.length === 1 ? order : `(${order})`;
  const placeholder = keyColumns.length === 1 ? "?" : `(${keyColumns.map(() => "?").join(", ")})`;
  const page = (after: unknown[] | undefined) =>
    runner.query(
      `SELECT ${selected} FROM ${sqlTable(table.schema, table.table)}${after ? ` WHERE ${tuple} > ${placeholder}` : ""} ORDER BY ${order} LIMIT ${PAGE}`,
      after ?? [],
    );
  let pending: Promise<SqlRow[]> | undefined = page(undefined);
  while (pending) {
    const rows: SqlRow[] = await pending;
    // The next page is asked for before this one is normalized: the server reads while Node works.
    pending = rows.length < PAGE ? undefined : page(keyColumns.map((_, i) => rows.at(-1)![`k${i}`]));
    pending?.catch(() => undefined);
    for (const row of rows) {
      const rawKey = keyColumns.map((_, i) => row[`k${i}`]);
      onRow({
        rawKey,
        key: keyText(keyColumns.map((column, i) => imageValue(column, rawKey[i]))),
        image: imageText(columns.map((column, i) => imageValue(column, row[`v${i}`]))),
      });
    }
  }
}

/**
 * JSON is read as its text: mysql2 parses a JSON column and gives the JSON literal null as JavaScript
 * null, which would be indistinguishable from SQL NULL.
 */
function selectable(column: ColumnModel): string {
  return column.dataType === "json" ? `CAST(${sqlIdentifier(column.name)} AS CHAR)` : sqlIdentifier(column.name);
}

export function keyText(values: NormalizedValue[]): string {
  return JSON.stringify(values);
}

export function imageText(values: NormalizedValue[]): string {
  return JSON.stringify(values);
}
