import type { NormalizedValue } from "./normalize-value.ts";
import type { TableRef } from "./row-comparison.ts";

/**
 * What a consistency check found, as plain JSON data (strings, numbers, booleans, arrays, objects; no
 * bigint, Date or Buffer): scenarios assert on it and reports (JSON, JUnit, HTML) render it as is.
 * Values are shown as the comparison saw them: integers as decimal text whatever their column type,
 * binary strings as 0x-prefixed lower-case hex, NULL as null (never the text "NULL").
 */
export interface ConsistencyReport {
  /** True when both servers hold the same tables, columns, rows and values (column types may differ). */
  equal: boolean;
  tablesOnlyOnLeft: TableRef[];
  tablesOnlyOnRight: TableRef[];
  tables: TableCheck[];
  totals: CheckTotals;
  /** How the check ran, so that a report says what its figures mean. */
  method: CheckMethod;
  durationMs: number;
}

export interface CheckTotals {
  tables: number;
  leftRows: number;
  rightRows: number;
  chunks: number;
  mismatchingChunks: number;
  missingOnRight: number;
  extraOnRight: number;
  changedRows: number;
  schemaDifferences: number;
}

export interface CheckMethod {
  chunkRows: number;
  /** Rows of one side held in memory at most while looking for the differing rows of a chunk. */
  drillDownRows: number;
  sampleLimit: number;
  /** The per-chunk checksum, in words. */
  checksum: string;
}

export type ColumnDifferenceKind = "only-on-left" | "only-on-right" | "type" | "nullability" | "collation";

export interface ColumnDifference {
  column: string;
  kind: ColumnDifferenceKind;
  /** The column's type (or "NULL"/"NOT NULL", or collation) on each side; null where the column is absent. */
  left: string | null;
  right: string | null;
}

export interface TableSchemaComparison extends TableRef {
  columns: ColumnDifference[];
  /** Set only when the primary keys differ. */
  primaryKey?: { left: string[]; right: string[] };
}

export interface SchemaComparison {
  tablesOnlyOnLeft: TableRef[];
  tablesOnlyOnRight: TableRef[];
  /** Every table on both sides, with its differences (possibly none). */
  tables: TableSchemaComparison[];
  equal: boolean;
}

/** How a table's rows were grouped for checksums. */
export type Chunking =
  | { method: "primary-key-ranges"; column: string; boundaries: "arithmetic" | "index-walk"; keyColumns: string[] }
  | { method: "whole-table"; keyColumns: string[]; reason: string };

export interface KeyRangeReport {
  /** Inclusive; null for no lower bound. Decimal text. */
  from: string | null;
  /** Exclusive; null for no upper bound. */
  to: string | null;
}

export interface ChunkMismatch extends KeyRangeReport {
  leftRows: number;
  rightRows: number;
  /** The chunk checksums in hex (see ChecksumForm in table-plan.ts). */
  leftChecksum: string;
  rightChecksum: string;
}

export type RowKey = Record<string, NormalizedValue>;

export type RowDifference =
  | { kind: "missing-on-right"; key: RowKey; left: Record<string, NormalizedValue> }
  | { kind: "extra-on-right"; key: RowKey; right: Record<string, NormalizedValue> }
  | { kind: "changed"; key: RowKey; columns: Array<{ column: string; left: NormalizedValue; right: NormalizedValue }> };

export interface RowDifferences {
  /** Rows on the left only: lost on the right. */
  missingOnRight: number;
  /** Rows on the right only. */
  extraOnRight: number;
  /** Rows on both sides with at least one differing value. */
  changedRows: number;
  /** The first differences found, up to the sample limit, for a person to read. */
  samples: RowDifference[];
}

export interface TableCheck extends TableRef {
  /** Columns on one side only, type/nullability/collation differences. Type-only differences keep `equal`. */
  schemaDifferences: ColumnDifference[];
  primaryKeyDifference?: { left: string[]; right: string[] };
  /** Columns whose values were compared: those on both sides, in name order. */
  comparedColumns: string[];
  chunking: Chunking;
  /** How row hashes were combined per chunk: XOR of 256 or 64 bits, or an exact SUM (rows not unique on both sides). */
  checksum: "binary-xor" | "xor" | "sum";
  leftRows: number;
  rightRows: number;
  chunks: number;
  mismatchingChunks: number;
  /** The first mismatching chunks, up to the sample limit. */
  chunkSamples: ChunkMismatch[];
  rowDifferences: RowDifferences;
  /**
   * Chunks whose checksums differed but whose rows compared equal when fetched: the data changed while
   * it was being checked (writes or replication still running), so nothing about them is proven.
   */
  unsettledChunks: number;
  equal: boolean;
}
