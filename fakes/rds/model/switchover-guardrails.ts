import { HarnessError, messageOf } from "../../../harness/errors/harness-error.ts";
import { delay } from "../../../harness/wait/wait-until.ts";
import type { StartedMysqlNode } from "../../../harness/node/started-mysql-node.ts";
import { describeStatus, isHealthy, readReplicationStatus, type ReplicationStatus } from "../../../harness/replication/replication-status.ts";

export interface GuardrailThresholds {
  /** A write transaction open longer than this on blue blocks a switchover. */
  longWriteSeconds: number;
  /** DDL running longer than this on blue blocks a switchover. */
  longDdlSeconds: number;
  /** Green's allowed lag is the switchover timeout divided by this. */
  lagDivisor: number;
}

export const DEFAULT_GUARDRAILS: GuardrailThresholds = { longWriteSeconds: 10, longDdlSeconds: 10, lagDivisor: 10 };

export interface GuardrailResult {
  name: string;
  passed: boolean;
  /** What was seen; for a failure, the reason RDS gives ("... due to <reason>"). */
  detail: string;
}

export interface GuardrailSubjects {
  blueCluster: string;
  greenCluster: string;
  blueWriter: StartedMysqlNode;
  greenWriter: StartedMysqlNode;
  timeoutSeconds: number;
  thresholds: GuardrailThresholds;
}

/**
 * Seed 002's guardrails, evaluated on the real servers. Green: replication health, replication lag
 * within a limit derived from the timeout, no active writes. Blue: not an external binlog replica, no
 * long-running active writes, no long-running DDL. Every check runs, so a report shows them all.
 */
export async function evaluateGuardrails(subjects: GuardrailSubjects): Promise<GuardrailResult[]> {
  const { blueWriter, greenWriter, greenCluster, blueCluster, thresholds } = subjects;
  const results: GuardrailResult[] = [];
  const green = await readReplicationStatus(greenWriter, greenWriter.dialect);
  const healthy = green.configured && isHealthy(green);
  results.push({
    name: "replication health",
    passed: healthy,
    detail: healthy ? describeStatus(green) : `replication errors on ${greenCluster}. Correct the replication errors and then switch over.${receiverErrorWording(green)} (${describeStatus(green)})`,
  });
  const lagLimit = Math.max(1, Math.floor(subjects.timeoutSeconds / thresholds.lagDivisor));
  const lag = green.secondsBehindSource;
  results.push({
    name: "replication lag",
    passed: lag !== null && lag <= lagLimit,
    detail: lag === null ? `replica lag on ${greenCluster} is unknown (replication not running)` : lag <= lagLimit ? `${lag} s behind, limit ${lagLimit} s` : `replica lag on ${greenCluster} of ${lag} s exceeds the ${lagLimit} s allowed by a switchover timeout of ${subjects.timeoutSeconds} s`,
  });
  const greenWrites = await writeTransactions(greenWriter, 0);
  results.push({
    name: "active writes on green",
    passed: greenWrites === 0,
    detail: greenWrites === 0 ? "no write transactions on green's writer" : `active writes on ${greenCluster}: ${greenWrites} open write transaction(s) on its writer`,
  });
  const external = await readReplicationStatus(blueWriter, blueWriter.dialect);
  results.push({
    name: "external replication",
    passed: !external.configured,
    detail: external.configured ? `${blueCluster} is an external binlog replica of ${external.source?.host}:${external.source?.port}; reset its replication first` : "blue replicates from no external source",
  });
  const longWrites = await writeTransactions(blueWriter, thresholds.longWriteSeconds);
  results.push({
    name: "long-running writes on blue",
    passed: longWrites === 0,
    detail: longWrites === 0 ? `no write transaction on blue open longer than ${thresholds.longWriteSeconds} s` : `long-running active writes on ${blueCluster}: ${longWrites} write transaction(s) open longer than ${thresholds.longWriteSeconds} s`,
  });
  const ddl = await longDdl(blueWriter, thresholds.longDdlSeconds);
  results.push({
    name: "long-running DDL on blue",
    passed: ddl.length === 0,
    detail: ddl.length === 0 ? `no DDL on blue running longer than ${thresholds.longDdlSeconds} s` : `long-running DDL statements on ${blueCluster}: ${ddl.join("; ")}`,
  });
  return results;
}

/**
 * A receiver's error as RDS words it (seed 004): " Read Replica Replication Error - IOError: 1236,
 * reason: Got fatal error 1236 from master when reading ...". RDS names the source's error number, which
 * MySQL 8+ reports inside its own (13114, "Got fatal error 1236 from source ..."); empty without one.
 */
