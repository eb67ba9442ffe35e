import { posix } from "node:path";
import { sqlString } from "../sql/sql-literal.ts";
import { HarnessError } from "../errors/harness-error.ts";
import type { SqlRow } from "../sql/sql-runner.ts";
import type {
  BinaryLogStatus,
  BinlogCoordinates,
  DialectName,
  EngineDialect,
  ReplicaStatusRow,
  ReplicationSourceSpec,
  ServerOptions,
  ServerVersion,
  WorkerError,
} from "./dialect.ts";
import { describeVersion, versionAtLeast } from "./server-version.ts";

/**
 * Oracle MySQL 8.0, 8.4 LTS and 9.x. One class whose syntax follows the version, because Aurora MySQL 3
 * reports 8.0.x patch levels on both sides of every rename (8.0.22 REPLICA statements, 8.0.23 SOURCE
 * options, 8.0.26 replica_* variables), and 8.2+ dropped the MASTER forms of the binlog statements.
 * Facts: shared/reference/mysql-replication.md, "Statement and column names across engines".
 */
export class MysqlDialect implements EngineDialect {
  readonly name: DialectName;
  readonly version: ServerVersion;
  readonly typeConversionsVariable: string;
  readonly skipCounterVariable: string;
  readonly supportsClone: boolean;
  readonly gtidScheme = "mysql" as const;
  readonly writeFenceVariable = "super_read_only" as const;
  readonly serverIdentityExpression = "@@server_uuid";
  readonly processlistTable: string;

  /** CHANGE REPLICATION SOURCE TO and SOURCE_* options (also in START REPLICA UNTIL), 8.0.23+. */
  private readonly sourceOptions: boolean;
  /** START/STOP/SHOW/RESET REPLICA, 8.0.22+; SHOW REPLICA STATUS also renames its columns. */
  private readonly replicaStatements: boolean;
  /** replica_* variables and options, SOURCE_POS_WAIT, 8.0.26+. */
  private readonly replicaVariables: boolean;
  /** SHOW BINARY LOG STATUS and RESET BINARY LOGS AND GTIDS, 8.2+ (the MASTER forms are gone in 8.4). */
  private readonly binaryLogStatements: boolean;

  constructor(version: ServerVersion) {
    if (version.flavor !== "mysql" || version.major < 8) {
      throw new HarnessError({
        what: "choosing the SQL dialect",
        cause: `${describeVersion(version)} (${version.raw}) is not supported by the MySQL dialect, which covers MySQL 8.0 and later`,
        fix: "run the rehearsal against MySQL 8.0 (Aurora MySQL 3), 8.4 or 9.x",
      });
    }
    this.version = version;
    this.name = version.major === 8 && version.minor === 0 ? "mysql-8.0" : "mysql-8.4+";
    this.sourceOptions = versionAtLeast(version, 8, 0, 23);
    this.replicaStatements = versionAtLeast(version, 8, 0, 22);
    this.replicaVariables = versionAtLeast(version, 8, 0, 26);
    this.binaryLogStatements = versionAtLeast(version, 8, 2, 0);
    this.supportsClone = versionAtLeast(version, 8, 0, 17);
    this.processlistTable = versionAtLeast(version, 8, 0, 22) ? "performance_schema.processlist" : "information_schema.processlist";
    this.typeConversionsVariable = this.replicaVariables ? "replica_type_conversions" : "slave_type_conversions";
    this.skipCounterVariable = this.replicaVariables ? "sql_replica_skip_counter" : "sql_slave_skip_counter";
  }

  changeSourceSql(spec: ReplicationSourceSpec): string {
    // SOURCE_x from 8.0.23, MASTER_x before; GET_SOURCE_PUBLIC_KEY is the odd one out (GET_MASTER_PUBLIC_KEY).
    const o = this.sourceOptions ? "SOURCE" : "MASTER";
    const options = [
      `${o}_HOST=${sqlString(spec.host)}`,
      `${o}_PORT=${sqlInteger(spec.port, "source port")}`,
      `${o}_USER=${sqlString(spec.user)}`,
      `${o}_PASSWORD=${sqlString(spec.password)}`,
    ];
    if (spec.positioning.mode === "gtid") {
      options.push(`${o}_AUTO_POSITION=1`);
    } else {
      // AUTO_POSITION=0 explicitly: a replica that used auto-position before would refuse LOG_FILE/LOG_POS.
      options.push(
        `${o}_AUTO_POSITION=0`,
        `${o}_LOG_FILE=${sqlString(spec.positioning.file)}`,
        `${o}_LOG_POS=${sqlInteger(spec.positioning.position, "binary log position")}`,
      );
    }
    options.push(`${o}_SSL=${spec.ssl ? 1 : 0}`);
    // The default account plugin is caching_sha2_password; without TLS the replica must ask for the
    // source's RSA key or the IO thread fails with 2061 "Authentication requires secure connection".
    options.push(this.sourceOptions ? "GET_SOURCE_PUBLIC_KEY=1" : "GET_MASTER_PUBLIC_KEY=1");
    if (spec.connectRetrySeconds !== undefined) {
      options.push(`${o}_CONNECT_RETRY=${sqlInteger(spec.connectRetrySeconds, "connect retry seconds")}`);
    }
    if (spec.delaySeconds !== undefined) {
      options.push(`${o}_DELAY=${sqlInteger(spec.delaySeconds, "replication delay seconds")}`);
    }
    const statement = this.sourceOptions ? "CHANGE REPLICATION SOURCE TO" : "CHANGE MASTER TO";
    return `${statement} ${options.join(", ")}`;
  }

