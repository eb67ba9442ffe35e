import { describe, expect, it } from "vitest";
import type { ReplicationSourceSpec, ServerOptions } from "../../harness/engine/dialect.ts";
import { MysqlDialect } from "../../harness/engine/mysql-dialect.ts";
import { sqlString } from "../../harness/sql/sql-literal.ts";
import { parseServerVersion } from "../../harness/engine/server-version.ts";
import { HarnessError } from "../../harness/errors/harness-error.ts";

const mysql = (raw: string) => new MysqlDialect(parseServerVersion(raw));

const gtidSpec: ReplicationSourceSpec = {
  host: "blue-writer",
  port: 3306,
  user: "repl",
  password: "s3cret",
  positioning: { mode: "gtid" },
};

const fileSpec: ReplicationSourceSpec = {
  ...gtidSpec,
  positioning: { mode: "file-position", file: "mysql-bin-changelog.000002", position: 157 },
  connectRetrySeconds: 1,
  delaySeconds: 30,
  ssl: true,
};

const options: ServerOptions = {
  serverId: 7,
  port: 3306,
  datadir: "/var/lib/bgh/data",
  socket: "/var/run/mysqld/mysqld.sock",
  binlogBasename: "mysql-bin-changelog",
  binlogFormat: "ROW",
  binlogExpireSeconds: 86400,
  gtid: true,
  logReplicaUpdates: true,
  replicaNetTimeoutSeconds: 5,
  typeConversions: "ALL_NON_LOSSY",
  readOnly: false,
  compactMemory: true,
  cloneDonors: "172.19.0.2:3306",
};

