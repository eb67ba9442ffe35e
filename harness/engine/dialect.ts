import type { SqlRow } from "../sql/sql-runner.ts";

/**
 * The SQL each engine speaks for replication. Oracle MySQL renamed MASTER/SLAVE to SOURCE/REPLICA
 * across 8.0.22-8.0.26 and removed the old forms in 8.4; MariaDB kept the old forms and has its own
 * GTID scheme. Everything above this layer talks in the normalized terms below and never builds
 * replication SQL itself. Facts: ../../shared/reference/mysql-replication.md (table "Statement and
 * column names across engines").
 */
export type EngineFlavor = "mysql" | "mariadb";

/** MySQL 8.0 (Aurora MySQL 3), MySQL 8.4 LTS and 9.x, MariaDB 10.x/11.x. */
export type DialectName = "mysql-8.0" | "mysql-8.4+" | "mariadb";

export interface ServerVersion {
  flavor: EngineFlavor;
  major: number;
  minor: number;
  patch: number;
  /** As the server reports it, e.g. "9.7.4-2" or "10.11.6-MariaDB-0+deb12u1". */
  raw: string;
}

/** Where a replica starts reading: GTID auto-positioning, or an explicit binary log file and position. */
export type ReplicationPositioning =
  | { mode: "gtid" }
  | { mode: "file-position"; file: string; position: number };

export interface ReplicationSourceSpec {
  host: string;
  port: number;
  user: string;
  password: string;
  positioning: ReplicationPositioning;
  /** Seconds between reconnection attempts of the IO thread (default: the dialect's, 60 in MySQL). */
  connectRetrySeconds?: number;
  /** Applier delay in seconds (SOURCE_DELAY / MASTER_DELAY). */
  delaySeconds?: number;
  ssl?: boolean;
}

export interface BinlogCoordinates {
  file: string;
  position: number;
}

/** SHOW BINARY LOG STATUS / SHOW MASTER STATUS, normalized. */
export interface BinaryLogStatus extends BinlogCoordinates {
  /** MySQL: Executed_Gtid_Set; MariaDB: @@gtid_binlog_pos is read separately, so "" here. */
  executedGtidSet: string;
}

/** One row of SHOW REPLICA STATUS / SHOW SLAVE STATUS, with engine-independent names. */
export interface ReplicaStatusRow {
  ioRunning: "Yes" | "No" | "Connecting";
  sqlRunning: "Yes" | "No";
  sourceHost: string;
  sourcePort: number;
  secondsBehindSource: number | null;
  sourceLogFile: string;
  readSourceLogPos: number;
  relaySourceLogFile: string;
  execSourceLogPos: number;
  lastIoErrno: number;
  lastIoError: string;
  lastSqlErrno: number;
  lastSqlError: string;
  retrievedGtidSet: string;
  executedGtidSet: string;
  autoPosition: boolean;
}

/** One failed applier worker, from performance_schema (MySQL's multi-threaded applier). */
export interface WorkerError {
  workerId: number;
  code: number;
  message: string;
}

/** Options that shape the server process; the dialect turns them into daemon arguments. */
export interface ServerOptions {
  serverId: number;
  port: number;
  datadir: string;
  socket: string;
  /** File the server runs at every start (users and passwords, with the binary log off). */
  initFile?: string;
  /** Aurora names its binary logs mysql-bin-changelog.NNNNNN; runbooks quote such names. */
  binlogBasename: string;
  /**
   * Binary logging on (default). Aurora's default cluster parameter group has binlog_format OFF, which
   * means no binary log at all: a blue/green deployment needs it on (seed 004).
   */
  binaryLogging?: boolean;
  binlogFormat: "ROW" | "MIXED" | "STATEMENT";
  /** binlog_expire_logs_seconds; MariaDB: the nearest expiry setting it has. */
  binlogExpireSeconds: number;
  gtid: boolean;
  /** A replica that is itself a source (green writer feeding green reader) must log replicated events. */
  logReplicaUpdates: boolean;
  /**
   * replica_net_timeout (MariaDB: slave_net_timeout): how long a replica waits on a silent source before
   * reconnecting; the heartbeat runs at half of it. The default 60 s would hide a network cut for a minute.
   */
  replicaNetTimeoutSeconds: number;
  /**
   * MariaDB only: the GTID domain of this server's own writes. Blue and green need different ones,
   * or green's own DDL and blue's replicated events interleave in one domain and strict mode stops
   * replication (error 1950). MySQL's GTIDs carry the server UUID instead and ignore this.
   */
  gtidDomainId?: number;
  /** replica_type_conversions (MariaDB: slave_type_conversions); empty string = exact types only. */
  typeConversions: string;
  readOnly: boolean;
  /** Hosts allowed as CLONE donors ("host:port,..."), MySQL only; ignored where there is no CLONE. */
  cloneDonors?: string;
  /** Rehearsal sizing: small buffer pool and performance_schema so that several scenarios fit side by side. */
  compactMemory: boolean;
  /** Extra raw daemon arguments, passed last so that they win. */
  extraArgs?: string[];
}

