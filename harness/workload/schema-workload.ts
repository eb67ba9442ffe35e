import type { Connection } from "mysql2/promise";
import type { NormalizedValue } from "../checks/normalize-value.ts";
import { columnDomain, writableColumns, type ColumnValue, type ValueSource } from "../data/column-domain.ts";
import { HarnessError, messageOf } from "../errors/harness-error.ts";
import type { ColumnModel, SchemaModel, TableModel } from "../schema/schema-model.ts";
import { openConnection, MysqlSession, type ConnectionTarget } from "../sql/mysql-session.ts";
import { sqlIdentifier, sqlTable } from "../sql/sql-literal.ts";
import { sleep } from "../wait/wait-until.ts";
import { isConnectionLoss, longestGap, type WorkloadSecond } from "./ledger-workload.ts";
import { imageValue } from "./row-image.ts";
import { RowLedger } from "./row-ledger.ts";
import { seededRandom } from "./write-load.ts";

export interface SchemaWorkloadOptions {
  model: SchemaModel;
  /** Only these tables (default: every table of the model). */
  tables?: string[];
  writers: number;
  /** Statements per second across all writers (default: as fast as the server answers). */
  ratePerSecond?: number;
  seed: number;
  maxDurationMs: number;
  /** Shares of statements that insert and that update (the rest delete where a table allows it); default 0.5 and 0.3. */
  mix?: { insert: number; update: number };
  /** false: the same writes without recording them (the benchmark's baseline for the ledger's cost). Default true. */
  recordWrites?: boolean;
}

export interface SchemaWorkloadResult {
  ledger: RowLedger;
  /** Acknowledged writes. */
  acknowledged: number;
  /** Writes that failed (refused by a read-only or unreachable server, connection lost). */
  failed: number;
  /** Writes the schema refused (a duplicate key, a missing parent): nothing was written; not an outage. */
  refused: number;
  unavailability: { longestMs: number; fromMs: number; toMs: number };
  timeline: WorkloadSecond[];
  errors: string[];
  durationMs: number;
  startedAt: number;
  /** Tables the workload leaves alone, with the reason (no primary key, written by triggers). */
  excluded: { table: string; reason: string }[];
}

export interface RunningSchemaWorkload {
  /** Resolves once the starting rows are recorded and the writers run (rejects if the server could not be read). */
  readonly ready: Promise<void>;
  stop(): Promise<SchemaWorkloadResult>;
}

/** A row a writer owns: it alone updates or deletes it, so the order of its acknowledgements is the order of its commits. */
interface OwnedRow {
  rawKey: unknown[];
  key: NormalizedValue[];
  image: NormalizedValue[];
}

interface TablePlan {
  model: TableModel;
  name: string;
  insertColumns: ColumnModel[];
  keyColumns: ColumnModel[];
  ledgerColumns: ColumnModel[];
  /** Columns an update may set: ledgered, not in the primary key, not referenced by a foreign key. */
  updatable: ColumnModel[];
  /** No foreign key points at the table, so deleting a row cascades nowhere. */
  deletable: boolean;
  sources: Map<string, ValueSource>;
  foreignKeys: ForeignKeyPool[];
  /** Children's foreign-key pools that this table's acknowledged inserts feed. */
  feeds: ForeignKeyPool[];
}

interface ForeignKeyPool {
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  nullable: boolean;
  pool: unknown[][];
}

/** How a write ended: acknowledged, not done (refused or failed with an answer), or in doubt (no answer). */
type Outcome = "acknowledged" | "not-done" | "in-doubt";

const SERVER_REFUSALS = new Set([1062, 1451, 1452, 1048, 3819]);

/**
 * An application writing to a team's own tables while the rehearsal runs: every writer on its own
 * connection inserts, updates and deletes rows valid for the schema (values from the column's whole
 * domain, foreign keys pointing at existing parents), autocommit, reconnecting after each failure.
 * Every acknowledged write goes into a RowLedger as the row image it leaves; a write whose connection
 * died before the answer is in doubt. The rows already there are recorded first and shared out among
 * the writers, so each row has one writer and the ledger's order is the commit order. Updates never
 * touch primary keys or columns a foreign key references, and rows are deleted only from tables no
 * foreign key references, so no cascade changes a row behind the ledger's back.
 */