  startReplicaSql(thread?: "io" | "sql"): string {
    return `START ${this.replicaWord()}${threadClause(thread)}`;
  }

  startReplicaUntilSql(until: BinlogCoordinates): string {
    const o = this.sourceOptions ? "SOURCE" : "MASTER";
    return `START ${this.replicaWord()} UNTIL ${o}_LOG_FILE=${sqlString(until.file)}, ${o}_LOG_POS=${sqlInteger(until.position, "binary log position")}`;
  }

  stopReplicaSql(thread?: "io" | "sql"): string {
    return `STOP ${this.replicaWord()}${threadClause(thread)}`;
  }

  resetReplicaAllSql(): string {
    return `RESET ${this.replicaWord()} ALL`;
  }

  showReplicaStatusSql(): string {
    return `SHOW ${this.replicaWord()} STATUS`;
  }

  showBinaryLogStatusSql(): string {
    return this.binaryLogStatements ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS";
  }

  resetBinaryLogsSql(): string {
    return this.binaryLogStatements ? "RESET BINARY LOGS AND GTIDS" : "RESET MASTER";
  }

  gtidExecutedSql(): string {
    return "SELECT @@GLOBAL.gtid_executed AS gtid";
  }

  waitForGtidSql(gtidSet: string, timeoutSeconds: number): string {
    // Returns 0 when applied, 1 on timeout; an error (not a value) when GTID mode is off.
    return `SELECT WAIT_FOR_EXECUTED_GTID_SET(${sqlString(gtidSet)}, ${sqlTimeout(timeoutSeconds)}) AS result`;
  }

  waitForPositionSql(until: BinlogCoordinates, timeoutSeconds: number): string {
    const fn = this.replicaVariables ? "SOURCE_POS_WAIT" : "MASTER_POS_WAIT";
    return normalizedPositionWait(fn, until, timeoutSeconds);
  }

  workerErrorsSql(): string | null {
    // With the multi-threaded applier (default from 8.0.27) SHOW REPLICA STATUS only carries the
    // coordinator's "Coordinator stopped because there were error(s) in the worker(s)" wrapper.
    // Oldest failure first: a later one may only follow from it (3030, replication-error.ts).
    return (
      "SELECT WORKER_ID AS worker_id, LAST_ERROR_NUMBER AS code, LAST_ERROR_MESSAGE AS message " +
      "FROM performance_schema.replication_applier_status_by_worker " +
      "WHERE LAST_ERROR_NUMBER <> 0 ORDER BY LAST_ERROR_TIMESTAMP, WORKER_ID"
    );
  }

  parseReplicaStatus(rows: SqlRow[]): ReplicaStatusRow | null {
    return parseReplicaStatusRows(rows, this.replicaStatements ? REPLICA_STATUS_COLUMNS : SLAVE_STATUS_COLUMNS, this.showReplicaStatusSql());
  }

  parseBinaryLogStatus(rows: SqlRow[]): BinaryLogStatus {
    return parseBinaryLogStatusRows(rows, this.showBinaryLogStatusSql());
  }

  parseWorkerErrors(rows: SqlRow[]): WorkerError[] {
    return parseWorkerErrorRows(rows);
  }

