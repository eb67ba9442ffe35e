import type { NormalizedValue } from "../checks/normalize-value.ts";
import { messageOf } from "../errors/harness-error.ts";
import type { ColumnModel, TableModel } from "../schema/schema-model.ts";
import type { SqlRunner } from "../sql/sql-runner.ts";
import { KeyedExpectations, type KeyFinding } from "./keyed-expectations.ts";
import { ledgerColumns, ledgerExclusion } from "./row-image.ts";
import { imageText, keyText, readRowImages, readTableRows, type ReadRow } from "./table-rows.ts";

/** One row the verdict names: its key and both images, by column, and the columns that differ. */
export interface RowFinding {
  key: Record<string, NormalizedValue>;
  expected: Record<string, NormalizedValue> | null;
  actual: Record<string, NormalizedValue> | null;
  /** Ledgered columns whose values differ (all of them for a lost or unexpected row). */
  columns: string[];
}

export interface TableVerdict {
  table: string;
  /** Acknowledged writes (inserts, updates, deletes) on this table. */
  acknowledged: number;
  /** Rows there before the workload started, held to their state as well. */
  baseline: number;
  /** Rows the ledger expected something of. */
  keys: number;
  lost: number;
  changed: number;
  unexpected: number;
  /** Writes whose acknowledgement was lost, and which went either way: never a failure. */
  inDoubt: number;
  ok: boolean;
  samples: { lost: RowFinding[]; changed: RowFinding[]; unexpected: RowFinding[] };
  /** Columns not held against the writes (generated, set by the server or a trigger), and why. */
  ignoredColumns: { column: string; reason: string }[];
  /** Set when the table could not be read (e.g. it does not exist there): every expected row counts lost. */
  unreadable?: string;
}

export interface RowLedgerVerdict {
  ok: boolean;
  acknowledged: number;
  baseline: number;
  tables: TableVerdict[];
  /** Tables the ledger does not hold (no primary key, written by triggers), with the reason. */
  excluded: { table: string; reason: string }[];
}

interface LedgeredTable {
  model: TableModel;
  columns: ColumnModel[];
  keyColumns: ColumnModel[];
  ignored: { column: string; reason: string }[];
  expectations: KeyedExpectations;
  acknowledged: number;
  baseline: number;
}

/**
 * Every acknowledged insert, update and delete on every table with a primary key, as the row image it
 * must leave (composite keys and any column type: images are normalized as the checker normalizes),
 * and the rows that were there before (the baseline), held to their state too: a conversion that
 * changes generated data is found as surely as a lost write. verify() reads each table on a server
 * (the final primary, or old blue after a rollback) and gives a verdict per table.
 *
 * Keys and images are arrays of normalized values in primary-key order and ledgered-column order
 * (columnsOf(table)); the schema workload builds them with imageValue.
 */
export class RowLedger {
  private readonly tables = new Map<string, LedgeredTable>();
  readonly excluded: { table: string; reason: string }[] = [];
  private acknowledgedWrites = 0;

  constructor(tables: TableModel[]) {
    for (const table of tables) {
      const reason = ledgerExclusion(table);
      if (reason) {
        this.excluded.push({ table: table.table, reason });
        continue;
      }
      const { columns, ignored } = ledgerColumns(table);
      const keyColumns = table.primaryKey.map((name) => table.columns.find((column) => column.name === name)!);
      this.tables.set(table.table, { model: table, columns, keyColumns, ignored, expectations: new KeyedExpectations(), acknowledged: 0, baseline: 0 });
    }
  }

  /** Names of the tables the ledger holds. */
  get tableNames(): string[] {
    return [...this.tables.keys()];
  }

  /** The columns an image holds, in order (undefined for a table the ledger does not hold). */
  columnsOf(table: string): ColumnModel[] | undefined {
    return this.tables.get(table)?.columns;
  }

  /** Acknowledged writes recorded. */
  get size(): number {
    return this.acknowledgedWrites;
  }