export function startSchemaWorkload(target: () => ConnectionTarget, options: SchemaWorkloadOptions): RunningSchemaWorkload {
  const mix = options.mix ?? { insert: 0.5, update: 0.3 };
  if (!(mix.insert >= 0 && mix.update >= 0 && mix.insert + mix.update <= 1)) {
    throw new HarnessError({ what: "starting the schema workload", cause: `the statement mix ${JSON.stringify(mix)} is not two shares between 0 and 1 adding up to at most 1`, fix: "give e.g. { insert: 0.5, update: 0.3 } (the rest delete)" });
  }
  if (!Number.isInteger(options.writers) || options.writers < 1) {
    throw new HarnessError({ what: "starting the schema workload", cause: `writers is ${options.writers}`, fix: "give 1 or more writers" });
  }
  const inScope = tablesInScope(options.model, options.tables);
  const ledger = new RowLedger(inScope);
  if (ledger.tableNames.length === 0) {
    throw new HarnessError({
      what: "starting the schema workload",
      cause: `none of its tables can be ledgered: ${ledger.excluded.map((e) => `${e.table} (${e.reason})`).join("; ") || "the schema has no tables"}`,
      fix: "give the tables a primary key, or name tables that have one",
    });
  }
  const plans = ledger.tableNames.map((name) => planTable(options.model, inScope.find((t) => t.table === name)!, ledger.columnsOf(name)!));
  for (const child of plans) for (const fk of child.foreignKeys) plans.find((p) => p.name === fk.referencedTable)?.feeds.push(fk);
  // Reset when the writers start: reading the starting rows is not an outage.
  let started = performance.now();
  let deadline = Date.now() + options.maxDurationMs;
  const seconds = new Map<number, WorkloadSecond>();
  const successes: number[] = [];
  const errors: string[] = [];
  let failed = 0;
  let refused = 0;
  let unrecorded = 0;
  const record = options.recordWrites !== false;
  let stopping = false;
  const bucket = () => {
    const second = Math.floor((performance.now() - started) / 1000);
    let entry = seconds.get(second);
    if (!entry) seconds.set(second, (entry = { second, acknowledged: 0, failed: 0 }));
    return entry;
  };
  const note = (error: unknown) => errors.length < 10 && errors.push(messageOf(error).split("\n")[0]!);
  const interval = options.ratePerSecond ? (1000 * options.writers) / options.ratePerSecond : 0;

  const writer = async (index: number, owned: Map<string, OwnedRow[]>) => {
    const random = seededRandom(options.seed * 7919 + index);
    let connection: Connection | undefined;
    let statements = 0;
    while (!stopping && Date.now() < deadline) {
      if (interval > 0) {
        const due = started + index * (interval / options.writers) + statements * interval;
        const wait = due - performance.now();
        if (wait > 0) await sleep(Math.min(wait, deadline - Date.now()));
        if (stopping || Date.now() >= deadline) break;
      }
      statements++;
      const plan = plans[Math.floor(random() * plans.length)]!;
      const mine = owned.get(plan.name)!;
      const write = chooseWrite(plan, mine, random, mix);
      if (!write) continue;
      let sent = false;
      try {
        if (!connection) {
          connection = await openConnection(target());
          await connection.query("SET SESSION time_zone = '+00:00'");
        }
        sent = true;
        await connection.query(write.sql, write.params);
        if (record) ledger.acknowledged(plan.name, write.key, write.image);
        else unrecorded++;
        write.settle("acknowledged");
        successes.push(performance.now() - started);
        bucket().acknowledged++;
      } catch (error) {
        const inDoubt = sent && isConnectionLoss(error);
        write.settle(inDoubt ? "in-doubt" : "not-done");
        const errno = (error as { errno?: number }).errno;
        if (errno !== undefined && SERVER_REFUSALS.has(errno)) {
          refused++;
          if (refused <= 3) note(error);
          continue;
        }
        failed++;
        bucket().failed++;
        note(error);
        if (inDoubt && record) ledger.unknownOutcome(plan.name, write.key, write.image);
        await connection?.end().catch(() => undefined);
        connection = undefined;
        await sleep(50);
      }
    }
    await connection?.end().catch(() => undefined);
  };

  let writers: Promise<void>[] = [];
  const ready = (async () => {
    const session = new MysqlSession(target);
    try {
      const baseline = await ledger.recordBaseline(session);
      for (const plan of plans) await fillPools(session, plan);
      // Each starting row gets one owner.
      const owned = Array.from({ length: options.writers }, () => new Map<string, OwnedRow[]>(plans.map((p) => [p.name, []])));
      for (const plan of plans) {
        (baseline.get(plan.name) ?? []).forEach((row, i) => {
          owned[i % options.writers]!.get(plan.name)!.push({ rawKey: row.rawKey, key: JSON.parse(row.key), image: JSON.parse(row.image) });
        });
      }
      started = performance.now();
      deadline = Date.now() + options.maxDurationMs;
      writers = owned.map((rows, index) => writer(index, rows));
    } finally {
      await session.close();
    }
  })();
  ready.catch(() => undefined);

  return {
    ready,
    async stop() {
      stopping = true;
      await ready;
      await Promise.all(writers);
      const durationMs = Math.round(performance.now() - started);
      return {
        ledger,
        acknowledged: record ? ledger.size : unrecorded,
        failed,
        refused,
        unavailability: longestGap(successes.sort((a, b) => a - b), durationMs),
        timeline: [...seconds.values()].sort((a, b) => a.second - b.second),
        errors,
        durationMs,
        startedAt: started,
        excluded: [...ledger.excluded],
      };
    },
  };
}

