import type { WorkerError } from "../engine/dialect.ts";

/**
 * Error numbers a replica reports in Last_IO_Errno / Last_SQL_Errno (and per worker in
 * performance_schema), with the names of MySQL's errmsg (checked with perror on 9.7.4). Client-side
 * numbers (2xxx) appear when the IO thread cannot connect or log in to the source.
 */
export const ReplicationErrorCode = {
  // Applier (SQL thread / workers)
  DuplicateKey: 1062, // ER_DUP_ENTRY
  KeyNotFound: 1032, // ER_KEY_NOT_FOUND: row to update/delete is missing
  ConversionFailed: 13146, // ER_SERVER_REPLICA_CONVERSION_FAILED (8.0+)
  ConversionFailedLegacy: 1677, // ER_SLAVE_CONVERSION_FAILED (<= 5.7, MariaDB)
  NoSuchTable: 1146, // ER_NO_SUCH_TABLE
  BadDatabase: 1049, // ER_BAD_DB_ERROR
  BadTable: 1051, // ER_BAD_TABLE_ERROR (DROP of an unknown table)
  BadField: 1054, // ER_BAD_FIELD_ERROR
  TableExists: 1050, // ER_TABLE_EXISTS_ERROR
  DatabaseExists: 1007, // ER_DB_CREATE_EXISTS
  CannotUser: 1396, // ER_CANNOT_USER: "Operation CREATE USER failed for ..." (also DROP USER of a missing user)
  NoReferencedRow: 1216, // ER_NO_REFERENCED_ROW
  RowIsReferenced: 1217, // ER_ROW_IS_REFERENCED
  RowIsReferenced2: 1451, // ER_ROW_IS_REFERENCED_2: deleting a parent row
  NoReferencedRow2: 1452, // ER_NO_REFERENCED_ROW_2: child row without parent
  MtaInconsistentData: 1756, // ER_MTA_INCONSISTENT_DATA
  WorkerStoppedAfterPrevious: 3030, // ER_REPLICA_WORKER_STOPPED_PREVIOUS_THD_ERROR: a later worker held back by replica_preserve_commit_order
  // Receiver (IO thread)
  SourceFatalError: 13114, // ER_SERVER_SOURCE_FATAL_ERROR_READING_BINLOG: "Got fatal error 1236 from source ..."
  FatalReadingBinlog: 1236, // ER_SOURCE_FATAL_ERROR_READING_BINLOG (the source's own code; MariaDB's IO errno)
  ReplicaFatalError: 13117, // ER_REPLICA_FATAL_ERROR: "Fatal error: %s" (equal server ids, empty user, ...)
  SourceCommandFailed: 13120, // ER_REPLICA_SOURCE_COM_FAILURE
  AccessDenied: 1045, // ER_ACCESS_DENIED_ERROR
  HostNotPrivileged: 1130, // ER_HOST_NOT_PRIVILEGED
  HostIsBlocked: 1129, // ER_HOST_IS_BLOCKED
  NotSupportedAuthMode: 1251, // ER_NOT_SUPPORTED_AUTH_MODE
  ConnectionError: 2002, // CR_CONNECTION_ERROR (socket)
  ConnHostError: 2003, // CR_CONN_HOST_ERROR: "Can't connect to MySQL server on ..."
  UnknownHost: 2005, // CR_UNKNOWN_HOST
  ServerGone: 2006, // CR_SERVER_GONE_ERROR
  ServerLost: 2013, // CR_SERVER_LOST
  SslConnectionError: 2026, // CR_SSL_CONNECTION_ERROR
  AuthPluginCannotLoad: 2059, // CR_AUTH_PLUGIN_CANNOT_LOAD
  AuthPluginError: 2061, // CR_AUTH_PLUGIN_ERR: caching_sha2_password without TLS or the source's public key
} as const;

/**
 * What went wrong, in the terms a runbook cares about. "object-exists" (not in the first design) is
 * the reference's 1396 trap: the replicated CREATE USER/TABLE meets an object created on the replica.
 */
export type ReplicationErrorKind =
  | "type-conversion"
  | "duplicate-key"
  | "row-not-found"
  | "binlog-unavailable"
  | "source-unreachable"
  | "authentication"
  | "missing-object"
  | "object-exists"
  | "foreign-key"
  | "other";

export interface ReplicationError {
  thread: "io" | "sql";
  code: number;
  kind: ReplicationErrorKind;
  message: string;
  /** The applier worker that failed (MySQL's multi-threaded applier), when known. */
  workerId?: number;
}

const C = ReplicationErrorCode;

