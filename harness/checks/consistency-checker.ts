import { HarnessError } from "../errors/harness-error.ts";
import type { SqlRunner } from "../sql/sql-runner.ts";
import type { CheckTotals, ConsistencyReport, TableCheck } from "./check-report.ts";
import type { TableRef } from "./row-comparison.ts";
import { checksumCapabilities } from "./checksum-capabilities.ts";
import { compareTableShapes } from "./schema-comparison.ts";
import { checkTable } from "./table-checker.ts";
import { planTable } from "./table-plan.ts";
import { readTableShapes, tableKey } from "./table-shape.ts";

export interface CompareServersOptions {
  /** Schemas to compare (default: every schema but the server's own). Ignored when `tables` is given. */
  schemas?: string[];
  /** Exactly these tables. */
  tables?: TableRef[];
  /** Rows per checksum chunk (default 5,000: larger chunks save statements, smaller ones make a difference cheaper to locate). */
  chunkRows?: number;
  /** Differences kept as samples per table, and mismatching chunks listed per table (default 10). */
  sampleLimit?: number;
  /** Rows per side fetched at once when looking for differing rows (default 1,000). */
  drillDownRows?: number;
}

export const CHECKSUM_DESCRIPTION =
  "per chunk of primary-key range, computed in each server: COUNT(*) and the BIT_XOR of SHA2-256 over CONCAT_WS(0xFF, type-normalized values, NULL flags[, byte lengths of binary values]) (all 256 bits on MySQL 8.0+, else the first 64; the exact SUM of the first 64 bits when rows are not unique on both sides)";

/**
 * Proves whether two servers hold the same data: same tables, same columns, same rows, same values,
 * where values compare by value across type changes (INT on one side equals the same number in BIGINT
 * on the other; INT UNSIGNED 3000000000 does not equal the -1294967296 it wraps to). Tables are compared
 * one after another, each with both servers working at once.
 *
 * The check reads without locks: run it once writes have stopped and replication has caught up, or
 * differences still in flight show as differences (or, when they settle mid-check, as unsettled chunks).
 */
export async function compareServers(left: SqlRunner, right: SqlRunner, options: CompareServersOptions = {}): Promise<ConsistencyReport> {
  const started = performance.now();
  const chunkRows = positiveInteger(options.chunkRows ?? 5_000, "chunkRows");
  const sampleLimit = nonNegativeInteger(options.sampleLimit ?? 10, "sampleLimit");
  const drillDownRows = positiveInteger(options.drillDownRows ?? 1_000, "drillDownRows");
  const scope = options.tables ? { tables: options.tables } : options.schemas ? { schemas: options.schemas } : {};
  const [leftShapes, rightShapes, capabilities] = await Promise.all([readTableShapes(left, scope), readTableShapes(right, scope), checksumCapabilities(left, right)]);
  assertTablesFound(options.tables, [...leftShapes, ...rightShapes].map(tableKey));
  const schema = compareTableShapes(leftShapes, rightShapes);
  const leftByName = new Map(leftShapes.map((shape) => [tableKey(shape), shape]));
  const rightByName = new Map(rightShapes.map((shape) => [tableKey(shape), shape]));

  const tables: TableCheck[] = [];
  for (const comparison of schema.tables) {
    const plan = planTable(leftByName.get(tableKey(comparison))!, rightByName.get(tableKey(comparison))!, capabilities);
    tables.push(await checkTable(left, right, plan, comparison, { chunkRows, drillDownRows, sampleLimit }));
  }
  return {
    equal: schema.tablesOnlyOnLeft.length === 0 && schema.tablesOnlyOnRight.length === 0 && tables.every((table) => table.equal),
    tablesOnlyOnLeft: schema.tablesOnlyOnLeft,
    tablesOnlyOnRight: schema.tablesOnlyOnRight,
    tables,
    totals: totalsOf(tables),
    method: { chunkRows, drillDownRows, sampleLimit, checksum: CHECKSUM_DESCRIPTION },
    durationMs: Math.round(performance.now() - started),
  };
}

export function totalsOf(tables: TableCheck[]): CheckTotals {
  const sum = (pick: (table: TableCheck) => number) => tables.reduce((total, table) => total + pick(table), 0);
  return {
    tables: tables.length,
    leftRows: sum((t) => t.leftRows),
    rightRows: sum((t) => t.rightRows),
    chunks: sum((t) => t.chunks),
    mismatchingChunks: sum((t) => t.mismatchingChunks),
    missingOnRight: sum((t) => t.rowDifferences.missingOnRight),
    extraOnRight: sum((t) => t.rowDifferences.extraOnRight),
    changedRows: sum((t) => t.rowDifferences.changedRows),
    schemaDifferences: sum((t) => t.schemaDifferences.length),
  };
}

/** A named table on neither server is a mistake in the scenario, not an empty comparison that passes. */
function assertTablesFound(requested: TableRef[] | undefined, found: string[]): void {
  const present = new Set(found);
  const missing = (requested ?? []).filter((ref) => !present.has(tableKey(ref)));
  if (missing.length > 0) {
    throw new HarnessError({
      what: "comparing tables of two servers",
      cause: `${missing.map(tableKey).join(", ")} exist${missing.length === 1 ? "s" : ""} on neither server`,
      fix: "check the schema and table names passed in `tables`",
    });
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new HarnessError({ what: "comparing two servers", cause: `${name} is ${value}`, fix: `pass a positive integer ${name}` });
  return value;
}

function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new HarnessError({ what: "comparing two servers", cause: `${name} is ${value}`, fix: `pass an integer ${name} of 0 or more` });
  return value;
}
