import { posix } from "node:path";
import { HarnessError } from "../errors/harness-error.ts";
import type { SqlRow } from "../sql/sql-runner.ts";
import type {
  BinaryLogStatus,
  BinlogCoordinates,
  EngineDialect,
  ReplicaStatusRow,
  ReplicationSourceSpec,
  ServerOptions,
  ServerVersion,
  WorkerError,
} from "./dialect.ts";
import {
  normalizedPositionWait,
  parseBinaryLogStatusRows,
  parseReplicaStatusRows,
  parseWorkerErrorRows,
  SLAVE_STATUS_COLUMNS,
  sqlInteger,
  sqlTimeout,
  threadClause,
  type ReplicaStatusColumns,
} from "./mysql-dialect.ts";
import { describeVersion, versionAtLeast } from "./server-version.ts";
import { sqlString } from "../sql/sql-literal.ts";

/**
 * SHOW ALL SLAVES STATUS on MariaDB: MySQL's old column names, with MariaDB's own GTID columns.
 * MariaDB positions are "domain-server-seq" per domain; Gtid_IO_Pos is what the IO thread has
 * received, Gtid_Slave_Pos (@@gtid_slave_pos) what the applier has committed.
 */
const MARIADB_STATUS_COLUMNS: ReplicaStatusColumns = {
  ...SLAVE_STATUS_COLUMNS,
  retrievedGtidSet: "Gtid_IO_Pos",
  executedGtidSet: "Gtid_Slave_Pos",
  autoPosition: "Using_Gtid",
};

/**
 * MariaDB 10.5+ and 11.x. It kept CHANGE MASTER TO and the SLAVE statements (REPLICA is only a
 * synonym, and SHOW REPLICA STATUS still returns old column names), and has its own GTID scheme
 * (domain-server-seq, gtid_slave_pos) instead of MySQL's auto-positioning.
 */
export class MariadbDialect implements EngineDialect {
  readonly name = "mariadb" as const;
  readonly version: ServerVersion;
  readonly typeConversionsVariable = "slave_type_conversions";
  readonly skipCounterVariable = "sql_slave_skip_counter";
  readonly supportsClone = false;
  readonly gtidScheme = "mariadb" as const;
  readonly writeFenceVariable = "read_only" as const;
  readonly serverIdentityExpression = "CONCAT(@@hostname, '/', @@server_id)";
  readonly processlistTable = "information_schema.processlist";

  constructor(version: ServerVersion) {
    if (version.flavor !== "mariadb" || !versionAtLeast(version, 10, 5, 0)) {
      throw new HarnessError({
        what: "choosing the SQL dialect",
        cause: `${describeVersion(version)} (${version.raw}) is not supported by the MariaDB dialect, which covers MariaDB 10.5 and later`,
        fix: "run the rehearsal against MariaDB 10.5+ or MySQL 8.0+",
      });
    }
    this.version = version;
  }

  changeSourceSql(spec: ReplicationSourceSpec): string {
    const options = [
      `MASTER_HOST=${sqlString(spec.host)}`,
      `MASTER_PORT=${sqlInteger(spec.port, "source port")}`,
      `MASTER_USER=${sqlString(spec.user)}`,
      `MASTER_PASSWORD=${sqlString(spec.password)}`,
    ];
    if (spec.positioning.mode === "gtid") {
      // slave_pos: resume from what this server applied as a replica (gtid_slave_pos), the analogue of
      // MySQL auto-positioning; current_pos would also count its own writes and hide errant ones.
      options.push("MASTER_USE_GTID=slave_pos");
    } else {
      options.push(
        "MASTER_USE_GTID=no",
        `MASTER_LOG_FILE=${sqlString(spec.positioning.file)}`,
        `MASTER_LOG_POS=${sqlInteger(spec.positioning.position, "binary log position")}`,
      );
    }
    // No GET_MASTER_PUBLIC_KEY: MariaDB accounts use mysql_native_password/ed25519, not caching_sha2.
    options.push(`MASTER_SSL=${spec.ssl ? 1 : 0}`);
    if (spec.connectRetrySeconds !== undefined) {
      options.push(`MASTER_CONNECT_RETRY=${sqlInteger(spec.connectRetrySeconds, "connect retry seconds")}`);
    }
    if (spec.delaySeconds !== undefined) {
      options.push(`MASTER_DELAY=${sqlInteger(spec.delaySeconds, "replication delay seconds")}`);
    }
    return `CHANGE MASTER TO ${options.join(", ")}`;
  }

  startReplicaSql(thread?: "io" | "sql"): string {
    return `START SLAVE${threadClause(thread)}`;
  }

  startReplicaUntilSql(until: BinlogCoordinates): string {
    return `START SLAVE UNTIL MASTER_LOG_FILE=${sqlString(until.file)}, MASTER_LOG_POS=${sqlInteger(until.position, "binary log position")}`;
  }

  stopReplicaSql(thread?: "io" | "sql"): string {
    return `STOP SLAVE${threadClause(thread)}`;
  }

  resetReplicaAllSql(): string {
    return "RESET SLAVE ALL";
  }

  /**
   * Not SHOW SLAVE STATUS: on 10.11 it has no Gtid_Slave_Pos column (checked), so the applier's GTID
   * position would need a second query. The ALL form has it, one row per named connection; the
   * harness uses the default connection ("").
   */
  showReplicaStatusSql(): string {
    return "SHOW ALL SLAVES STATUS";
  }

