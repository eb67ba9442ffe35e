/**
 * The one thing the engine and replication layers need from a connection: run a statement, get rows.
 * Kept as an interface so dialect and status code can be unit-tested on recorded rows and run for real
 * on a mysql2 connection (harness/sql/mysql-session.ts) without knowing about containers.
 */
export type SqlRow = Record<string, unknown>;

export interface SqlRunner {
  /** Runs one statement and returns its rows (an empty array for statements without a result set). */
  query(sql: string, params?: readonly unknown[]): Promise<SqlRow[]>;
  /**
   * Runs one SELECT and hands each row to onRow as it arrives, as an array of its values in select-list
   * order, without holding the result: for reading a whole table in one pass. Optional: a runner
   * without it is read page by page through query().
   */
  streamRows?(sql: string, params: readonly unknown[], onRow: (values: unknown[]) => void): Promise<void>;
}
