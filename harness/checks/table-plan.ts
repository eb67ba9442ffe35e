import type { Chunking } from "./check-report.ts";
import { INTEGER_TYPES, normalizedColumn, type NormalizedColumn } from "./column-normalization.ts";
import type { TableRef } from "./row-comparison.ts";
import type { ColumnShape, TableShape } from "./table-shape.ts";

export type Side = "left" | "right";

/** A column present on both sides, with each side's normalized form (their types may differ). */
export interface PlannedColumn {
  name: string;
  left: NormalizedColumn;
  right: NormalizedColumn;
  /** Nullable on either side: the row encoding carries its NULL flag. */
  nullable: boolean;
  /** The row encoding carries its byte length (a binary form, when there are two or more of them). */
  lengthInEncoding: boolean;
}

/**
 * How a chunk's row hashes are combined. XOR is cheapest, and safe when rows are unique on both sides
 * (the primary key is the same on both): then differing chunks differ as sets. Without that, a pair of
 * duplicate rows cancels in an XOR, so the exact SUM is used. "binary-xor" XORs all 256 bits of SHA2 as a
 * binary string, skipping a hex-to-integer conversion per row: MySQL 8.0+ only, so only when both are.
 */
export type ChecksumForm = "binary-xor" | "xor" | "sum";

/** What the checker needs to know about one table present on both sides. */
export interface TablePlan extends TableRef {
  /** Compared columns in name order: column order on the servers does not matter. */
  columns: PlannedColumn[];
  /** Positions in `columns` of the columns that identify a row. */
  keyIndexes: number[];
  /** False when the table has no usable primary key: rows are identified by all their values. */
  keyed: boolean;
  chunking: Chunking;
  checksum: ChecksumForm;
}

export interface PlanOptions {
  /** Both servers aggregate bits of binary strings (MySQL 8.0+, not MariaDB). */
  binaryBitAggregates: boolean;
}

/**
 * Decides how a table is compared. Rows are identified by the left side's primary key (else the
 * right's, else all values). Chunks are primary-key ranges on the key's first column when it is an
 * integer on both sides: integers order the same on every server, whatever collation or type width, so
 * a range selects the same rows on both. Anything else (a text or temporal first key column, no key)
 * falls back to one whole-table checksum, and the drill-down splits the table by key hash instead.
 */
export function planTable(left: TableShape, right: TableShape, options: PlanOptions = { binaryBitAggregates: false }): TablePlan {
  const rightColumns = new Map(right.columns.map((column) => [column.name, column]));
  const pairs = left.columns
    .filter((column) => rightColumns.has(column.name))
    .map((column) => [column, rightColumns.get(column.name)!] as const)
    .sort(([a], [b]) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const columns = withLengths(pairs.map(([l, r]) => plannedColumn(l, r)));
  const names = columns.map((column) => column.name);
  const key = [left.primaryKey, right.primaryKey].find((pk) => pk.length > 0 && pk.every((name) => names.includes(name)));
  const uniqueOnBoth = key !== undefined && sameNames(left.primaryKey, right.primaryKey);
  const checksum: ChecksumForm = !uniqueOnBoth ? "sum" : options.binaryBitAggregates ? "binary-xor" : "xor";
  const ref = { schema: left.schema, table: left.table, checksum };
  if (!key) {
    const reason = left.primaryKey.length === 0 && right.primaryKey.length === 0
      ? "no primary key: rows are matched by all their values, so a changed row shows as one missing and one extra"
      : "the primary key has a column on one side only: rows are matched by all their values, so a changed row shows as one missing and one extra";
    return { ...ref, columns, keyIndexes: columns.map((_, i) => i), keyed: false, chunking: { method: "whole-table", keyColumns: names, reason } };
  }
  const keyIndexes = key.map((name) => names.indexOf(name));
  const [first] = pairs[keyIndexes[0]!]!;
  const firstRight = rightColumns.get(first.name)!;
  if (!INTEGER_TYPES.has(first.dataType) || !INTEGER_TYPES.has(firstRight.dataType)) {
    const reason = `the primary key's first column ${first.name} is not an integer on both sides (${first.columnType} / ${firstRight.columnType}): key ranges could select different rows under different collations or types`;
    return { ...ref, columns, keyIndexes, keyed: true, chunking: { method: "whole-table", keyColumns: key, reason } };
  }
  // Arithmetic boundaries need at most one row per key value: only a single-column key guarantees it.
  const boundaries = key.length === 1 ? "arithmetic" : "index-walk";
  return { ...ref, columns, keyIndexes, keyed: true, chunking: { method: "primary-key-ranges", column: first.name, boundaries, keyColumns: key } };
}

function plannedColumn(left: ColumnShape, right: ColumnShape): PlannedColumn {
  return { name: left.name, left: normalizedColumn(left), right: normalizedColumn(right), nullable: left.nullable || right.nullable, lengthInEncoding: false };
}

/**
 * Fields of the row encoding are separated by the byte 0xFF, which only binary forms can contain. One
 * such field is still unambiguous (the fields around it cannot contain 0xFF); with two or more, each
 * carries its byte length. Text and numbers never need one: LENGTH costs a third of the checksum's time.
 */
function withLengths(columns: PlannedColumn[]): PlannedColumn[] {
  const binary = columns.filter((column) => column.left.display === "hex" || column.right.display === "hex");
  return binary.length < 2 ? columns : columns.map((column) => (binary.includes(column) ? { ...column, lengthInEncoding: true } : column));
}

function sameNames(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}