function tablesInScope(model: SchemaModel, tables: string[] | undefined): TableModel[] {
  if (!tables) return model.tables;
  const unknown = tables.filter((name) => !model.tables.some((t) => t.table === name));
  if (unknown.length > 0) {
    throw new HarnessError({
      what: "starting the schema workload",
      cause: `no table named ${unknown.map((n) => `"${n}"`).join(", ")} in schema ${model.schema}`,
      fix: `name tables of the schema: ${model.tables.map((t) => t.table).join(", ")}`,
    });
  }
  return model.tables.filter((t) => tables.includes(t.table));
}

function planTable(model: SchemaModel, table: TableModel, ledgerColumns: ColumnModel[]): TablePlan {
  const referenced = new Set(
    model.tables.flatMap((other) => other.foreignKeys.filter((fk) => fk.referencedSchema === model.schema && fk.referencedTable === table.table).flatMap((fk) => fk.referencedColumns)),
  );
  const insertColumns = writableColumns(table);
  return {
    model: table,
    name: table.table,
    insertColumns,
    keyColumns: table.primaryKey.map((name) => table.columns.find((c) => c.name === name)!),
    ledgerColumns,
    updatable: ledgerColumns.filter((c) => !table.primaryKey.includes(c.name) && !referenced.has(c.name)),
    deletable: !model.tables.some((other) => other.foreignKeys.some((fk) => fk.referencedSchema === model.schema && fk.referencedTable === table.table)),
    // Key columns seldom take an edge value: each edge is a key once, and then every writer drawing it again is refused as a duplicate.
    sources: new Map(insertColumns.map((c) => [c.name, columnDomain(table, c, { edgeShare: isKey(table, c.name) ? 0.02 : undefined })])),
    foreignKeys: table.foreignKeys.map((fk) => ({
      columns: fk.columns,
      referencedTable: fk.referencedTable,
      referencedColumns: fk.referencedColumns,
      nullable: fk.columns.every((name) => table.columns.find((c) => c.name === name)?.nullable),
      pool: [],
    })),
    feeds: [],
  };
}

/** Parent rows a child's foreign key may point at: a sample read now (parents the workload inserts join later). */
async function fillPools(session: MysqlSession, plan: TablePlan): Promise<void> {
  for (const fk of plan.foreignKeys) {
    const rows = await session.query(
      `SELECT ${fk.referencedColumns.map((c, i) => `${sqlIdentifier(c)} AS c${i}`).join(", ")} FROM ${sqlTable(plan.model.schema, fk.referencedTable)} LIMIT 10000`,
    );
    fk.pool = rows.map((row) => fk.referencedColumns.map((_, i) => row[`c${i}`]));
  }
}

interface PlannedWrite {
  sql: string;
  params: unknown[];
  key: NormalizedValue[];
  /** The image the write leaves; null for a delete. */
  image: NormalizedValue[] | null;
  /** Updates the writer's own rows once the outcome is known (acknowledged or not). */
  settle(outcome: Outcome): void;
}

function chooseWrite(plan: TablePlan, owned: OwnedRow[], random: () => number, mix: { insert: number; update: number }): PlannedWrite | undefined {
  const roll = random();
  if (owned.length > 0 && roll >= mix.insert) {
    if (roll < mix.insert + mix.update || !plan.deletable) {
      const update = plan.updatable.length > 0 ? updateWrite(plan, owned, random) : undefined;
      if (update) return update;
    } else {
      return deleteWrite(plan, owned, random);
    }
  }
  return insertWrite(plan, owned, random);
}

