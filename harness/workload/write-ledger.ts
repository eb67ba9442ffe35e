import { sqlIdentifier, sqlTable } from "../sql/sql-literal.ts";
import type { SqlRunner } from "../sql/sql-runner.ts";
import { KeyedExpectations, type KeyFinding } from "./keyed-expectations.ts";

export type LedgerFinding = KeyFinding;

export interface LedgerVerdict {
  /** Acknowledged writes the ledger holds. */
  acknowledged: number;
  /** Keys checked on the final primary. */
  keys: number;
  /** Acknowledged rows missing on the final primary. */
  lost: number;
  /** Acknowledged values there with another value (or an acknowledged delete undone). */
  changed: number;
  /** Rows the workload never wrote. */
  unexpected: number;
  /** The first findings of each kind, with key and both values. */
  samples: { lost: LedgerFinding[]; changed: LedgerFinding[]; unexpected: LedgerFinding[] };
  /** Writes whose outcome was unknown, and that went either way: not a failure. */
  inDoubt: number;
  ok: boolean;
}

/**
 * Every write the database acknowledged, and what it means for the final state: after a rehearsal each
 * acknowledged row must be on the final primary with its value. A write whose connection died before
 * the answer came is "in doubt": it may or may not have committed, and either outcome is accepted (no
 * database promises more), but nothing else is.
 */
export class WriteLedger {
  private readonly expectations = new KeyedExpectations();
  private acknowledgedWrites = 0;

  acknowledged(key: string, value: string | null): void {
    this.acknowledgedWrites++;
    this.expectations.acknowledged(key, value);
  }

  unknownOutcome(key: string, attempted: string | null): void {
    this.expectations.unknownOutcome(key, attempted);
  }

  get size(): number {
    return this.acknowledgedWrites;
  }

  /** Reads the whole table from `primary` (keyset pages) and holds it against the ledger. */
  async verify(primary: SqlRunner, table: { schema: string; table: string; key: string; value: string }, sampleLimit = 20): Promise<LedgerVerdict> {
    const actual = new Map<string, string | null>();
    const name = `${sqlTable(table.schema, table.table)}`;
    const [key, value] = [sqlIdentifier(table.key), sqlIdentifier(table.value)];
    let after: string | undefined;
    for (;;) {
      const rows = await primary.query(
        `SELECT CAST(${key} AS CHAR) AS k, CAST(${value} AS CHAR) AS v FROM ${name}${after === undefined ? "" : ` WHERE ${key} > ?`} ORDER BY ${key} LIMIT 10000`,
        after === undefined ? [] : [after],
      );
      for (const row of rows) actual.set(String(row.k), row.v === null ? null : String(row.v));
      if (rows.length < 10000) break;
      after = String(rows.at(-1)!.k);
    }
    const judged = this.expectations.judge(actual, sampleLimit);
    const verdict: LedgerVerdict = { acknowledged: this.acknowledgedWrites, ...judged, ok: true };
    verdict.ok = verdict.lost === 0 && verdict.changed === 0 && verdict.unexpected === 0;
    return verdict;
  }
}
