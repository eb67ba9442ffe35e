import type { Socket } from "node:net";
import mysql, { type Connection, type PoolConnection } from "mysql2/promise";
import { HarnessError, messageOf } from "../errors/harness-error.ts";
import { sqlIdentifier, sqlTable } from "../sql/sql-literal.ts";
import { connectionOptions, openConnection, type ConnectionTarget } from "../sql/mysql-session.ts";
import { delay } from "../wait/wait-until.ts";
import { seededRandom } from "./write-load.ts";
import { WriteLedger } from "./write-ledger.ts";

export interface LedgerWorkloadOptions {
  /** The table: an integer key and an integer value; the workload owns every row in it. */
  table: { schema: string; table: string; key: string; value: string };
  writers: number;
  /** First key of writer 0; writer i uses keys firstKey + i, firstKey + i + writers, ... */
  firstKey: bigint;
  /** Largest value written (values are random in [-maxValue, maxValue]). */
  maxValue: bigint;
  maxDurationMs: number;
  seed: number;
  /** Pause between a writer's statements (0: as fast as the server answers). */
  pauseMs?: number;
  /** Shares of a writer's statements that insert and that update (the rest delete); default 0.6 and 0.3. */
  mix?: { insert: number; update: number };
  /** Told of every failed write with the host it was sent to, so that failures can be attributed (a stale address, say). */
  onFailure?: (failure: { at: number; host: string; error: unknown }) => void;
  /**
   * The application writes through one mysql2 pool (one connection per writer at most, target() asked
   * once) instead of a connection per writer that it replaces after every failure: a connection whose
   * statement the server refused goes back to the pool and is used again, as pools do; only a
   * connection that died is replaced. Failures are attributed to the address the connection reached.
   */
  pooled?: boolean;
}

/** Writes per second and failures per second, for timelines. */
export interface WorkloadSecond {
  second: number;
  acknowledged: number;
  failed: number;
}

export interface LedgerWorkloadResult {
  ledger: WriteLedger;
  acknowledged: number;
  failed: number;
  /** The longest stretch during which no writer got a write acknowledged, in ms, and when (ms since start). */
  unavailability: { longestMs: number; fromMs: number; toMs: number };
  timeline: WorkloadSecond[];
  errors: string[];
  durationMs: number;
  /** When the workload started (performance.now()), so its per-second timeline can be placed on a scenario's clock. */
  startedAt: number;
  /** Where keys continue for a later workload on the same table. */
  nextKey: bigint;
}

export interface RunningLedgerWorkload {
  stop(): Promise<LedgerWorkloadResult>;
  /** Moves the key range on (e.g. past 2147483647 after a switchover): new inserts use keys from here. */
  jumpKeysTo(key: bigint): void;
}

/**
 * An application writing through an endpoint while the rehearsal switches over or rolls back:
 * inserts, updates and deletes of its own rows, autocommit, reconnecting after every failure as
 * applications do. Every acknowledged write goes into the ledger; a write that failed without an
 * answer is recorded as in doubt.
 */
