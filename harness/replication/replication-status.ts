import type { BinlogCoordinates, EngineDialect, ReplicaStatusRow, WorkerError } from "../engine/dialect.ts";
import { messageOf } from "../errors/harness-error.ts";
import type { SqlRunner } from "../sql/sql-runner.ts";
import { applierError, classifyReplicationError, type ReplicationError } from "./replication-error.ts";

/** A replica's state in engine-independent terms, with errors classified and the real cause in sqlError. */
export interface ReplicationStatus {
  /** False when the server has no replication source configured (empty SHOW REPLICA STATUS). */
  configured: boolean;
  ioThread: "running" | "connecting" | "stopped";
  sqlThread: "running" | "stopped";
  source: { host: string; port: number } | null;
  secondsBehindSource: number | null;
  /** How far the IO thread has read the source's binary log (Source_Log_File / Read_Source_Log_Pos). */
  received: BinlogCoordinates | null;
  /** How far the applier has executed, in source coordinates (Relay_Source_Log_File / Exec_Source_Log_Pos). */
  executed: BinlogCoordinates | null;
  /** MySQL: Retrieved_Gtid_Set; MariaDB: Gtid_IO_Pos. */
  retrievedGtidSet: string;
  /** MySQL: Executed_Gtid_Set; MariaDB: Gtid_Slave_Pos. */
  executedGtidSet: string;
  /** MySQL SOURCE_AUTO_POSITION=1, MariaDB MASTER_USE_GTID other than no. */
  autoPosition: boolean;
  ioError: ReplicationError | null;
  sqlError: ReplicationError | null;
}

const NOT_CONFIGURED: ReplicationStatus = {
  configured: false,
  ioThread: "stopped",
  sqlThread: "stopped",
  source: null,
  secondsBehindSource: null,
  received: null,
  executed: null,
  retrievedGtidSet: "",
  executedGtidSet: "",
  autoPosition: false,
  ioError: null,
  sqlError: null,
};

/**
 * Reads SHOW REPLICA STATUS and, when the applier failed on an engine with per-worker errors, the
 * failed workers: the coordinator's message only points at them.
 */
export async function readReplicationStatus(runner: SqlRunner, dialect: EngineDialect): Promise<ReplicationStatus> {
  const row = dialect.parseReplicaStatus(await runner.query(dialect.showReplicaStatusSql()));
  if (row === null) return { ...NOT_CONFIGURED };
  let workers: WorkerError[] = [];
  let workersUnavailable: string | null = null;
  const workerSql = dialect.workerErrorsSql();
  if (row.lastSqlErrno !== 0 && workerSql !== null) {
    try {
      workers = dialect.parseWorkerErrors(await runner.query(workerSql));
    } catch (error) {
      // A status read must still say what it can (it feeds timeout messages); say why the cause is missing.
      workersUnavailable = messageOf(error);
    }
  }
  const status = statusFromRow(row, workers);
  if (workersUnavailable !== null && status.sqlError !== null) {
    status.sqlError.message += ` (worker errors unavailable: ${workersUnavailable})`;
  }
  return status;
}

/** The status for a parsed row and the failed workers (pure: used on recorded rows in tests). */
export function statusFromRow(row: ReplicaStatusRow, workers: readonly WorkerError[] = []): ReplicationStatus {
  return {
    configured: true,
    ioThread: row.ioRunning === "Yes" ? "running" : row.ioRunning === "Connecting" ? "connecting" : "stopped",
    sqlThread: row.sqlRunning === "Yes" ? "running" : "stopped",
    source: row.sourceHost === "" ? null : { host: row.sourceHost, port: row.sourcePort },
    secondsBehindSource: row.secondsBehindSource,
    received: row.sourceLogFile === "" ? null : { file: row.sourceLogFile, position: row.readSourceLogPos },
    executed: row.relaySourceLogFile === "" ? null : { file: row.relaySourceLogFile, position: row.execSourceLogPos },
    retrievedGtidSet: row.retrievedGtidSet,
    executedGtidSet: row.executedGtidSet,
    autoPosition: row.autoPosition,
    ioError: row.lastIoErrno === 0 ? null : classifyReplicationError("io", row.lastIoErrno, row.lastIoError),
    sqlError: row.lastSqlErrno === 0 ? null : applierError(row.lastSqlErrno, row.lastSqlError, workers),
  };
}

/**
 * An applier that stopped on an error, or a receiver that stopped on one (purged binary logs, bad
 * credentials). A receiver still retrying a lost connection is not broken: it may come back. Nor is
 * an applier that still runs with an error: on 9.7.4 that lasts milliseconds, either the last error
 * not yet cleared by the applier START REPLICA restarted (with the worker errors already reset, so
 * only the coordinator's wrapper shows), or a fresh failure about to stop it.
 */
export function isBroken(status: ReplicationStatus): boolean {
  return (status.sqlError !== null && status.sqlThread === "stopped") || (status.ioError !== null && status.ioThread === "stopped");
}

/**
 * Both threads running and no error recorded. A connecting IO thread is not healthy: it is retrying a
 * source it cannot reach or log in to (its error says which).
 */
export function isHealthy(status: ReplicationStatus): boolean {
  return (
    status.configured &&
    status.ioThread === "running" &&
    status.sqlThread === "running" &&
    status.ioError === null &&
    status.sqlError === null
  );
}

/**
 * One line for wait timeouts and reports, e.g.
 * "IO running, SQL stopped: error 13146 (type-conversion) Column 2 ... (worker 1); source blue:3306".
 */
export function describeStatus(status: ReplicationStatus): string {
  if (!status.configured) return "replication not configured";
  let line = `IO ${status.ioThread}${describeError(status.ioError)}, SQL ${status.sqlThread}${describeError(status.sqlError)}`;
  const details: string[] = [];
  if (status.secondsBehindSource !== null) details.push(`${status.secondsBehindSource} s behind`);
  if (status.source !== null) details.push(`source ${status.source.host}:${status.source.port}`);
  if (status.executed !== null) details.push(`executed up to ${status.executed.file}:${status.executed.position}`);
  if (details.length > 0) line += `; ${details.join(", ")}`;
  return line;
}

function describeError(error: ReplicationError | null): string {
  if (error === null) return "";
  const worker = error.workerId === undefined ? "" : ` (worker ${error.workerId})`;
  // Server messages can span lines (GTID lists); a status line must stay one line.
  return `: error ${error.code} (${error.kind}) ${error.message.replace(/\s+/g, " ").trim()}${worker}`;
}