  showBinaryLogStatusSql(): string {
    return "SHOW MASTER STATUS";
  }

  resetBinaryLogsSql(): string {
    return "RESET MASTER";
  }

  gtidExecutedSql(): string {
    return "SELECT @@GLOBAL.gtid_binlog_pos AS gtid";
  }

  waitForGtidSql(gtidSet: string, timeoutSeconds: number): string {
    // MASTER_GTID_WAIT returns 0 when reached, -1 on timeout: negated to MySQL's 0 / 1. CAST because
    // MariaDB types the negation as DECIMAL, which mysql2 returns as the string "1".
    return `SELECT CAST(-MASTER_GTID_WAIT(${sqlString(gtidSet)}, ${sqlTimeout(timeoutSeconds)}) AS SIGNED) AS result`;
  }

  waitForPositionSql(until: BinlogCoordinates, timeoutSeconds: number): string {
    return normalizedPositionWait("MASTER_POS_WAIT", until, timeoutSeconds);
  }

  /** MariaDB's Last_SQL_Error carries the real cause even with parallel replication. */
  workerErrorsSql(): string | null {
    return null;
  }

  parseReplicaStatus(rows: SqlRow[]): ReplicaStatusRow | null {
    const defaultConnection = rows.filter((row) => String(row["Connection_name"] ?? "") === "");
    return parseReplicaStatusRows(defaultConnection, MARIADB_STATUS_COLUMNS, this.showReplicaStatusSql());
  }

  parseBinaryLogStatus(rows: SqlRow[]): BinaryLogStatus {
    // No Executed_Gtid_Set column: callers read @@gtid_binlog_pos with gtidExecutedSql().
    return parseBinaryLogStatusRows(rows, this.showBinaryLogStatusSql());
  }

  parseWorkerErrors(rows: SqlRow[]): WorkerError[] {
    return parseWorkerErrorRows(rows);
  }

  serverArgs(options: ServerOptions): string[] {
    const onOff = (value: boolean) => (value ? "ON" : "OFF");
    const args = [
      "--no-defaults",
      "--user=root",
      `--datadir=${options.datadir}`,
      `--socket=${options.socket}`,
      `--pid-file=${posix.join(posix.dirname(options.socket), "mysqld.pid")}`,
      `--port=${sqlInteger(options.port, "port")}`,
      "--bind-address=0.0.0.0",
      "--skip-name-resolve",
      `--server-id=${sqlInteger(options.serverId, "server id")}`,
      // MariaDB has no binary log unless --log-bin is given.
      ...(options.binaryLogging === false ? [] : [`--log-bin=${options.binlogBasename}`]),
      `--binlog-format=${options.binlogFormat}`,
      this.binlogExpiryArg(options.binlogExpireSeconds),
      `--log-slave-updates=${onOff(options.logReplicaUpdates)}`,
      `--slave-net-timeout=${options.replicaNetTimeoutSeconds}`,
      ...(options.gtidDomainId !== undefined ? [`--gtid-domain-id=${options.gtidDomainId}`] : []),
    ];
    // MariaDB always writes GTIDs; strict mode makes an out-of-order or duplicate GTID an error, the
    // closest thing to MySQL's gtid_mode=ON guarantees.
    if (options.gtid) args.push("--gtid-strict-mode=ON");
    if (options.typeConversions !== "") args.push(`--slave-type-conversions=${options.typeConversions}`);
    if (options.readOnly) args.push("--read-only=ON");
    if (options.initFile !== undefined) args.push(`--init-file=${options.initFile}`);
    args.push("--secure-file-priv=/var/lib/mysql-files", "--relay-log=relaylog", "--max-connections=128");
    if (options.compactMemory) {
      // Every option exists in 10.11 (an unknown one aborts mariadbd). performance_schema is off by
      // default in MariaDB anyway, and nothing here reads it (no worker table is needed). The log
      // buffer's minimum is 2M in 10.11 (1M is raised with a warning on every start).
      args.push(
        "--innodb-buffer-pool-size=32M",
        "--innodb-log-buffer-size=2M",
        "--performance-schema=OFF",
        "--key-buffer-size=1M",
        "--table-open-cache=200",
        "--table-definition-cache=400",
      );
    }
    args.push(...(options.extraArgs ?? []));
    return args;
  }

  initializeCommand(datadir: string): string[] {
    // normal: root@localhost gets a (empty) password login instead of unix_socket auth, which would
    // tie root to the OS user running the client.
    return [
      "mariadb-install-db",
      "--no-defaults",
      "--user=root",
      `--datadir=${datadir}`,
      "--auth-root-authentication-method=normal",
      "--skip-test-db",
    ];
  }

  /** binlog_expire_logs_seconds exists from 10.6.1 (expire_logs_days is deprecated there); before, whole days. */
  private binlogExpiryArg(seconds: number): string {
    if (versionAtLeast(this.version, 10, 6, 1)) {
      return `--binlog-expire-logs-seconds=${sqlInteger(seconds, "binlog expiry seconds")}`;
    }
    return `--expire-logs-days=${Math.ceil(Number(sqlInteger(seconds, "binlog expiry seconds")) / 86400)}`;
  }
}