  serverArgs(options: ServerOptions): string[] {
    const v = this.version;
    const onOff = (value: boolean) => (value ? "ON" : "OFF");
    const args = [
      // First, or mysqld reads /etc/mysql/*.cnf from the image and the node is not what the options say.
      "--no-defaults",
      "--user=root",
      `--datadir=${options.datadir}`,
      `--socket=${options.socket}`,
      `--pid-file=${posix.join(posix.dirname(options.socket), "mysqld.pid")}`,
      `--port=${sqlInteger(options.port, "port")}`,
      "--bind-address=0.0.0.0",
    ];
    // The X plugin (8.0.11+) prints its own "ready for connections" line and holds memory the harness never uses.
    if (versionAtLeast(v, 8, 0, 11)) args.push("--mysqlx=OFF");
    args.push(
      "--skip-name-resolve",
      `--server-id=${sqlInteger(options.serverId, "server id")}`,
      options.binaryLogging === false ? "--skip-log-bin" : `--log-bin=${options.binlogBasename}`,
      `--binlog-format=${options.binlogFormat}`,
      `--binlog-expire-logs-seconds=${sqlInteger(options.binlogExpireSeconds, "binlog expiry seconds")}`,
      `--gtid-mode=${onOff(options.gtid)}`,
      `--enforce-gtid-consistency=${onOff(options.gtid)}`,
      `--${this.replicaVariables ? "log-replica-updates" : "log-slave-updates"}=${onOff(options.logReplicaUpdates)}`,
      `--${this.replicaVariables ? "replica-net-timeout" : "slave-net-timeout"}=${options.replicaNetTimeoutSeconds}`,
    );
    if (options.typeConversions !== "") {
      args.push(`--${this.replicaVariables ? "replica-type-conversions" : "slave-type-conversions"}=${options.typeConversions}`);
    }
    if (options.readOnly) args.push("--read-only=ON");
    if (options.initFile !== undefined) args.push(`--init-file=${options.initFile}`);
    args.push(
      "--secure-file-priv=/var/lib/mysql-files",
      // Aurora's relay log name, so that messages quoting relay log files look like production's.
      "--relay-log=relaylog",
      "--max-connections=128",
    );
    if (this.supportsClone) {
      args.push("--plugin-load-add=mysql_clone.so");
      if (options.cloneDonors !== undefined) args.push(`--clone-valid-donor-list=${options.cloneDonors}`);
    }
    if (options.compactMemory) args.push(...this.compactMemoryArgs());
    args.push(...(options.extraArgs ?? []));
    return args;
  }

  initializeCommand(datadir: string): string[] {
    // 32 MB of redo: 8 MB made --initialize warn; 8.0.30 replaced the per-file size with one capacity
    // (before it, two files of innodb_log_file_size each).
    const redo = versionAtLeast(this.version, 8, 0, 30)
      ? "--innodb-redo-log-capacity=33554432"
      : "--innodb-log-file-size=16777216";
    return ["mysqld", "--no-defaults", "--initialize-insecure", "--user=root", `--datadir=${datadir}`, redo];
  }

  /**
   * Measured on 9.7.4: an idle node goes from 536 MB to 254 MB RSS. performance_schema stays on
   * (smaller) because per-worker applier errors live there.
   */
  private compactMemoryArgs(): string[] {
    const args = [
      "--innodb-buffer-pool-size=32M",
      "--innodb-buffer-pool-instances=1",
      "--innodb-log-buffer-size=1M",
      "--innodb-adaptive-hash-index=OFF",
      "--innodb-read-io-threads=1",
      "--innodb-write-io-threads=1",
      "--innodb-page-cleaners=1",
      "--innodb-purge-threads=1",
      "--table-open-cache=200",
      "--table-definition-cache=400",
      "--temptable-max-ram=8M",
      "--key-buffer-size=1M",
      "--performance-schema-accounts-size=16",
      "--performance-schema-hosts-size=16",
      "--performance-schema-users-size=16",
      "--performance-schema-max-thread-instances=128",
      "--performance-schema-max-table-instances=200",
      "--performance-schema-max-table-handles=200",
      "--performance-schema-digests-size=100",
      "--performance-schema-max-digest-length=256",
      "--performance-schema-max-sql-text-length=256",
      "--performance-schema-events-statements-history-long-size=100",
      "--performance-schema-events-transactions-history-long-size=100",
      "--performance-schema-events-waits-history-long-size=100",
      "--performance-schema-events-stages-history-long-size=100",
    ];
    // The error_log-summary table (and its option) arrived in 8.0.18; an unknown option aborts the server.
    if (versionAtLeast(this.version, 8, 0, 18)) args.push("--performance-schema-error-size=50");
    return args;
  }

  private replicaWord(): string {
    return this.replicaStatements ? "REPLICA" : "SLAVE";
  }
}

// ---------------------------------------------------------------------------------------------------
// Wire-level conventions MariaDB shares with MySQL (literals, SHOW ... STATUS rows); exported for
// mariadb-dialect.ts so that both engines quote and read the same way.