describe("MysqlDialect statement names by version", () => {
  it("8.0.21: MASTER/SLAVE everywhere", () => {
    const d = mysql("8.0.21");
    expect(d.name).toBe("mysql-8.0");
    expect(d.changeSourceSql(gtidSpec)).toBe(
      "CHANGE MASTER TO MASTER_HOST='blue-writer', MASTER_PORT=3306, MASTER_USER='repl', MASTER_PASSWORD='s3cret', MASTER_AUTO_POSITION=1, MASTER_SSL=0, GET_MASTER_PUBLIC_KEY=1",
    );
    expect(d.startReplicaSql()).toBe("START SLAVE");
    expect(d.stopReplicaSql("io")).toBe("STOP SLAVE IO_THREAD");
    expect(d.showReplicaStatusSql()).toBe("SHOW SLAVE STATUS");
    expect(d.resetReplicaAllSql()).toBe("RESET SLAVE ALL");
    expect(d.startReplicaUntilSql({ file: "b.000001", position: 4 })).toBe("START SLAVE UNTIL MASTER_LOG_FILE='b.000001', MASTER_LOG_POS=4");
    expect(d.showBinaryLogStatusSql()).toBe("SHOW MASTER STATUS");
    expect(d.resetBinaryLogsSql()).toBe("RESET MASTER");
    expect(d.typeConversionsVariable).toBe("slave_type_conversions");
    expect(d.skipCounterVariable).toBe("sql_slave_skip_counter");
    expect(d.waitForPositionSql({ file: "b.000001", position: 4 }, 5)).toBe(
      "SELECT CAST(IFNULL(-LEAST(MASTER_POS_WAIT('b.000001', 4, 5), 0), 2) AS SIGNED) AS result",
    );
    expect(d.supportsClone).toBe(true);
  });

  it("8.0.22: REPLICA statements, still CHANGE MASTER and MASTER_ options", () => {
    const d = mysql("8.0.22");
    expect(d.startReplicaSql("sql")).toBe("START REPLICA SQL_THREAD");
    expect(d.showReplicaStatusSql()).toBe("SHOW REPLICA STATUS");
    expect(d.resetReplicaAllSql()).toBe("RESET REPLICA ALL");
    expect(d.changeSourceSql(gtidSpec).startsWith("CHANGE MASTER TO MASTER_HOST=")).toBe(true);
    expect(d.startReplicaUntilSql({ file: "b.000001", position: 4 })).toBe("START REPLICA UNTIL MASTER_LOG_FILE='b.000001', MASTER_LOG_POS=4");
  });

  it("8.0.23: CHANGE REPLICATION SOURCE TO with SOURCE_ options; variables still slave_", () => {
    const d = mysql("8.0.23");
    expect(d.changeSourceSql(fileSpec)).toBe(
      "CHANGE REPLICATION SOURCE TO SOURCE_HOST='blue-writer', SOURCE_PORT=3306, SOURCE_USER='repl', SOURCE_PASSWORD='s3cret', " +
        "SOURCE_AUTO_POSITION=0, SOURCE_LOG_FILE='mysql-bin-changelog.000002', SOURCE_LOG_POS=157, SOURCE_SSL=1, GET_SOURCE_PUBLIC_KEY=1, " +
        "SOURCE_CONNECT_RETRY=1, SOURCE_DELAY=30",
    );
    expect(d.startReplicaUntilSql({ file: "b.000001", position: 4 })).toBe("START REPLICA UNTIL SOURCE_LOG_FILE='b.000001', SOURCE_LOG_POS=4");
    expect(d.typeConversionsVariable).toBe("slave_type_conversions");
    expect(d.waitForPositionSql({ file: "b.000001", position: 4 }, 5)).toContain("MASTER_POS_WAIT(");
  });

  it("8.0.26: replica_ variables, SOURCE_POS_WAIT, log-replica-updates", () => {
    const d = mysql("8.0.26");
    expect(d.name).toBe("mysql-8.0");
    expect(d.typeConversionsVariable).toBe("replica_type_conversions");
    expect(d.skipCounterVariable).toBe("sql_replica_skip_counter");
    expect(d.waitForPositionSql({ file: "b.000001", position: 4 }, 5)).toBe(
      "SELECT CAST(IFNULL(-LEAST(SOURCE_POS_WAIT('b.000001', 4, 5), 0), 2) AS SIGNED) AS result",
    );
    expect(d.showBinaryLogStatusSql()).toBe("SHOW MASTER STATUS");
    const args = d.serverArgs(options);
    expect(args).toContain("--log-replica-updates=ON");
    expect(args).toContain("--replica-type-conversions=ALL_NON_LOSSY");
  });

  it("reads the process list from performance_schema from 8.0.22 (information_schema's fails on 4-byte statement text)", () => {
    expect(mysql("8.0.21").processlistTable).toBe("information_schema.processlist");
    expect(mysql("8.0.22").processlistTable).toBe("performance_schema.processlist");
    expect(mysql("9.7.4").processlistTable).toBe("performance_schema.processlist");
  });

  it("8.0.25 server arguments use the slave names", () => {
    const args = mysql("8.0.25").serverArgs({ ...options, logReplicaUpdates: false });
    expect(args).toContain("--log-slave-updates=OFF");
    expect(args).toContain("--slave-net-timeout=5");
    expect(args).toContain("--slave-type-conversions=ALL_NON_LOSSY");
    expect(args.some((a) => a.startsWith("--log-replica-updates") || a.startsWith("--replica-type"))).toBe(false);
  });

  it("8.1 is named 8.4+ but keeps SHOW MASTER STATUS until 8.2", () => {
    expect(mysql("8.1.0").name).toBe("mysql-8.4+");
    expect(mysql("8.1.0").showBinaryLogStatusSql()).toBe("SHOW MASTER STATUS");
    expect(mysql("8.2.0").showBinaryLogStatusSql()).toBe("SHOW BINARY LOG STATUS");
  });

  it("8.4.0: BINARY LOG statements", () => {
    const d = mysql("8.4.0");
    expect(d.name).toBe("mysql-8.4+");
    expect(d.showBinaryLogStatusSql()).toBe("SHOW BINARY LOG STATUS");
    expect(d.resetBinaryLogsSql()).toBe("RESET BINARY LOGS AND GTIDS");
  });

  it("9.7.4: the statements verified on the real server", () => {
    const d = mysql("9.7.4-2");
    expect(d.name).toBe("mysql-8.4+");
    expect(d.gtidScheme).toBe("mysql");
    expect(d.changeSourceSql({ ...gtidSpec, connectRetrySeconds: 1 })).toBe(
      "CHANGE REPLICATION SOURCE TO SOURCE_HOST='blue-writer', SOURCE_PORT=3306, SOURCE_USER='repl', SOURCE_PASSWORD='s3cret', SOURCE_AUTO_POSITION=1, SOURCE_SSL=0, GET_SOURCE_PUBLIC_KEY=1, SOURCE_CONNECT_RETRY=1",
    );
    expect(d.stopReplicaSql()).toBe("STOP REPLICA");
    expect(d.gtidExecutedSql()).toBe("SELECT @@GLOBAL.gtid_executed AS gtid");
    expect(d.waitForGtidSql("8a8a3361-e61e-11f1-b2f3-0242ac130002:1-5", 10)).toBe(
      "SELECT WAIT_FOR_EXECUTED_GTID_SET('8a8a3361-e61e-11f1-b2f3-0242ac130002:1-5', 10) AS result",
    );
    expect(d.workerErrorsSql()).toBe(
      "SELECT WORKER_ID AS worker_id, LAST_ERROR_NUMBER AS code, LAST_ERROR_MESSAGE AS message " +
        "FROM performance_schema.replication_applier_status_by_worker WHERE LAST_ERROR_NUMBER <> 0 ORDER BY LAST_ERROR_TIMESTAMP, WORKER_ID",
    );
  });

  it("refuses MySQL 5.7 and MariaDB", () => {
    expect(() => mysql("5.7.44")).toThrow(HarnessError);
    expect(() => mysql("10.11.6-MariaDB")).toThrow(/not supported by the MySQL dialect/);
  });
});

