import mysql from "mysql2";
import { connectionOptions, type ConnectionTarget } from "../sql/mysql-session.ts";
import { sqlIdentifier, sqlTable } from "../sql/sql-literal.ts";
import type { SqlRow } from "../sql/sql-runner.ts";
import { compareKeys, normalizeValue } from "./normalize-value.ts";
import type { TableRef } from "./row-comparison.ts";

export interface FullScanResult {
  leftRows: number;
  rightRows: number;
  missingOnRight: number;
  extraOnRight: number;
  changedRows: number;
}

/**
 * The obvious way to compare a table, kept as the baseline the chunked checker is measured against:
 * every row of both servers streamed through Node in key order (one `SELECT * ... ORDER BY key` each,
 * with backpressure, so memory stays flat) and compared with the same normalization as compareTable.
 * Single-column integer keys only; it needs connection targets because SqlRunner cannot stream.
 */
export async function compareByFullScan(left: ConnectionTarget, right: ConnectionTarget, ref: TableRef, keyColumn: string): Promise<FullScanResult> {
  const sql = `SELECT * FROM ${sqlTable(ref.schema, ref.table)} ORDER BY ${sqlIdentifier(keyColumn)}`;
  const leftConnection = mysql.createConnection(connectionOptions(left));
  const rightConnection = mysql.createConnection(connectionOptions(right));
  try {
    const leftRows = leftConnection.query(sql).stream({ highWaterMark: 1000 })[Symbol.asyncIterator]() as AsyncIterator<SqlRow>;
    const rightRows = rightConnection.query(sql).stream({ highWaterMark: 1000 })[Symbol.asyncIterator]() as AsyncIterator<SqlRow>;
    const result: FullScanResult = { leftRows: 0, rightRows: 0, missingOnRight: 0, extraOnRight: 0, changedRows: 0 };
    let l = await leftRows.next();
    let r = await rightRows.next();
    while (!l.done || !r.done) {
      const order = l.done ? 1 : r.done ? -1 : compareKeys(normalizeValue(l.value[keyColumn]), normalizeValue(r.value[keyColumn]));
      if (order < 0) {
        result.leftRows++;
        result.missingOnRight++;
        l = await leftRows.next();
      } else if (order > 0) {
        result.rightRows++;
        result.extraOnRight++;
        r = await rightRows.next();
      } else {
        result.leftRows++;
        result.rightRows++;
        const a = l.value as SqlRow;
        const b = r.value as SqlRow;
        if (Object.keys(a).some((column) => normalizeValue(a[column]) !== normalizeValue(b[column]))) result.changedRows++;
        [l, r] = await Promise.all([leftRows.next(), rightRows.next()]);
      }
    }
    return result;
  } finally {
    await Promise.all([leftConnection, rightConnection].map((connection) => new Promise<void>((resolve) => connection.end(() => resolve()))));
  }
}