/** A non-negative integer spliced into SQL; anything else is a harness bug, not something to quote. */
export function sqlInteger(value: number, what: string): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new HarnessError({
      what: "building replication SQL",
      cause: `${what} must be a non-negative integer, got ${String(value)}`,
      fix: "pass a whole number (this is a bug in the caller)",
    });
  }
  return String(value);
}

/**
 * Server-side wait timeouts, rounded up to whole seconds of at least 1: MASTER_POS_WAIT and
 * SOURCE_POS_WAIT read the timeout as an integer and treat 0 as "wait forever", and the harness
 * never waits without a bound.
 */
export function sqlTimeout(timeoutSeconds: number): string {
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new HarnessError({
      what: "building a replication wait",
      cause: `the timeout must be a positive number of seconds, got ${String(timeoutSeconds)}`,
      fix: "pass a positive timeout (a zero timeout means 'wait forever' to the server)",
    });
  }
  return String(Math.max(1, Math.ceil(timeoutSeconds)));
}

/**
 * MASTER_POS_WAIT / SOURCE_POS_WAIT return the number of events waited for (>= 0), -1 on timeout and
 * NULL when the applier is not running. Normalized in one expression (the function must run once) to
 * `result` 0 = reached, 1 = timed out, 2 = applier not running (checked on 9.7.4 and MariaDB 10.11).
 */
export function normalizedPositionWait(fn: string, until: BinlogCoordinates, timeoutSeconds: number): string {
  const call = `${fn}(${sqlString(until.file)}, ${sqlInteger(until.position, "binary log position")}, ${sqlTimeout(timeoutSeconds)})`;
  // CAST: MariaDB types the negation as DECIMAL, which mysql2 returns as a string.
  return `SELECT CAST(IFNULL(-LEAST(${call}, 0), 2) AS SIGNED) AS result`;
}

/** " IO_THREAD" / " SQL_THREAD" / "" (both threads), the same on every engine. */
export function threadClause(thread: "io" | "sql" | undefined): string {
  if (thread === "io") return " IO_THREAD";
  if (thread === "sql") return " SQL_THREAD";
  return "";
}

/** Where each normalized field lives in a SHOW REPLICA/SLAVE STATUS row. */
export interface ReplicaStatusColumns {
  ioRunning: string;
  sqlRunning: string;
  sourceHost: string;
  sourcePort: string;
  secondsBehindSource: string;
  sourceLogFile: string;
  readSourceLogPos: string;
  relaySourceLogFile: string;
  execSourceLogPos: string;
  retrievedGtidSet: string;
  executedGtidSet: string;
  autoPosition: string;
}

/** SHOW REPLICA STATUS (MySQL 8.0.22+). */
export const REPLICA_STATUS_COLUMNS: ReplicaStatusColumns = {
  ioRunning: "Replica_IO_Running",
  sqlRunning: "Replica_SQL_Running",
  sourceHost: "Source_Host",
  sourcePort: "Source_Port",
  secondsBehindSource: "Seconds_Behind_Source",
  sourceLogFile: "Source_Log_File",
  readSourceLogPos: "Read_Source_Log_Pos",
  relaySourceLogFile: "Relay_Source_Log_File",
  execSourceLogPos: "Exec_Source_Log_Pos",
  retrievedGtidSet: "Retrieved_Gtid_Set",
  executedGtidSet: "Executed_Gtid_Set",
  autoPosition: "Auto_Position",
};

/** SHOW SLAVE STATUS (MySQL before 8.0.22). */
export const SLAVE_STATUS_COLUMNS: ReplicaStatusColumns = {
  ioRunning: "Slave_IO_Running",
  sqlRunning: "Slave_SQL_Running",
  sourceHost: "Master_Host",
  sourcePort: "Master_Port",
  secondsBehindSource: "Seconds_Behind_Master",
  sourceLogFile: "Master_Log_File",
  readSourceLogPos: "Read_Master_Log_Pos",
  relaySourceLogFile: "Relay_Master_Log_File",
  execSourceLogPos: "Exec_Master_Log_Pos",
  retrievedGtidSet: "Retrieved_Gtid_Set",
  executedGtidSet: "Executed_Gtid_Set",
  autoPosition: "Auto_Position",
};

/**
 * The receiver (IO thread) column. MariaDB has a fourth value, "Preparing": connected and registering
 * with the source, not yet streaming; it is a receiver on its way up, like "Connecting", not a stopped
 * one. An unknown value is reported rather than read as "No".
 */
