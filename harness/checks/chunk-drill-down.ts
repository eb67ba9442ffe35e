import type { SqlRunner } from "../sql/sql-runner.ts";
import { bucketChecksumSql, checksumHex, leafRowsSql, type BucketPath } from "./checksum-sql.ts";
import type { DifferenceTally } from "./difference-tally.ts";
import type { KeyRange } from "./key-range.ts";
import { diffLeafRows, normalizedRows } from "./row-diff.ts";
import type { TablePlan } from "./table-plan.ts";

export interface DrillDownContext {
  left: SqlRunner;
  right: SqlRunner;
  plan: TablePlan;
  /** Rows fetched per side at once, at most (unless one bucket is bigger and cannot be split: duplicate rows without a key). */
  drillDownRows: number;
  tally: DifferenceTally;
}

/** At most 2^12 buckets per step: one small result set per side, whatever the chunk size. */
const MAX_FAN_OUT_BITS = 12;
/** The key hash is CRC32: 32 bits to split on. */
const KEY_HASH_BITS = 32;
/** Buckets about an eighth of drillDownRows, so that the few that differ fit in one fetch together. */
const BUCKETS_PER_FETCH_BITS = 3;

interface Part {
  bucket: BucketPath;
  /** Rows of the larger side in this part. */
  rows: number;
}

/**
 * Finds the differing rows of a chunk whose checksums differ, fetching as few rows as possible: while a
 * part is larger than `drillDownRows`, both servers checksum it per bucket of the key hash (one GROUP BY
 * each), and only buckets that differ are split further; the differing buckets are then fetched row by
 * row, as many together as fit in `drillDownRows`, and matched by key. A chunk with a few changed rows
 * among 100,000 costs one grouped checksum and one fetch of a few hundred rows per server, not 200,000
 * rows through Node. Returns the number of row differences found (0 when the data changed meanwhile).
 */
export async function drillDown(context: DrillDownContext, range: KeyRange, leftRows: number, rightRows: number): Promise<number> {
  const before = context.tally.total;
  const leaves = await differingLeaves(context, range, { bucket: { bits: 0, value: 0 }, rows: Math.max(leftRows, rightRows) });
  for (const batch of batches(leaves, context.drillDownRows)) await compareLeaves(context, range, batch);
  return context.tally.total - before;
}

async function differingLeaves(context: DrillDownContext, range: KeyRange, part: Part): Promise<Part[]> {
  if (part.rows <= context.drillDownRows || part.bucket.bits >= KEY_HASH_BITS) return [part];
  const { left, right, plan } = context;
  const bits = fanOutBits(part.rows, context.drillDownRows, KEY_HASH_BITS - part.bucket.bits);
  const [leftBuckets, rightBuckets] = await Promise.all([
    left.query(bucketChecksumSql(plan, "left", range, part.bucket, bits)),
    right.query(bucketChecksumSql(plan, "right", range, part.bucket, bits)),
  ]);
  const sides = new Map<number, { left?: BucketSum; right?: BucketSum }>();
  for (const row of leftBuckets) sides.set(Number(row.bucket), { left: bucketSum(row) });
  for (const row of rightBuckets) sides.set(Number(row.bucket), { ...sides.get(Number(row.bucket)), right: bucketSum(row) });
  const leaves: Part[] = [];
  for (const id of [...sides.keys()].sort((a, b) => a - b)) {
    const { left: l, right: r } = sides.get(id)!;
    if (l && r && l.rows === r.rows && l.checksum === r.checksum) continue;
    // Bucket ids take the next bits above those already fixed: arithmetic, as they can pass 2^31.
    const bucket = { bits: part.bucket.bits + bits, value: part.bucket.value + id * 2 ** part.bucket.bits };
    leaves.push(...(await differingLeaves(context, range, { bucket, rows: Math.max(l?.rows ?? 0, r?.rows ?? 0) })));
  }
  return leaves;
}

/** Groups leaves into fetches of at most `limit` rows per side (a larger leaf goes alone). */
export function batches(leaves: Part[], limit: number): Part[][] {
  const result: Part[][] = [];
  let current: Part[] = [];
  let rows = 0;
  for (const leaf of leaves) {
    if (current.length > 0 && rows + leaf.rows > limit) {
      result.push(current);
      current = [];
      rows = 0;
    }
    current.push(leaf);
    rows += leaf.rows;
  }
  if (current.length > 0) result.push(current);
  return result;
}

async function compareLeaves(context: DrillDownContext, range: KeyRange, leaves: Part[]): Promise<void> {
  const { left, right, plan } = context;
  const buckets = leaves.map((leaf) => leaf.bucket);
  const [leftRows, rightRows] = await Promise.all([left.query(leafRowsSql(plan, "left", range, buckets)), right.query(leafRowsSql(plan, "right", range, buckets))]);
  context.tally.add(diffLeafRows(plan, normalizedRows(plan, leftRows), normalizedRows(plan, rightRows)));
}

interface BucketSum {
  rows: number;
  checksum: string;
}

function bucketSum(row: Record<string, unknown>): BucketSum {
  return { rows: Number(row.row_count), checksum: checksumHex(row.checksum) };
}

/** Enough buckets that an average one holds an eighth of `drillDownRows`. */
export function fanOutBits(rows: number, drillDownRows: number, bitsLeft: number): number {
  const needed = Math.ceil(Math.log2(Math.max(1, rows / drillDownRows))) + BUCKETS_PER_FETCH_BITS;
  return Math.max(1, Math.min(needed, MAX_FAN_OUT_BITS, bitsLeft));
}
