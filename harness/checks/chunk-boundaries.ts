import { sqlIdentifier } from "../sql/sql-literal.ts";
import type { SqlRunner } from "../sql/sql-runner.ts";
import { tableName } from "./checksum-sql.ts";
import { keyValue, WHOLE_RANGE, type KeyRange } from "./key-range.ts";
import type { TablePlan } from "./table-plan.ts";

export interface ChunkRanges {
  boundaries: "arithmetic" | "index-walk" | "none";
  /** Consecutive ranges covering every integer, the first and last unbounded. */
  ranges: AsyncIterable<KeyRange>;
}

/**
 * Splits a table into key ranges of about `chunkRows` rows, computed on ONE server (the left) and applied
 * to both: a row missing on the other side then shows as a count difference in exactly one chunk, and
 * rows the other side has beyond the left's keys fall into the unbounded first or last range.
 *
 * A single-column integer key that is at least half dense (as AUTO_INCREMENT keys are) is split by
 * arithmetic from MIN, MAX and COUNT: no boundary queries, and a chunk holds at most 2 x chunkRows rows
 * because each key value is one row. Otherwise (sparse keys, composite keys) the boundaries are found by
 * walking the primary key index, `chunkRows` entries per boundary.
 */
export async function chunkRanges(runner: SqlRunner, plan: TablePlan, chunkRows: number): Promise<ChunkRanges> {
  if (plan.chunking.method !== "primary-key-ranges") return { boundaries: "none", ranges: once(WHOLE_RANGE) };
  const column = plan.chunking.column;
  if (plan.chunking.keyColumns.length === 1) {
    const [stats] = await runner.query(`SELECT COUNT(*) AS n, MIN(${sqlIdentifier(column)}) AS lo, MAX(${sqlIdentifier(column)}) AS hi FROM ${tableName(plan)}`);
    const count = Number(stats?.n ?? 0);
    if (count === 0) return { boundaries: "arithmetic", ranges: once(WHOLE_RANGE) };
    const min = keyValue(stats!.lo);
    const max = keyValue(stats!.hi);
    if (isDense(count, min, max)) return { boundaries: "arithmetic", ranges: fromSync(arithmeticRanges(min, max, count, chunkRows)) };
  }
  return { boundaries: "index-walk", ranges: indexWalkRanges(runner, plan, column, chunkRows) };
}

export function isDense(count: number, min: bigint, max: bigint): boolean {
  return BigInt(count) * 2n >= max - min + 1n;
}

/** Ranges of `stride` key values, the stride chosen so that a range holds about `chunkRows` rows. */
export function* arithmeticRanges(min: bigint, max: bigint, count: number, chunkRows: number): Generator<KeyRange> {
  const width = max - min + 1n;
  const computed = (BigInt(chunkRows) * width) / BigInt(Math.max(1, count));
  const stride = computed > 0n ? computed : 1n;
  let from: bigint | null = null;
  for (let boundary = min + stride; boundary <= max; boundary += stride) {
    yield { from, to: boundary };
    from = boundary;
  }
  yield { from, to: null };
}

/**
 * Walks the index: each boundary is the key `chunkRows` entries after the previous one. The next
 * boundary's query is sent before the current range is handed out, so that the left server finds it
 * while the right one is still checksumming (one connection per server runs statements in order).
 */
export async function* indexWalkRanges(runner: SqlRunner, plan: TablePlan, column: string, chunkRows: number): AsyncGenerator<KeyRange> {
  let from: bigint | null = null;
  let next = nextBoundary(runner, plan, column, null, chunkRows);
  for (;;) {
    const to = await next;
    if (to === null) {
      yield { from, to: null };
      return;
    }
    next = nextBoundary(runner, plan, column, to, chunkRows);
    // The consumer may stop early: a failed prefetch must not become an unhandled rejection.
    next.catch(() => undefined);
    yield { from, to };
    from = to;
  }
}

async function nextBoundary(runner: SqlRunner, plan: TablePlan, column: string, after: bigint | null, chunkRows: number): Promise<bigint | null> {
  const name = sqlIdentifier(column);
  const where = after === null ? "" : `WHERE ${name} >= ${after.toString()} `;
  const [row] = await runner.query(`SELECT ${name} AS b FROM ${tableName(plan)} ${where}ORDER BY ${name} LIMIT 1 OFFSET ${chunkRows}`);
  if (!row) return null;
  const boundary = keyValue(row.b);
  if (after === null || boundary > after) return boundary;
  // More than chunkRows rows share this first key column value (composite key): the chunk is that value.
  const [following] = await runner.query(`SELECT MIN(${name}) AS b FROM ${tableName(plan)} WHERE ${name} > ${after.toString()}`);
  return following?.b === null || following?.b === undefined ? null : keyValue(following.b);
}

async function* once(range: KeyRange): AsyncGenerator<KeyRange> {
  yield range;
}

async function* fromSync(ranges: Iterable<KeyRange>): AsyncGenerator<KeyRange> {
  yield* ranges;
}