describe("binary logging off (Aurora's binlog_format OFF)", () => {
  it("skips the binary log instead of naming one", () => {
    const args = mysql("9.7.4").serverArgs({ ...options, binaryLogging: false });
    expect(args).toContain("--skip-log-bin");
    expect(args.some((arg) => arg.startsWith("--log-bin"))).toBe(false);
  });
});

describe("escaping and validation", () => {
  it("doubles quotes and escapes backslashes in every string option", () => {
    const sql = mysql("9.7.4").changeSourceSql({ ...gtidSpec, user: "r'epl", password: "p'a\\ss\"x" });
    // Verified on 9.7.4: this password authenticates the user created with IDENTIFIED BY 'p''a\\ss"x'.
    expect(sql).toContain("SOURCE_USER='r''epl', SOURCE_PASSWORD='p''a\\\\ss\"x'");
  });

  it("sqlString escapes NUL and leaves other characters alone", () => {
    expect(sqlString("a\0b")).toBe("'a\\0b'");
    expect(sqlString("é\n%_")).toBe("'é\n%_'");
    expect(sqlString("\\'")).toBe("'\\\\'''");
  });

  it("rejects non-integer ports and positions", () => {
    expect(() => mysql("9.7.4").changeSourceSql({ ...gtidSpec, port: 33.5 })).toThrow(HarnessError);
    expect(() => mysql("9.7.4").startReplicaUntilSql({ file: "f", position: -1 })).toThrow(/non-negative integer/);
  });

  it("never emits a zero timeout (0 means wait forever to the server)", () => {
    const d = mysql("9.7.4");
    expect(d.waitForGtidSql("", 0.2)).toBe("SELECT WAIT_FOR_EXECUTED_GTID_SET('', 1) AS result");
    expect(d.waitForGtidSql("", 2.5)).toBe("SELECT WAIT_FOR_EXECUTED_GTID_SET('', 3) AS result");
    expect(() => d.waitForGtidSql("", 0)).toThrow(/positive/);
    expect(() => d.waitForPositionSql({ file: "f", position: 1 }, Number.NaN)).toThrow(HarnessError);
  });
});

