import { expect } from "vitest";
import type { SqlRow, SqlRunner } from "../../../../harness/sql/sql-runner.ts";

/**
 * mysql2 answers a CALL with each result set as an array, followed by the CALL's own status (not an
 * array); a CALL without result sets comes back as just that status.
 */
export async function callForResultSets(runner: SqlRunner, sql: string): Promise<SqlRow[][]> {
  const answer: unknown = await runner.query(sql);
  return Array.isArray(answer) ? answer.filter((part): part is SqlRow[] => Array.isArray(part)) : [];
}

/**
 * The message of each result set, which RDS makes one row with one column: `Message`, or `message`
 * (rds_reset_external_master). Anything else fails the test, so the shape is checked too.
 */
export async function callForMessages(runner: SqlRunner, sql: string): Promise<string[]> {
  const sets = await callForResultSets(runner, sql);
  return sets.map((rows) => {
    expect(rows).toHaveLength(1);
    const columns = Object.keys(rows[0]!);
    expect(columns).toHaveLength(1);
    expect(columns[0]).toMatch(/^[Mm]essage$/);
    return String(rows[0]![columns[0]!]);
  });
}

/** RDS's refusal: SIGNAL SQLSTATE '45000', which clients see as error 1644 with the text as message. */
export async function expectRefusal(runner: SqlRunner, sql: string, message: string): Promise<void> {
  const error = await runner.query(sql).then(
    () => undefined,
    (thrown: unknown) => thrown as { errno?: number; sqlState?: string; sqlMessage?: string },
  );
  expect(error, `expected ${sql} to be refused`).toBeDefined();
  expect({ errno: error!.errno, sqlState: error!.sqlState, message: error!.sqlMessage }).toEqual({ errno: 1644, sqlState: "45000", message });
}
