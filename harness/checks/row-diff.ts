import type { SqlRow } from "../sql/sql-runner.ts";
import type { TablePlan } from "./table-plan.ts";

/** One row's normalized values in plan column order (bytes of the normalized form, or null for NULL). */
export type NormalizedRow = Array<Buffer | null>;

export interface LeafDifferences {
  missingOnRight: NormalizedRow[];
  extraOnRight: NormalizedRow[];
  changed: Array<{ left: NormalizedRow; right: NormalizedRow }>;
}

/** The rows of a leaf query (columns c0, c1, ...) as normalized rows. */
export function normalizedRows(plan: TablePlan, rows: SqlRow[]): NormalizedRow[] {
  return rows.map((row) => plan.columns.map((_, i) => asBytes(row[`c${i}`])));
}

/**
 * Matches the rows of one small key range (a leaf of the drill-down) by key, in memory: no ordering is
 * needed, so text keys under any collation match as well as integers. Values compare by their
 * normalized bytes, exactly what the row hash encoded. Without a key (`plan.keyed` false) the key is
 * the whole row, so rows match as multisets and a changed row is one missing plus one extra.
 */
export function diffLeafRows(plan: TablePlan, left: NormalizedRow[], right: NormalizedRow[]): LeafDifferences {
  const unmatched = new Map<string, NormalizedRow[]>();
  for (const row of left) {
    const key = rowKey(plan, row);
    const list = unmatched.get(key);
    if (list) list.push(row);
    else unmatched.set(key, [row]);
  }
  const result: LeafDifferences = { missingOnRight: [], extraOnRight: [], changed: [] };
  for (const row of right) {
    const key = rowKey(plan, row);
    const list = unmatched.get(key);
    const partner = list?.shift();
    if (list && list.length === 0) unmatched.delete(key);
    if (!partner) result.extraOnRight.push(row);
    else if (!sameRow(partner, row)) result.changed.push({ left: partner, right: row });
  }
  for (const list of unmatched.values()) result.missingOnRight.push(...list);
  return result;
}

function rowKey(plan: TablePlan, row: NormalizedRow): string {
  return plan.keyIndexes.map((i) => bytesKey(row[i] ?? null)).join(",");
}

function bytesKey(value: Buffer | null): string {
  return value === null ? "N" : `V${value.toString("hex")}`;
}

export function sameValue(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}

function sameRow(a: NormalizedRow, b: NormalizedRow): boolean {
  return a.every((value, i) => sameValue(value, b[i] ?? null));
}

function asBytes(value: unknown): Buffer | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value;
  // Every normalized form is a binary string, which mysql2 returns as a Buffer; anything else is made one.
  return Buffer.from(String(value), "utf8");
}
