import type { SqlRunner } from "../sql/sql-runner.ts";
import type { ChunkMismatch, TableCheck, TableSchemaComparison } from "./check-report.ts";
import { chunkRanges } from "./chunk-boundaries.ts";
import { drillDown } from "./chunk-drill-down.ts";
import { checksumHex, chunkChecksumSql, tableName } from "./checksum-sql.ts";
import { DifferenceTally } from "./difference-tally.ts";
import { rangeReport, type KeyRange } from "./key-range.ts";
import type { Side, TablePlan } from "./table-plan.ts";

export interface TableCheckOptions {
  chunkRows: number;
  drillDownRows: number;
  sampleLimit: number;
}

/**
 * Chunks whose checksums are queued on both servers ahead of the one being looked at. Each server runs
 * them back to back, so a chunk costs its rows, not a round trip plus a scheduler wake-up (which on a
 * busy two-core machine cost several milliseconds per statement).
 */
const PIPELINE_DEPTH = 4;

interface ChunkSum {
  rows: number;
  /** Hex. */
  checksum: string;
}

interface ChunkResult {
  range: KeyRange;
  left: ChunkSum;
  right: ChunkSum;
}

/**
 * Checks one table present on both servers: checksums every chunk on both servers at once, and drills
 * into the chunks that differ. The next chunks' checksums are already queued while a chunk is looked at,
 * so neither server waits for Node between statements.
 */
export async function checkTable(left: SqlRunner, right: SqlRunner, plan: TablePlan, schema: TableSchemaComparison, options: TableCheckOptions): Promise<TableCheck> {
  if (plan.columns.length === 0) return withoutCommonColumns(left, right, plan, schema);
  const tally = new DifferenceTally(plan, options.sampleLimit);
  const { boundaries, ranges } = await chunkRanges(left, plan, options.chunkRows);
  const iterator = ranges[Symbol.asyncIterator]();
  const checksum = async (runner: SqlRunner, side: Side, range: KeyRange): Promise<ChunkSum> => {
    const [row] = await runner.query(chunkChecksumSql(plan, side, range));
    return { rows: Number(row?.row_count ?? 0), checksum: checksumHex(row?.checksum) };
  };
  const nextChunk = async (): Promise<ChunkResult | null> => {
    const step = await iterator.next();
    if (step.done) return null;
    const [l, r] = await Promise.all([checksum(left, "left", step.value), checksum(right, "right", step.value)]);
    return { range: step.value, left: l, right: r };
  };

  let leftRows = 0;
  let rightRows = 0;
  let chunks = 0;
  let unsettledChunks = 0;
  const mismatches: ChunkMismatch[] = [];
  let mismatchingChunks = 0;
  const inFlight: Array<Promise<ChunkResult | null>> = [];
  const refill = () => {
    while (inFlight.length < PIPELINE_DEPTH) {
      const next = nextChunk();
      next.catch(() => undefined);
      inFlight.push(next);
    }
  };
  for (;;) {
    refill();
    const current = await inFlight.shift()!;
    if (!current) break;
    chunks++;
    leftRows += current.left.rows;
    rightRows += current.right.rows;
    if (current.left.rows === current.right.rows && current.left.checksum === current.right.checksum) continue;
    mismatchingChunks++;
    if (mismatches.length < options.sampleLimit) {
      mismatches.push({
        ...rangeReport(current.range),
        leftRows: current.left.rows,
        rightRows: current.right.rows,
        leftChecksum: current.left.checksum,
        rightChecksum: current.right.checksum,
      });
    }
    const found = await drillDown({ left, right, plan, drillDownRows: options.drillDownRows, tally }, current.range, current.left.rows, current.right.rows);
    if (found === 0) unsettledChunks++;
  }

  const chunking = plan.chunking.method === "primary-key-ranges" && boundaries !== "none" ? { ...plan.chunking, boundaries } : plan.chunking;
  const columnsOnOneSide = schema.columns.some((difference) => difference.kind === "only-on-left" || difference.kind === "only-on-right");
  return {
    schema: plan.schema,
    table: plan.table,
    schemaDifferences: schema.columns,
    ...(schema.primaryKey ? { primaryKeyDifference: schema.primaryKey } : {}),
    comparedColumns: plan.columns.map((column) => column.name),
    chunking,
    checksum: plan.checksum,
    leftRows,
    rightRows,
    chunks,
    mismatchingChunks,
    chunkSamples: mismatches,
    rowDifferences: tally.differences,
    unsettledChunks,
    equal: mismatchingChunks === 0 && !columnsOnOneSide,
  };
}

/** No column on both sides: nothing to compare but the row counts, and the table is not equal. */
async function withoutCommonColumns(left: SqlRunner, right: SqlRunner, plan: TablePlan, schema: TableSchemaComparison): Promise<TableCheck> {
  const count = async (runner: SqlRunner) => Number((await runner.query(`SELECT COUNT(*) AS n FROM ${tableName(plan)}`))[0]?.n ?? 0);
  const [leftRows, rightRows] = await Promise.all([count(left), count(right)]);
  return {
    schema: plan.schema,
    table: plan.table,
    schemaDifferences: schema.columns,
    ...(schema.primaryKey ? { primaryKeyDifference: schema.primaryKey } : {}),
    comparedColumns: [],
    chunking: { method: "whole-table", keyColumns: [], reason: "no column exists on both sides: only row counts compared" },
    checksum: plan.checksum,
    leftRows,
    rightRows,
    chunks: 0,
    mismatchingChunks: 0,
    chunkSamples: [],
    rowDifferences: { missingOnRight: 0, extraOnRight: 0, changedRows: 0, samples: [] },
    unsettledChunks: 0,
    equal: false,
  };
}