export interface EngineDialect {
  readonly name: DialectName;
  readonly version: ServerVersion;
  /** "replica_type_conversions" (MySQL >= 8.0.26) or "slave_type_conversions". */
  readonly typeConversionsVariable: string;
  /** "sql_replica_skip_counter" or "sql_slave_skip_counter". */
  readonly skipCounterVariable: string;
  /** The CLONE plugin exists (MySQL >= 8.0.17); MariaDB has none. */
  readonly supportsClone: boolean;
  readonly gtidScheme: "mysql" | "mariadb";
  /**
   * The global variable that stops every client's writes, as a switchover's "stop writes" must:
   * MySQL's super_read_only (read_only alone lets SUPER users write); MariaDB has no super_read_only,
   * and its read_only stops every user without READ_ONLY ADMIN, which an RDS master user lacks.
   */
  readonly writeFenceVariable: "super_read_only" | "read_only";
  /**
   * The process list to query: MySQL's information_schema.PROCESSLIST holds statement text as utf8mb3 and
   * fails the whole query ("Cannot convert string ... from utf8mb4 to utf8mb3") while any session runs a
   * statement with a 4-byte character, so MySQL 8.0.22+ reads performance_schema.processlist (same
   * columns). MariaDB's (performance_schema off) shows such characters as "?".
   */
  readonly processlistTable: string;
  /** A SQL expression naming this server uniquely among running ones: @@server_uuid; MariaDB has none, so hostname and server id. */
  readonly serverIdentityExpression: string;

  changeSourceSql(spec: ReplicationSourceSpec): string;
  startReplicaSql(thread?: "io" | "sql"): string;
  startReplicaUntilSql(until: BinlogCoordinates): string;
  stopReplicaSql(thread?: "io" | "sql"): string;
  /** RESET REPLICA ALL / RESET SLAVE ALL: forget the source entirely. */
  resetReplicaAllSql(): string;
  showReplicaStatusSql(): string;
  showBinaryLogStatusSql(): string;
  /** RESET BINARY LOGS AND GTIDS / RESET MASTER. */
  resetBinaryLogsSql(): string;
  /** The executed GTID set of this server: MySQL @@GLOBAL.gtid_executed, MariaDB @@GLOBAL.gtid_binlog_pos. */
  gtidExecutedSql(): string;
  /** SQL returning one row with a column `result`: 0 when the replica has applied `gtidSet` within `timeoutSeconds`. */
  waitForGtidSql(gtidSet: string, timeoutSeconds: number): string;
  /** Same for a binary log position of the source. */
  waitForPositionSql(until: BinlogCoordinates, timeoutSeconds: number): string;
  /** SQL listing failed applier workers with columns worker_id, code, message; null where the engine has no such table. */
  workerErrorsSql(): string | null;

  /** Null when the server reports no replica configuration (empty result). */
  parseReplicaStatus(rows: SqlRow[]): ReplicaStatusRow | null;
  parseBinaryLogStatus(rows: SqlRow[]): BinaryLogStatus;
  parseWorkerErrors(rows: SqlRow[]): WorkerError[];

  /** The daemon's arguments (after the binary name), starting with --no-defaults. */
  serverArgs(options: ServerOptions): string[];
  /** Shell words that initialize an empty data directory (run once, at image build or cold start). */
  initializeCommand(datadir: string): string[];
}