  acknowledged(table: string, key: NormalizedValue[], image: NormalizedValue[] | null): void {
    const entry = this.entry(table);
    entry.acknowledged++;
    this.acknowledgedWrites++;
    entry.expectations.acknowledged(keyText(key), image === null ? null : imageText(image));
  }

  /** A write sent whose answer never came (the connection died): either outcome is accepted. */
  unknownOutcome(table: string, key: NormalizedValue[], attempted: NormalizedValue[] | null): void {
    this.entry(table).expectations.unknownOutcome(keyText(key), attempted === null ? null : imageText(attempted));
  }

  /**
   * Takes the rows every held table has now as the state they must keep (unless the workload writes
   * them), and hands them on (e.g. for the workload to update). Run before writes start.
   */
  async recordBaseline(runner: SqlRunner): Promise<Map<string, ReadRow[]>> {
    await runner.query("SET SESSION time_zone = '+00:00'");
    const rows = new Map<string, ReadRow[]>();
    for (const [name, entry] of this.tables) {
      const list: ReadRow[] = [];
      await readTableRows(runner, entry.model, entry.columns, (row) => {
        entry.expectations.acknowledged(row.key, row.image);
        entry.baseline++;
        list.push(row);
      });
      rows.set(name, list);
    }
    return rows;
  }

  /** Reads every held table on `runner` and holds it against the ledger. Sets the session's time_zone to '+00:00'. */
  async verify(runner: SqlRunner, options: { sampleLimit?: number } = {}): Promise<RowLedgerVerdict> {
    const sampleLimit = options.sampleLimit ?? 10;
    await runner.query("SET SESSION time_zone = '+00:00'");
    const verdicts: TableVerdict[] = [];
    for (const [name, entry] of this.tables) {
      // Each row is held against the ledger as it is read: the table is never held in memory.
      let judgement = entry.expectations.startJudgement();
      let unreadable: string | undefined;
      try {
        await readRowImages(runner, entry.model, entry.columns, (key, image) => judgement.row(key, image));
      } catch (error) {
        // A table read in part proves nothing about the rest: judged as if nothing could be read.
        unreadable = messageOf(error);
        judgement.abandon();
        judgement = entry.expectations.startJudgement();
      }
      const judged = judgement.finish(sampleLimit);
      const finding = (f: KeyFinding) => this.finding(entry, f);
      verdicts.push({
        table: name,
        acknowledged: entry.acknowledged,
        baseline: entry.baseline,
        keys: judged.keys,
        lost: judged.lost,
        changed: judged.changed,
        unexpected: judged.unexpected,
        inDoubt: judged.inDoubt,
        ok: judged.lost + judged.changed + judged.unexpected === 0 && unreadable === undefined,
        samples: { lost: judged.samples.lost.map(finding), changed: judged.samples.changed.map(finding), unexpected: judged.samples.unexpected.map(finding) },
        ignoredColumns: entry.ignored,
        ...(unreadable ? { unreadable } : {}),
      });
    }
    return {
      ok: verdicts.every((v) => v.ok),
      acknowledged: this.acknowledgedWrites,
      baseline: verdicts.reduce((sum, v) => sum + v.baseline, 0),
      tables: verdicts,
      excluded: [...this.excluded],
    };
  }

  private entry(table: string): LedgeredTable {
    const entry = this.tables.get(table);
    if (!entry) throw new Error(`the row ledger does not hold table ${table} (held: ${this.tableNames.join(", ")})`);
    return entry;
  }

  private finding(entry: LedgeredTable, found: KeyFinding): RowFinding {
    const key = JSON.parse(found.key) as NormalizedValue[];
    const byColumn = (text: string | null) => (text === null ? null : Object.fromEntries((JSON.parse(text) as NormalizedValue[]).map((v, i) => [entry.columns[i]!.name, v])));
    const expected = byColumn(found.expected);
    const actual = byColumn(found.actual);
    const columns = entry.columns.map((c) => c.name).filter((c) => !expected || !actual || expected[c] !== actual[c]);
    return { key: Object.fromEntries(entry.keyColumns.map((c, i) => [c.name, key[i] ?? null])), expected, actual, columns };
  }
}
