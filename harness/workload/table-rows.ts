import type { NormalizedValue } from "../checks/normalize-value.ts";
import type { ColumnModel, TableModel } from "../schema/schema-model.ts";
import { sqlIdentifier, sqlTable } from "../sql/sql-literal.ts";
import type { SqlRow, SqlRunner } from "../sql/sql-runner.ts";
import { imageNormalizer } from "./row-image.ts";

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
 * Every row of a table reduced to its key and row image, normalized (row-image.ts). The session must
 * run with time_zone '+00:00' for TIMESTAMP columns to read as they were written (the callers set it).
 */
export async function readTableRows(runner: SqlRunner, table: TableModel, columns: ColumnModel[], onRow: (row: ReadRow) => void): Promise<void> {
  const keyCount = table.primaryKey.length;
  await readRowImages(runner, table, columns, (key, image, values) => onRow({ rawKey: values.slice(0, keyCount), key, image }));
}

/**
 * The lean form of readTableRows for verifying: each row's key text and image text (and the values as
 * read: the key's first). One streamed SELECT when the runner can stream (the server reads while
 * Node normalizes, and no page is held); otherwise page by page in primary-key order.
 */
export async function readRowImages(runner: SqlRunner, table: TableModel, columns: ColumnModel[], onRow: (key: string, image: string, values: unknown[]) => void): Promise<void> {
  const keyColumns = table.primaryKey.map((name) => table.columns.find((column) => column.name === name)!);
  const keyOf = rowText(keyColumns, 0);
  const imageOf = rowText(columns, keyColumns.length);
  const handle = (values: unknown[]) => onRow(keyOf(values), imageOf(values), values);
  // Aliased: a key column is usually a ledgered column too, and a page's rows are objects by name.
  const aliases = [...keyColumns.map((_, i) => `k${i}`), ...columns.map((_, i) => `v${i}`)];
  const selected = [...keyColumns.map((c) => sqlIdentifier(c.name)), ...columns.map(selectable)].map((expression, i) => `${expression} AS ${aliases[i]}`).join(", ");
  const from = sqlTable(table.schema, table.table);
  const order = keyColumns.map((c) => sqlIdentifier(c.name)).join(", ");
  if (runner.streamRows) {
    // In primary-key order, as pages are: InnoDB reads its clustered index in that order anyway.
    await runner.streamRows(`SELECT ${selected} FROM ${from} ORDER BY ${order}`, [], handle);
    return;
  }
  await readPaged(runner, keyColumns, aliases, selected, from, handle);
}

/** Pages in primary-key order (composite keys by row comparison), rows as arrays in select-list order. */
async function readPaged(runner: SqlRunner, keyColumns: ColumnModel[], aliases: string[], selected: string, from: string, handle: (values: unknown[]) => void): Promise<void> {
  const order = keyColumns.map((c) => sqlIdentifier(c.name)).join(", ");
  const tuple = keyColumns.length === 1 ? order : `(${order})`;
  const placeholder = keyColumns.length === 1 ? "?" : `(${keyColumns.map(() => "?").join(", ")})`;
  const page = (after: unknown[] | undefined) => runner.query(`SELECT ${selected} FROM ${from}${after ? ` WHERE ${tuple} > ${placeholder}` : ""} ORDER BY ${order} LIMIT ${PAGE}`, after ?? []);
  let pending: Promise<SqlRow[]> | undefined = page(undefined);
  while (pending) {
    const rows: SqlRow[] = await pending;
    // The next page is asked for before this one is normalized: the server reads while Node works.
    pending = rows.length < PAGE ? undefined : page(keyColumns.map((_, i) => rows.at(-1)![`k${i}`]));
    pending?.catch(() => undefined);
    for (const row of rows) handle(aliases.map((alias) => row[alias]));
  }
}

/** The text of `columns`' values, normalized, taken from a row's values from index `offset` on. */
function rowText(columns: ColumnModel[], offset: number): (values: unknown[]) => string {
  const normalizers = columns.map(imageNormalizer);
  const count = normalizers.length;
  return (values) => {
    const normalized: NormalizedValue[] = new Array(count);
    for (let i = 0; i < count; i++) normalized[i] = normalizers[i]!(values[offset + i]);
    return JSON.stringify(normalized);
  };
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