function insertWrite(plan: TablePlan, owned: OwnedRow[], random: () => number): PlannedWrite | undefined {
  const row = new Map<string, ColumnValue>();
  for (const fk of plan.foreignKeys) {
    if (fk.pool.length === 0 && !fk.nullable) return undefined;
    const tuple = fk.pool.length === 0 || (fk.nullable && random() < 0.1) ? fk.columns.map(() => null) : fk.pool[Math.floor(random() * fk.pool.length)]!;
    fk.columns.forEach((column, i) => row.has(column) || row.set(column, (tuple[i] ?? null) as ColumnValue));
  }
  for (const column of plan.insertColumns) {
    if (!row.has(column.name)) row.set(column.name, column.nullable && !column.autoIncrement && random() < 0.1 ? null : plan.sources.get(column.name)!(random));
  }
  const rawKey = plan.keyColumns.map((c) => row.get(c.name) ?? null);
  const key = plan.keyColumns.map((c, i) => imageValue(c, rawKey[i]));
  const image = plan.ledgerColumns.map((c) => imageValue(c, row.get(c.name) ?? null));
  return {
    sql: `INSERT INTO ${sqlTable(plan.model.schema, plan.name)} (${plan.insertColumns.map((c) => sqlIdentifier(c.name)).join(", ")}) VALUES (${plan.insertColumns.map(() => "?").join(", ")})`,
    params: plan.insertColumns.map((c) => row.get(c.name) ?? null),
    key,
    image,
    settle(outcome) {
      if (outcome !== "acknowledged") return;
      owned.push({ rawKey, key, image });
      for (const child of plan.feeds) child.pool.push(child.referencedColumns.map((c) => row.get(c) ?? null));
    },
  };
}

function updateWrite(plan: TablePlan, owned: OwnedRow[], random: () => number): PlannedWrite | undefined {
  const index = Math.floor(random() * owned.length);
  const target = owned[index]!;
  const changes = new Map<string, ColumnValue>();
  const count = 1 + Math.floor(random() * Math.min(2, plan.updatable.length));
  for (let i = 0; i < count; i++) {
    const column = plan.updatable[Math.floor(random() * plan.updatable.length)]!;
    const fk = plan.foreignKeys.find((f) => f.columns.includes(column.name));
    if (fk && fk.pool.length > 0) {
      const tuple = fk.pool[Math.floor(random() * fk.pool.length)]!;
      fk.columns.forEach((name, j) => changes.set(name, (tuple[j] ?? null) as ColumnValue));
    } else if (!fk) {
      changes.set(column.name, column.nullable && random() < 0.1 ? null : plan.sources.get(column.name)!(random));
    }
  }
  if (changes.size === 0) return undefined;
  const image = plan.ledgerColumns.map((c, i) => (changes.has(c.name) ? imageValue(c, changes.get(c.name)) : target.image[i]!));
  const assignments = [...changes.keys()];
  return {
    sql: `UPDATE ${sqlTable(plan.model.schema, plan.name)} SET ${assignments.map((c) => `${sqlIdentifier(c)} = ?`).join(", ")} WHERE ${whereKey(plan)}`,
    params: [...assignments.map((c) => changes.get(c) ?? null), ...target.rawKey],
    key: target.key,
    image,
    settle(outcome) {
      if (outcome === "acknowledged") target.image = image;
      // In doubt: the row's state is no longer known for sure; the writer leaves it alone from now on.
      if (outcome === "in-doubt") owned.splice(owned.indexOf(target), 1);
    },
  };
}

function deleteWrite(plan: TablePlan, owned: OwnedRow[], random: () => number): PlannedWrite {
  const target = owned[Math.floor(random() * owned.length)]!;
  return {
    sql: `DELETE FROM ${sqlTable(plan.model.schema, plan.name)} WHERE ${whereKey(plan)}`,
    params: [...target.rawKey],
    key: target.key,
    image: null,
    settle(outcome) {
      if (outcome !== "not-done") owned.splice(owned.indexOf(target), 1);
    },
  };
}

function whereKey(plan: TablePlan): string {
  return plan.keyColumns.map((c) => `${sqlIdentifier(c.name)} = ?`).join(" AND ");
}

function isKey(table: TableModel, column: string): boolean {
  return table.primaryKey.includes(column) || table.uniqueKeys.some((key) => key.columns.includes(column));
}