function receiverState(value: string, statement: string): ReplicaStatusRow["ioRunning"] {
  if (value === "Yes" || value === "No" || value === "Connecting") return value;
  if (value === "Preparing") return "Connecting";
  throw new HarnessError({
    what: `reading ${statement}`,
    cause: `the receiver thread state is ${JSON.stringify(value)}, which the harness does not know`,
    fix: "report it with the server version; the dialect needs to learn this state",
  });
}

/**
 * Reads the first row of SHOW REPLICA/SLAVE STATUS. A missing column means the statement and the
 * column names disagree (wrong dialect for the server): that is reported, not papered over.
 */
export function parseReplicaStatusRows(rows: SqlRow[], columns: ReplicaStatusColumns, statement: string): ReplicaStatusRow | null {
  const row = rows[0];
  if (row === undefined) return null;
  const get = (column: string): unknown => {
    if (!(column in row)) {
      throw new HarnessError({
        what: `reading ${statement}`,
        cause: `the result has no column ${column} (columns: ${Object.keys(row).join(", ")})`,
        fix: "the SQL dialect does not match the server version; check how the dialect was chosen",
      });
    }
    return row[column];
  };
  return {
    ioRunning: receiverState(text(get(columns.ioRunning)), statement),
    sqlRunning: text(get(columns.sqlRunning)) === "Yes" ? "Yes" : "No",
    sourceHost: text(get(columns.sourceHost)),
    sourcePort: integer(get(columns.sourcePort), columns.sourcePort) ?? 0,
    secondsBehindSource: integer(get(columns.secondsBehindSource), columns.secondsBehindSource),
    sourceLogFile: text(get(columns.sourceLogFile)),
    readSourceLogPos: integer(get(columns.readSourceLogPos), columns.readSourceLogPos) ?? 0,
    relaySourceLogFile: text(get(columns.relaySourceLogFile)),
    execSourceLogPos: integer(get(columns.execSourceLogPos), columns.execSourceLogPos) ?? 0,
    // Unchanged on every engine and version.
    lastIoErrno: integer(get("Last_IO_Errno"), "Last_IO_Errno") ?? 0,
    lastIoError: text(get("Last_IO_Error")),
    lastSqlErrno: integer(get("Last_SQL_Errno"), "Last_SQL_Errno") ?? 0,
    lastSqlError: text(get("Last_SQL_Error")),
    // MySQL prints long GTID sets with ",\n" between sources.
    retrievedGtidSet: text(get(columns.retrievedGtidSet)).replace(/\s+/g, ""),
    executedGtidSet: text(get(columns.executedGtidSet)).replace(/\s+/g, ""),
    // MySQL: 0/1; MariaDB's Using_Gtid: No/Slave_Pos/Current_Pos.
    autoPosition: !["", "0", "no"].includes(text(get(columns.autoPosition)).toLowerCase()),
  };
}

/** SHOW BINARY LOG STATUS / SHOW MASTER STATUS; an empty result means binary logging is off. */
export function parseBinaryLogStatusRows(rows: SqlRow[], statement: string): BinaryLogStatus {
  const row = rows[0];
  if (row === undefined || text(row["File"]) === "") {
    throw new HarnessError({
      what: `reading ${statement}`,
      cause: "the server returned no binary log status: binary logging is off",
      fix: "start the node with --log-bin (the harness's server arguments always include it; check extraArgs)",
    });
  }
  return {
    file: text(row["File"]),
    position: integer(row["Position"], "Position") ?? 0,
    executedGtidSet: text(row["Executed_Gtid_Set"]).replace(/\s+/g, ""),
  };
}

/** Rows of a worker-errors query (columns worker_id, code, message). */
export function parseWorkerErrorRows(rows: SqlRow[]): WorkerError[] {
  return rows.map((row) => ({
    workerId: integer(row["worker_id"], "worker_id") ?? 0,
    code: integer(row["code"], "code") ?? 0,
    message: text(row["message"]),
  }));
}

/** mysql2 returns text columns as strings (or Buffers for binary ones) and integers as numbers or bigints. */
function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Buffer.isBuffer(value)) return value.toString("utf8");
  return String(value);
}

function integer(value: unknown, column: string): number | null {
  const raw = text(value).trim();
  if (raw === "") return null;
  const parsed = Number(raw);
  if (!Number.isFinite(parsed)) {
    throw new HarnessError({
      what: "reading replication status",
      cause: `column ${column} holds ${JSON.stringify(raw)}, not a number`,
      fix: "check the server version and the dialect chosen for it",
    });
  }
  return parsed;
}
