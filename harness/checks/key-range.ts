import { sqlIdentifier } from "../sql/sql-literal.ts";
import type { KeyRangeReport } from "./check-report.ts";

/** A range of integer key values: `from` inclusive, `to` exclusive, null for unbounded. */
export interface KeyRange {
  from: bigint | null;
  to: bigint | null;
}

export const WHOLE_RANGE: KeyRange = { from: null, to: null };

/**
 * The WHERE condition selecting a range. Bounds are written as integer literals, never as parameters:
 * mysql2 sends a string parameter, and MySQL compares an integer column with a string as DOUBLE,
 * which cannot tell 2^63-1 from 2^63-2.
 */
export function rangePredicate(column: string | null, range: KeyRange): string {
  if (column === null) return "TRUE";
  const name = sqlIdentifier(column);
  const parts: string[] = [];
  if (range.from !== null) parts.push(`${name} >= ${range.from.toString()}`);
  if (range.to !== null) parts.push(`${name} < ${range.to.toString()}`);
  return parts.length > 0 ? parts.join(" AND ") : "TRUE";
}

export function rangeReport(range: KeyRange): KeyRangeReport {
  return { from: range.from === null ? null : range.from.toString(), to: range.to === null ? null : range.to.toString() };
}

/** An integer key value read from the server (number, decimal string or bigint) as a bigint. */
export function keyValue(value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  throw new Error(`not an integer key value: ${String(value)}`);
}
