/**
 * Consistency checks between two servers (blue and green): the public API scenarios and reports use.
 * `compareServers` proves whether two servers hold the same data by chunked in-server checksums with a
 * row-level drill-down; `compareSchemas` lists table and column differences; `compareTable` is the exact
 * row-by-row reference walk the checker agrees with.
 */
export { compareServers, CHECKSUM_DESCRIPTION, type CompareServersOptions } from "./consistency-checker.ts";
export { compareSchemas, comparableType } from "./schema-comparison.ts";
export { compareTable, columnTypes, type TableComparison, type TableRef } from "./row-comparison.ts";
export type { NormalizedValue } from "./normalize-value.ts";
export type {
  CheckMethod,
  CheckTotals,
  Chunking,
  ChunkMismatch,
  ColumnDifference,
  ColumnDifferenceKind,
  ConsistencyReport,
  KeyRangeReport,
  RowDifference,
  RowDifferences,
  RowKey,
  SchemaComparison,
  TableCheck,
  TableSchemaComparison,
} from "./check-report.ts";
