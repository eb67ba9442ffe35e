import type { SqlRunner } from "../sql/sql-runner.ts";
import type { ColumnDifference, SchemaComparison, TableSchemaComparison } from "./check-report.ts";
import { readTableShapes, tableKey, type ColumnShape, type TableShape } from "./table-shape.ts";

/**
 * Tables on one side only and, for tables on both, column differences: columns on one side only, and
 * type, nullability and collation changes with both sides' values. Reads `schemas` (default: every user
 * schema) on both servers.
 */
export async function compareSchemas(left: SqlRunner, right: SqlRunner, schemas?: string[]): Promise<SchemaComparison> {
  const scope = schemas ? { schemas } : {};
  const [leftShapes, rightShapes] = await Promise.all([readTableShapes(left, scope), readTableShapes(right, scope)]);
  return compareTableShapes(leftShapes, rightShapes);
}

export function compareTableShapes(left: TableShape[], right: TableShape[]): SchemaComparison {
  const rightByName = new Map(right.map((shape) => [tableKey(shape), shape]));
  const leftNames = new Set(left.map(tableKey));
  const tables: TableSchemaComparison[] = [];
  for (const shape of left) {
    const other = rightByName.get(tableKey(shape));
    if (other) tables.push(compareTableShape(shape, other));
  }
  const tablesOnlyOnLeft = left.filter((shape) => !rightByName.has(tableKey(shape))).map(({ schema, table }) => ({ schema, table }));
  const tablesOnlyOnRight = right.filter((shape) => !leftNames.has(tableKey(shape))).map(({ schema, table }) => ({ schema, table }));
  const equal = tablesOnlyOnLeft.length === 0 && tablesOnlyOnRight.length === 0 && tables.every((t) => t.columns.length === 0 && !t.primaryKey);
  return { tablesOnlyOnLeft, tablesOnlyOnRight, tables, equal };
}

export function compareTableShape(left: TableShape, right: TableShape): TableSchemaComparison {
  const rightColumns = new Map(right.columns.map((column) => [column.name, column]));
  const leftColumns = new Map(left.columns.map((column) => [column.name, column]));
  const columns: ColumnDifference[] = [];
  for (const column of left.columns) {
    const other = rightColumns.get(column.name);
    if (!other) columns.push({ column: column.name, kind: "only-on-left", left: comparableType(column.columnType), right: null });
    else columns.push(...columnDifferences(column, other));
  }
  for (const column of right.columns) {
    if (!leftColumns.has(column.name)) columns.push({ column: column.name, kind: "only-on-right", left: null, right: comparableType(column.columnType) });
  }
  const samePrimaryKey = left.primaryKey.length === right.primaryKey.length && left.primaryKey.every((name, i) => name === right.primaryKey[i]);
  return {
    schema: left.schema,
    table: left.table,
    columns,
    ...(samePrimaryKey ? {} : { primaryKey: { left: left.primaryKey, right: right.primaryKey } }),
  };
}

function columnDifferences(left: ColumnShape, right: ColumnShape): ColumnDifference[] {
  const differences: ColumnDifference[] = [];
  const leftType = comparableType(left.columnType);
  const rightType = comparableType(right.columnType);
  if (leftType !== rightType) differences.push({ column: left.name, kind: "type", left: leftType, right: rightType });
  if (left.nullable !== right.nullable) differences.push({ column: left.name, kind: "nullability", left: nullability(left), right: nullability(right) });
  if (left.collation !== right.collation) differences.push({ column: left.name, kind: "collation", left: left.collation, right: right.collation });
  return differences;
}

/**
 * A column type without integer display widths: MariaDB and MySQL before 8.0.19 say "int(11)" where
 * 8.0.19+ says "int", and the width never changes what the column holds. ZEROFILL and UNSIGNED stay.
 */
export function comparableType(columnType: string): string {
  return columnType.toLowerCase().replace(/^(tinyint|smallint|mediumint|int|integer|bigint)\(\d+\)/, "$1");
}

function nullability(column: ColumnShape): string {
  return column.nullable ? "NULL" : "NOT NULL";
}