const KIND_BY_CODE = new Map<number, ReplicationErrorKind>([
  [C.ConversionFailed, "type-conversion"],
  [C.ConversionFailedLegacy, "type-conversion"],
  [C.DuplicateKey, "duplicate-key"],
  [C.KeyNotFound, "row-not-found"],
  [C.SourceFatalError, "binlog-unavailable"],
  [C.FatalReadingBinlog, "binlog-unavailable"],
  [C.ConnectionError, "source-unreachable"],
  [C.ConnHostError, "source-unreachable"],
  [C.UnknownHost, "source-unreachable"],
  [C.ServerGone, "source-unreachable"],
  [C.ServerLost, "source-unreachable"],
  [C.SslConnectionError, "source-unreachable"],
  [C.HostIsBlocked, "source-unreachable"],
  [C.AccessDenied, "authentication"],
  [C.HostNotPrivileged, "authentication"],
  [C.NotSupportedAuthMode, "authentication"],
  [C.AuthPluginCannotLoad, "authentication"],
  [C.AuthPluginError, "authentication"],
  [C.NoSuchTable, "missing-object"],
  [C.BadDatabase, "missing-object"],
  [C.BadTable, "missing-object"],
  [C.BadField, "missing-object"],
  [C.TableExists, "object-exists"],
  [C.DatabaseExists, "object-exists"],
  [C.NoReferencedRow, "foreign-key"],
  [C.RowIsReferenced, "foreign-key"],
  [C.RowIsReferenced2, "foreign-key"],
  [C.NoReferencedRow2, "foreign-key"],
]);

/**
 * The coordinator of MySQL's multi-threaded applier reports "Coordinator stopped because there were
 * error(s) in the worker(s). The most recent failure being: Worker 1 failed executing transaction ...".
 * That is a pointer, not a cause: the worker's own error says what failed.
 */
export function isCoordinatorWrapper(message: string): boolean {
  return /^Coordinator stopped because there were error\(s\) in the worker\(s\)/i.test(message.trim());
}

/** Classifies one error as the server reported it. Codes decide; messages only refine generic codes. */
export function classifyReplicationError(thread: "io" | "sql", code: number, message: string, workerId?: number): ReplicationError {
  const error: ReplicationError = { thread, code, kind: kindOf(code, message), message };
  if (workerId !== undefined) error.workerId = workerId;
  return error;
}

/**
 * The applier error to report. Two of MySQL's multi-threaded applier's errors point at another
 * worker's failure instead of being one:
 * - the coordinator's wrapper, replaced by the worker it names, else the first failed one;
 * - 3030, a worker that stopped only because an earlier one failed while replica_preserve_commit_order
 *   held it back. Which of the two reaches Last_SQL_Error is a race, so 3030 is replaced by the
 *   earliest worker error that is not itself a 3030 (workers come oldest failure first).
 * Without a known worker error the reported one is kept, classified by its errno (a wrapper's errno is
 * the worker's code).
 */
export function applierError(code: number, message: string, workers: readonly WorkerError[]): ReplicationError {
  let chosen: { code: number; message: string; workerId?: number } = { code, message };
  if (isCoordinatorWrapper(message) && workers.length > 0) {
    const named = /Worker (\d+) failed/i.exec(message);
    chosen = workers.find((w) => named !== null && w.workerId === Number(named[1])) ?? workers[0]!;
  }
  if (chosen.code === C.WorkerStoppedAfterPrevious) chosen = workers.find((w) => w.code !== C.WorkerStoppedAfterPrevious) ?? chosen;
  return classifyReplicationError("sql", chosen.code, chosen.message, chosen.workerId);
}

function kindOf(code: number, message: string): ReplicationErrorKind {
  if (code === C.SourceFatalError || code === C.FatalReadingBinlog) {
    // 1236 is the source refusing to serve the binlog; usually retention (purged files or GTIDs), but
    // the same code carries configuration mistakes that no amount of binlog retention fixes.
    if (/same server_uuid|same server_id|server_uuid\/server_id|more GTIDs than|errant/i.test(message)) return "other";
    return "binlog-unavailable";
  }
  if (code === C.CannotUser) {
    // "Operation CREATE USER failed" = the user already exists; DROP/ALTER/RENAME USER = it does not.
    if (/Operation CREATE (USER|ROLE)/i.test(message)) return "object-exists";
    return "missing-object";
  }
  if (code === C.ReplicaFatalError) {
    if (/user ?name|password/i.test(message)) return "authentication";
    return "other";
  }
  const byCode = KIND_BY_CODE.get(code);
  if (byCode !== undefined) return byCode;
  // Wrapped or unusual codes (e.g. 1756, a row event's "Error_code: 1062" inside another message).
  if (/cannot be converted from type/i.test(message)) return "type-conversion";
  if (/Duplicate entry/i.test(message)) return "duplicate-key";
  if (/Can't find record in/i.test(message)) return "row-not-found";
  if (/foreign key constraint fails/i.test(message)) return "foreign-key";
  return "other";
}
