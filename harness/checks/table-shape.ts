import type { SqlRunner } from "../sql/sql-runner.ts";
import type { TableRef } from "./row-comparison.ts";
import { userSchemasFilter } from "../sql/system-schemas.ts";

/** One column as information_schema describes it: enough to normalize its values and compare its type. */
export interface ColumnShape {
  name: string;
  /** DATA_TYPE, lower case: "int", "varchar", "decimal". */
  dataType: string;
  /** COLUMN_TYPE as the server reports it: "int unsigned", "int(11)" (MariaDB), "decimal(10,2)". */
  columnType: string;
  nullable: boolean;
  characterSet: string | null;
  collation: string | null;
  /** Digits after the point for DECIMAL; null for other types. */
  numericScale: number | null;
}

export interface TableShape extends TableRef {
  /** In ordinal order. */
  columns: ColumnShape[];
  /** Primary key columns in key order; empty when the table has none. */
  primaryKey: string[];
}

/** Which tables a check looks at: named tables, else every base table of the schemas, else of every user schema. */
export interface CheckScope {
  schemas?: string[];
  tables?: TableRef[];
}

/**
 * Reads the shape of every base table in scope with three information_schema queries, whatever the
 * number of tables (one query per table would dominate a check of many small tables). Views are left
 * out: they hold no data of their own.
 */
export async function readTableShapes(runner: SqlRunner, scope: CheckScope = {}): Promise<TableShape[]> {
  const { where, params } = scopeFilter(scope);
  const tables = await runner.query(
    `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' AND ${where} ORDER BY TABLE_SCHEMA, TABLE_NAME`,
    params,
  );
  const columns = await runner.query(
    `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, COLUMN_NAME AS name, DATA_TYPE AS dataType, COLUMN_TYPE AS columnType, IS_NULLABLE AS nullable,
            CHARACTER_SET_NAME AS characterSet, COLLATION_NAME AS collation, NUMERIC_SCALE AS numericScale
       FROM information_schema.COLUMNS WHERE ${where} ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
    params,
  );
  const keys = await runner.query(
    `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, COLUMN_NAME AS name FROM information_schema.STATISTICS
      WHERE INDEX_NAME = 'PRIMARY' AND ${where} ORDER BY TABLE_SCHEMA, TABLE_NAME, SEQ_IN_INDEX`,
    params,
  );
  const byName = new Map<string, TableShape>();
  for (const row of tables) {
    const shape: TableShape = { schema: String(row.s), table: String(row.t), columns: [], primaryKey: [] };
    byName.set(tableKey(shape), shape);
  }
  for (const row of columns) {
    byName.get(tableKey({ schema: String(row.s), table: String(row.t) }))?.columns.push({
      name: String(row.name),
      dataType: String(row.dataType).toLowerCase(),
      columnType: String(row.columnType).toLowerCase(),
      nullable: String(row.nullable) === "YES",
      characterSet: row.characterSet === null ? null : String(row.characterSet).toLowerCase(),
      collation: row.collation === null ? null : String(row.collation).toLowerCase(),
      numericScale: row.numericScale === null ? null : Number(row.numericScale),
    });
  }
  for (const row of keys) byName.get(tableKey({ schema: String(row.s), table: String(row.t) }))?.primaryKey.push(String(row.name));
  return [...byName.values()];
}

export function tableKey(ref: TableRef): string {
  return `${ref.schema}.${ref.table}`;
}

function scopeFilter(scope: CheckScope): { where: string; params: unknown[] } {
  if (scope.tables && scope.tables.length > 0) {
    return {
      where: `(${scope.tables.map(() => "(TABLE_SCHEMA = ? AND TABLE_NAME = ?)").join(" OR ")})`,
      params: scope.tables.flatMap((ref) => [ref.schema, ref.table]),
    };
  }
  if (scope.schemas && scope.schemas.length > 0) {
    return { where: `TABLE_SCHEMA IN (${scope.schemas.map(() => "?").join(", ")})`, params: [...scope.schemas] };
  }
  return userSchemasFilter();
}