export function startLedgerWorkload(target: () => ConnectionTarget, options: LedgerWorkloadOptions): RunningLedgerWorkload {
  const mix = statementMix(options.mix);
  const ledger = new WriteLedger();
  const started = performance.now();
  const deadline = Date.now() + options.maxDurationMs;
  const seconds = new Map<number, WorkloadSecond>();
  const successes: number[] = [];
  const errors: string[] = [];
  let failed = 0;
  let stopping = false;
  let nextKey = options.firstKey;
  const take = () => nextKey++;
  const table = `${sqlTable(options.table.schema, options.table.table)}`;
  const [keyColumn, valueColumn] = [sqlIdentifier(options.table.key), sqlIdentifier(options.table.value)];
  const bucket = () => {
    const second = Math.floor((performance.now() - started) / 1000);
    let entry = seconds.get(second);
    if (!entry) seconds.set(second, (entry = { second, acknowledged: 0, failed: 0 }));
    return entry;
  };

  const pool = options.pooled
    ? mysql.createPool({ ...connectionOptions(target()), connectionLimit: options.writers, maxIdle: options.writers, waitForConnections: true, queueLimit: 0 })
    : undefined;

  const writer = async (index: number) => {
    const random = seededRandom(options.seed * 7919 + index);
    const owned: bigint[] = [];
    const value = () => ((BigInt(Math.floor(random() * 2 ** 52)) % (2n * options.maxValue + 1n)) - options.maxValue).toString();
    let connection: Connection | undefined;
    let host = "";
    while (!stopping && Date.now() < deadline) {
      const roll = random();
      let key: bigint;
      let written: string | null;
      let sql: string;
      let params: unknown[];
      if (owned.length === 0 || roll < mix.insert) {
        key = take();
        written = value();
        sql = `INSERT INTO ${table} (${keyColumn}, ${valueColumn}) VALUES (?, ?)`;
        params = [key.toString(), written];
      } else if (roll < mix.insert + mix.update) {
        key = owned[Math.floor(random() * owned.length)]!;
        written = value();
        sql = `UPDATE ${table} SET ${valueColumn} = ? WHERE ${keyColumn} = ?`;
        params = [written, key.toString()];
      } else {
        key = owned[Math.floor(random() * owned.length)]!;
        written = null;
        sql = `DELETE FROM ${table} WHERE ${keyColumn} = ?`;
        params = [key.toString()];
      }
      let sent = false;
      let pooled: PoolConnection | undefined;
      try {
        if (pool) {
          pooled = await pool.getConnection();
          host = remoteAddress(pooled) ?? host;
          sent = true;
          await pooled.query(sql, params);
          pooled.release();
          pooled = undefined;
        } else if (!connection) {
          const chosen = target();
          host = chosen.host;
          connection = await openConnection(chosen);
        }
        if (connection) {
          sent = true;
          await connection.query(sql, params);
        }
        ledger.acknowledged(key.toString(), written);
        if (written !== null && !owned.includes(key)) owned.push(key);
        if (written === null) owned.splice(owned.indexOf(key), 1);
        successes.push(performance.now() - started);
        bucket().acknowledged++;
      } catch (error) {
        failed++;
        bucket().failed++;
        options.onFailure?.({ at: Date.now(), host, error });
        if (errors.length < 10) errors.push(messageOf(error).split("\n")[0]!);
        // Sent but unanswered (lost connection): it may have committed. Refused by the server: it did not.
        if (sent && isConnectionLoss(error)) ledger.unknownOutcome(key.toString(), written);
        // A pool keeps a connection the server answered; one that died is replaced.
        if (pooled) {
          if (isConnectionLoss(error) || (error as { fatal?: boolean }).fatal) pooled.destroy();
          else pooled.release();
        }
        await connection?.end().catch(() => undefined);
        connection = undefined;
        await delay(50);
      }
      if (options.pauseMs) await delay(options.pauseMs);
    }
    await connection?.end().catch(() => undefined);
  };
  const writers = Array.from({ length: options.writers }, (_, index) => writer(index));
  return {
    jumpKeysTo(key: bigint) {
      if (key > nextKey) nextKey = key;
    },
    async stop() {
      stopping = true;
      await Promise.all(writers);
      await pool?.end().catch(() => undefined);
      const durationMs = Math.round(performance.now() - started);
      return {
        ledger,
        acknowledged: ledger.size,
        failed,
        unavailability: longestGap(successes.sort((a, b) => a - b), durationMs),
        timeline: [...seconds.values()].sort((a, b) => a.second - b.second),
        errors,
        durationMs,
        startedAt: started,
        nextKey,
      };
    },
  };
}

function statementMix(mix: LedgerWorkloadOptions["mix"] = { insert: 0.6, update: 0.3 }): { insert: number; update: number } {
  const share = (n: number) => Number.isFinite(n) && n >= 0 && n <= 1;
  if (!share(mix.insert) || !share(mix.update) || mix.insert + mix.update > 1) {
    throw new HarnessError({
      what: "starting the ledger workload",
      cause: `the statement mix ${JSON.stringify(mix)} is not two shares between 0 and 1 that add up to at most 1`,
      fix: "give insert and update shares such as { insert: 0.6, update: 0.3 } (the rest of the statements delete)",
    });
  }
  return mix;
}

/** The address a pooled connection's socket reached (what a failure is attributed to). */
function remoteAddress(connection: PoolConnection): string | undefined {
  return (connection as unknown as { connection?: { stream?: Socket } }).connection?.stream?.remoteAddress;
}

/** The connection died with the statement sent: it may have committed or not. */
export function isConnectionLoss(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? "";
  return ["PROTOCOL_CONNECTION_LOST", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ER_SERVER_SHUTDOWN", "ER_CONNECTION_KILLED", "ER_QUERY_INTERRUPTED"].includes(code);
}

/** The longest time between two acknowledged writes (or from start to the first / last to end). */
export function longestGap(successTimes: number[], durationMs: number): { longestMs: number; fromMs: number; toMs: number } {
  let best = { longestMs: 0, fromMs: 0, toMs: 0 };
  let previous = 0;
  for (const time of [...successTimes, durationMs]) {
    if (time - previous > best.longestMs) best = { longestMs: Math.round(time - previous), fromMs: Math.round(previous), toMs: Math.round(time) };
    previous = time;
  }
  return best;
}