describe("server arguments", () => {
  it("9.7.4 with compact memory and clone (started on the real server)", () => {
    expect(mysql("9.7.4-2").serverArgs({ ...options, initFile: "/etc/bgh/init.sql", readOnly: true, extraArgs: ["--log-error-verbosity=3"] })).toEqual([
      "--no-defaults",
      "--user=root",
      "--datadir=/var/lib/bgh/data",
      "--socket=/var/run/mysqld/mysqld.sock",
      "--pid-file=/var/run/mysqld/mysqld.pid",
      "--port=3306",
      "--bind-address=0.0.0.0",
      "--mysqlx=OFF",
      "--skip-name-resolve",
      "--server-id=7",
      "--log-bin=mysql-bin-changelog",
      "--binlog-format=ROW",
      "--binlog-expire-logs-seconds=86400",
      "--gtid-mode=ON",
      "--enforce-gtid-consistency=ON",
      "--log-replica-updates=ON",
      "--replica-net-timeout=5",
      "--replica-type-conversions=ALL_NON_LOSSY",
      "--read-only=ON",
      "--init-file=/etc/bgh/init.sql",
      "--secure-file-priv=/var/lib/mysql-files",
      "--relay-log=relaylog",
      "--max-connections=128",
      "--plugin-load-add=mysql_clone.so",
      "--clone-valid-donor-list=172.19.0.2:3306",
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
      "--performance-schema-error-size=50",
      "--log-error-verbosity=3",
    ]);
  });

  it("without GTIDs, conversions, clone donors or compact memory", () => {
    expect(
      mysql("8.4.3").serverArgs({ ...options, gtid: false, typeConversions: "", compactMemory: false, cloneDonors: undefined, logReplicaUpdates: false }),
    ).toEqual([
      "--no-defaults",
      "--user=root",
      "--datadir=/var/lib/bgh/data",
      "--socket=/var/run/mysqld/mysqld.sock",
      "--pid-file=/var/run/mysqld/mysqld.pid",
      "--port=3306",
      "--bind-address=0.0.0.0",
      "--mysqlx=OFF",
      "--skip-name-resolve",
      "--server-id=7",
      "--log-bin=mysql-bin-changelog",
      "--binlog-format=ROW",
      "--binlog-expire-logs-seconds=86400",
      "--gtid-mode=OFF",
      "--enforce-gtid-consistency=OFF",
      "--log-replica-updates=OFF",
      "--replica-net-timeout=5",
      "--secure-file-priv=/var/lib/mysql-files",
      "--relay-log=relaylog",
      "--max-connections=128",
      "--plugin-load-add=mysql_clone.so",
    ]);
  });

  it("old 8.0 patch levels drop what they lack", () => {
    const args = mysql("8.0.16").serverArgs(options);
    expect(args.some((a) => a.includes("clone"))).toBe(false);
    expect(args).not.toContain("--performance-schema-error-size=50");
    expect(args).toContain("--mysqlx=OFF");
    expect(mysql("8.0.18").serverArgs(options)).toContain("--performance-schema-error-size=50");
  });

  it("initializeCommand sizes the redo log by version", () => {
    expect(mysql("9.7.4-2").initializeCommand("/d")).toEqual([
      "mysqld",
      "--no-defaults",
      "--initialize-insecure",
      "--user=root",
      "--datadir=/d",
      "--innodb-redo-log-capacity=33554432",
    ]);
    expect(mysql("8.0.29").initializeCommand("/d")[5]).toBe("--innodb-log-file-size=16777216");
    expect(mysql("8.0.30").initializeCommand("/d")[5]).toBe("--innodb-redo-log-capacity=33554432");
  });
});

/** SHOW REPLICA STATUS as mysql2 returned it on 9.7.4, after a replicated CREATE USER met an existing user. */
const RECORDED_REPLICA_ROW_9_7 = {
  Replica_IO_State: "Waiting for source to send event",
  Source_Host: "dl-my1",
  Source_User: "repl",
  Source_Port: 3306,
  Connect_Retry: 1,
  Source_Log_File: "mysql-bin-changelog.000001",
  Read_Source_Log_Pos: 380,
  Relay_Log_File: "relaylog.000002",
  Relay_Log_Pos: 395,
  Relay_Source_Log_File: "mysql-bin-changelog.000001",
  Replica_IO_Running: "Yes",
  Replica_SQL_Running: "No",
  Replicate_Do_DB: "",
  Last_Errno: 1396,
  Last_Error:
    "Coordinator stopped because there were error(s) in the worker(s). The most recent failure being: Worker 1 failed executing transaction '8a8a3361-e61e-11f1-b2f3-0242ac130002:1' at source log mysql-bin-changelog.000001, end_log_pos 380. See error log and/or performance_schema.replication_applier_status_by_worker table for more details about this failure or others, if any.",
  Skip_Counter: 0,
  Exec_Source_Log_Pos: 158,
  Relay_Log_Space: 1359,
  Until_Condition: "None",
  Seconds_Behind_Source: null,
  Last_IO_Errno: 0,
  Last_IO_Error: "",
  Last_SQL_Errno: 1396,
  Last_SQL_Error:
    "Coordinator stopped because there were error(s) in the worker(s). The most recent failure being: Worker 1 failed executing transaction '8a8a3361-e61e-11f1-b2f3-0242ac130002:1' at source log mysql-bin-changelog.000001, end_log_pos 380. See error log and/or performance_schema.replication_applier_status_by_worker table for more details about this failure or others, if any.",
  Source_Server_Id: 1,
  Source_UUID: "8a8a3361-e61e-11f1-b2f3-0242ac130002",
  SQL_Delay: 0,
  SQL_Remaining_Delay: null,
  Retrieved_Gtid_Set: "8a8a3361-e61e-11f1-b2f3-0242ac130002:1",
  Executed_Gtid_Set: "8bc3d070-e61e-11f1-af82-0242ac130003:tag_a:1",
  Auto_Position: 1,
  Channel_Name: "",
  Get_Source_public_key: 1,
};