function receiverErrorWording(status: ReplicationStatus): string {
  if (status.ioError === null) return "";
  const message = status.ioError.message.replace(/\s+/g, " ").trim();
  const sourceCode = /Got fatal error (\d+) from/.exec(message)?.[1] ?? String(status.ioError.code);
  return ` Read Replica Replication Error - IOError: ${sourceCode}, reason: ${message}`;
}

/** Client transactions that have modified rows and are older than `olderThanSeconds` (replication appliers excluded). */
async function writeTransactions(node: StartedMysqlNode, olderThanSeconds: number): Promise<number> {
  const fromInnodb = () => node.query(
    `SELECT COUNT(*) AS n FROM information_schema.innodb_trx t
       JOIN ${node.dialect.processlistTable} p ON p.id = t.trx_mysql_thread_id
      WHERE t.trx_rows_modified > 0 AND p.user <> 'system user'
        AND TIMESTAMPDIFF(SECOND, t.trx_started, NOW()) >= ?`,
    [olderThanSeconds],
  );
  const rows = node.dialect.name === "mariadb"
    ? await whileNoFourByteStatement(node, fromInnodb)
    : await fromInnodb().catch((error: unknown) => {
      if (!isFourByteConversionError(error)) throw error;
      return fromPerformanceSchema(node, olderThanSeconds);
    });
  return Number(rows[0]?.n ?? 0);
}

/**
 * MySQL's information_schema.INNODB_TRX holds each transaction's current statement as utf8mb3, and the
 * whole query fails ("Cannot convert string ... from utf8mb4 to utf8mb3") while any statement with a
 * 4-byte character (an emoji in an INSERT, a long SELECT of one) runs. MySQL then reads the same answer
 * from performance_schema: client transactions still active after `olderThanSeconds` that hold a write
 * intention lock (IX or X) on a table. Close to INNODB_TRX's rows-modified count: an UPDATE that matched
 * nothing also takes IX, a plain SELECT never does.
 */
async function fromPerformanceSchema(node: StartedMysqlNode, olderThanSeconds: number) {
  const rows = await node.query(
    `SELECT COUNT(*) AS n FROM performance_schema.events_transactions_current t
       JOIN performance_schema.threads th ON th.THREAD_ID = t.THREAD_ID
      WHERE t.STATE = 'ACTIVE' AND th.NAME = 'thread/sql/one_connection'
        AND t.TIMER_WAIT >= ? * 1000000000000
        AND EXISTS (SELECT 1 FROM performance_schema.data_locks l
                     WHERE l.THREAD_ID = t.THREAD_ID AND l.LOCK_TYPE = 'TABLE' AND l.LOCK_MODE IN ('IX', 'X'))`,
    [olderThanSeconds],
  );
  if (Number(rows[0]?.n ?? 0) > 0) return rows;
  // None found: trustworthy only if every thread is instrumented (the servers run with few thread slots).
  const [lost] = await node.query("SHOW GLOBAL STATUS LIKE 'Performance_schema_thread_instances_lost'");
  if (Number(lost?.Value ?? 0) > 0) {
    throw new HarnessError({
      what: `reading ${node.name}'s open write transactions`,
      cause: `information_schema.INNODB_TRX refused (a statement holding a 4-byte character runs) and performance_schema, asked instead, has lost ${String(lost!.Value)} thread(s) it could not instrument, so it may miss a long write`,
      fix: "let the statement finish, then switch over again (or raise performance_schema_max_thread_instances)",
    });
  }
  return rows;
}

function isFourByteConversionError(error: unknown): boolean {
  return /Cannot convert string/i.test(messageOf(error));
}

/**
 * MariaDB has no performance_schema.data_locks to read instead: read INNODB_TRX again, for at most 5 s
 * (such statements mostly last milliseconds), then say why it failed.
 */
async function whileNoFourByteStatement<T>(node: StartedMysqlNode, read: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      return await read();
    } catch (error) {
      if (!isFourByteConversionError(error)) throw error;
      if (Date.now() > deadline) {
        throw new HarnessError({ what: `reading ${node.name}'s open write transactions (information_schema.INNODB_TRX)`, cause: messageOf(error), fix: "a statement holding a 4-byte character ran for 5 s or more, and MariaDB cannot show it there: let it finish, then switch over again" });
      }
      await delay(50);
    }
  }
}

async function longDdl(node: StartedMysqlNode, olderThanSeconds: number): Promise<string[]> {
  const rows = await node.query(
    `SELECT id, time, LEFT(info, 80) AS statement FROM ${node.dialect.processlistTable}
      WHERE command = 'Query' AND time >= ? AND user <> 'system user'
        AND UPPER(TRIM(info)) REGEXP '^(ALTER|CREATE|DROP|RENAME|TRUNCATE|OPTIMIZE)'`,
    [olderThanSeconds],
  );
  return rows.map((row) => `"${String(row.statement)}" running ${String(row.time)} s`);
}