describe("parsing", () => {
  it("reads a recorded 9.7.4 SHOW REPLICA STATUS row", () => {
    expect(mysql("9.7.4-2").parseReplicaStatus([RECORDED_REPLICA_ROW_9_7])).toEqual({
      ioRunning: "Yes",
      sqlRunning: "No",
      sourceHost: "dl-my1",
      sourcePort: 3306,
      secondsBehindSource: null,
      sourceLogFile: "mysql-bin-changelog.000001",
      readSourceLogPos: 380,
      relaySourceLogFile: "mysql-bin-changelog.000001",
      execSourceLogPos: 158,
      lastIoErrno: 0,
      lastIoError: "",
      lastSqlErrno: 1396,
      lastSqlError: RECORDED_REPLICA_ROW_9_7.Last_SQL_Error,
      retrievedGtidSet: "8a8a3361-e61e-11f1-b2f3-0242ac130002:1",
      executedGtidSet: "8bc3d070-e61e-11f1-af82-0242ac130003:tag_a:1",
      autoPosition: true,
    });
  });

  it("reads SHOW SLAVE STATUS names on 8.0.21, with string numbers and multi-line GTID sets", () => {
    const row = {
      Slave_IO_Running: "Connecting",
      Slave_SQL_Running: "Yes",
      Master_Host: "10.0.0.5",
      Master_Port: "3306",
      Seconds_Behind_Master: "12",
      Master_Log_File: "mysql-bin-changelog.000009",
      Read_Master_Log_Pos: "1200",
      Relay_Master_Log_File: "mysql-bin-changelog.000008",
      Exec_Master_Log_Pos: "900",
      Last_IO_Errno: "2003",
      Last_IO_Error: "error connecting to master 'repl@10.0.0.5:3306' - retry-time: 60 retries: 1 message: Can't connect to MySQL server on '10.0.0.5:3306' (111)",
      Last_SQL_Errno: "0",
      Last_SQL_Error: "",
      Retrieved_Gtid_Set: "",
      Executed_Gtid_Set: "0a8a3361-e61e-11f1-b2f3-0242ac130002:1-3,\n8a8a3361-e61e-11f1-b2f3-0242ac130002:1-5",
      Auto_Position: "0",
    };
    expect(mysql("8.0.21").parseReplicaStatus([row])).toEqual({
      ioRunning: "Connecting",
      sqlRunning: "Yes",
      sourceHost: "10.0.0.5",
      sourcePort: 3306,
      secondsBehindSource: 12,
      sourceLogFile: "mysql-bin-changelog.000009",
      readSourceLogPos: 1200,
      relaySourceLogFile: "mysql-bin-changelog.000008",
      execSourceLogPos: 900,
      lastIoErrno: 2003,
      lastIoError: row.Last_IO_Error,
      lastSqlErrno: 0,
      lastSqlError: "",
      retrievedGtidSet: "",
      executedGtidSet: "0a8a3361-e61e-11f1-b2f3-0242ac130002:1-3,8a8a3361-e61e-11f1-b2f3-0242ac130002:1-5",
      autoPosition: false,
    });
  });

  it("an empty result is 'not configured'", () => {
    expect(mysql("9.7.4").parseReplicaStatus([])).toBeNull();
  });

  it("names the missing column when the dialect does not match the rows", () => {
    expect(() => mysql("8.0.21").parseReplicaStatus([RECORDED_REPLICA_ROW_9_7])).toThrow(/no column Slave_IO_Running/);
  });

  it("reads SHOW BINARY LOG STATUS and refuses an empty one", () => {
    const d = mysql("9.7.4");
    expect(
      d.parseBinaryLogStatus([
        {
          File: "mysql-bin-changelog.000001",
          Position: 1347,
          Binlog_Do_DB: "",
          Binlog_Ignore_DB: "",
          Executed_Gtid_Set: "8a8a3361-e61e-11f1-b2f3-0242ac130002:1-5,\n8bc3d070-e61e-11f1-af82-0242ac130003:tag_a:1",
        },
      ]),
    ).toEqual({
      file: "mysql-bin-changelog.000001",
      position: 1347,
      executedGtidSet: "8a8a3361-e61e-11f1-b2f3-0242ac130002:1-5,8bc3d070-e61e-11f1-af82-0242ac130003:tag_a:1",
    });
    expect(() => d.parseBinaryLogStatus([])).toThrow(/binary logging is off/);
  });

  it("reads worker errors", () => {
    expect(
      mysql("9.7.4").parseWorkerErrors([
        { worker_id: 1, code: 13146, message: "Worker 1 failed ...; Column 2 ..." },
        { worker_id: "3", code: "1062", message: Buffer.from("Duplicate entry") },
      ]),
    ).toEqual([
      { workerId: 1, code: 13146, message: "Worker 1 failed ...; Column 2 ..." },
      { workerId: 3, code: 1062, message: "Duplicate entry" },
    ]);
  });
});
