import { describe, expect, it } from "vitest";
import type { ServerOptions } from "../../harness/engine/dialect.ts";
import { MariadbDialect } from "../../harness/engine/mariadb-dialect.ts";
import { parseServerVersion } from "../../harness/engine/server-version.ts";
import { HarnessError } from "../../harness/errors/harness-error.ts";

const mariadb = (raw: string) => new MariadbDialect(parseServerVersion(raw));
const d = mariadb("10.11.18-MariaDB-0+deb12u1-log");

const options: ServerOptions = {
  serverId: 11,
  port: 3306,
  datadir: "/var/lib/bgh/data",
  socket: "/run/mysqld/mysqld.sock",
  binlogBasename: "mysql-bin-changelog",
  binlogFormat: "ROW",
  binlogExpireSeconds: 86400,
  gtid: true,
  logReplicaUpdates: true,
  replicaNetTimeoutSeconds: 5,
  typeConversions: "ALL_NON_LOSSY",
  readOnly: false,
  compactMemory: true,
  initFile: "/etc/dl-init.sql",
  cloneDonors: "ignored:3306",
};

describe("MariadbDialect SQL (all run on MariaDB 10.11.18)", () => {
  it("names and variables", () => {
    expect(d.name).toBe("mariadb");
    expect(d.gtidScheme).toBe("mariadb");
    expect(d.typeConversionsVariable).toBe("slave_type_conversions");
    expect(d.skipCounterVariable).toBe("sql_slave_skip_counter");
    expect(d.supportsClone).toBe(false);
    expect(d.workerErrorsSql()).toBeNull();
  });

  it("CHANGE MASTER TO with slave_pos, escaped", () => {
    expect(d.changeSourceSql({ host: "dl-ma1", port: 3306, user: "repl", password: "p'a\\ss\"x", positioning: { mode: "gtid" }, connectRetrySeconds: 1 })).toBe(
      "CHANGE MASTER TO MASTER_HOST='dl-ma1', MASTER_PORT=3306, MASTER_USER='repl', MASTER_PASSWORD='p''a\\\\ss\"x', MASTER_USE_GTID=slave_pos, MASTER_SSL=0, MASTER_CONNECT_RETRY=1",
    );
  });

  it("CHANGE MASTER TO from a file position, with SSL and delay", () => {
    expect(
      d.changeSourceSql({
        host: "dl-ma1",
        port: 3306,
        user: "repl",
        password: "x",
        positioning: { mode: "file-position", file: "mysql-bin-changelog.000001", position: 2114 },
        ssl: true,
        delaySeconds: 5,
      }),
    ).toBe(
      "CHANGE MASTER TO MASTER_HOST='dl-ma1', MASTER_PORT=3306, MASTER_USER='repl', MASTER_PASSWORD='x', MASTER_USE_GTID=no, " +
        "MASTER_LOG_FILE='mysql-bin-changelog.000001', MASTER_LOG_POS=2114, MASTER_SSL=1, MASTER_DELAY=5",
    );
  });

  it("SLAVE statements, MASTER binlog statements", () => {
    expect(d.startReplicaSql()).toBe("START SLAVE");
    expect(d.startReplicaSql("io")).toBe("START SLAVE IO_THREAD");
    expect(d.stopReplicaSql("sql")).toBe("STOP SLAVE SQL_THREAD");
    expect(d.startReplicaUntilSql({ file: "mysql-bin-changelog.000001", position: 2333 })).toBe(
      "START SLAVE UNTIL MASTER_LOG_FILE='mysql-bin-changelog.000001', MASTER_LOG_POS=2333",
    );
    expect(d.resetReplicaAllSql()).toBe("RESET SLAVE ALL");
    expect(d.showReplicaStatusSql()).toBe("SHOW ALL SLAVES STATUS");
    expect(d.showBinaryLogStatusSql()).toBe("SHOW MASTER STATUS");
    expect(d.resetBinaryLogsSql()).toBe("RESET MASTER");
    expect(d.gtidExecutedSql()).toBe("SELECT @@GLOBAL.gtid_binlog_pos AS gtid");
  });

  it("waits normalized to result 0 / non-zero", () => {
    expect(d.waitForGtidSql("0-11-7", 5)).toBe("SELECT CAST(-MASTER_GTID_WAIT('0-11-7', 5) AS SIGNED) AS result");
    expect(d.waitForPositionSql({ file: "mysql-bin-changelog.000001", position: 1447 }, 5)).toBe(
      "SELECT CAST(IFNULL(-LEAST(MASTER_POS_WAIT('mysql-bin-changelog.000001', 1447, 5), 0), 2) AS SIGNED) AS result",
    );
  });

  it("refuses MariaDB before 10.5 and MySQL", () => {
    expect(() => mariadb("10.4.32-MariaDB")).toThrow(HarnessError);
    expect(() => mariadb("8.0.36")).toThrow(/not supported by the MariaDB dialect/);
  });
});

describe("server arguments", () => {
  it("10.11 (started on the real server)", () => {
    expect(d.serverArgs({ ...options, readOnly: true, extraArgs: ["--log-warnings=2"] })).toEqual([
      "--no-defaults",
      "--user=root",
      "--datadir=/var/lib/bgh/data",
      "--socket=/run/mysqld/mysqld.sock",
      "--pid-file=/run/mysqld/mysqld.pid",
      "--port=3306",
      "--bind-address=0.0.0.0",
      "--skip-name-resolve",
      "--server-id=11",
      "--log-bin=mysql-bin-changelog",
      "--binlog-format=ROW",
      "--binlog-expire-logs-seconds=86400",
      "--log-slave-updates=ON",
      "--slave-net-timeout=5",
      "--gtid-strict-mode=ON",
      "--slave-type-conversions=ALL_NON_LOSSY",
      "--read-only=ON",
      "--init-file=/etc/dl-init.sql",
      "--secure-file-priv=/var/lib/mysql-files",
      "--relay-log=relaylog",
      "--max-connections=128",
      "--innodb-buffer-pool-size=32M",
      "--innodb-log-buffer-size=2M",
      "--performance-schema=OFF",
      "--key-buffer-size=1M",
      "--table-open-cache=200",
      "--table-definition-cache=400",
      "--log-warnings=2",
    ]);
  });

  it("has no binary log when binary logging is off (Aurora's binlog_format OFF)", () => {
    const args = mariadb("10.11.18-MariaDB").serverArgs({ ...options, binaryLogging: false });
    expect(args.some((arg) => arg.startsWith("--log-bin"))).toBe(false);
  });

  it("puts the server's own writes in its GTID domain only when one is given", () => {
    expect(mariadb("10.11.18-MariaDB").serverArgs({ ...options, gtidDomainId: 2 })).toContain("--gtid-domain-id=2");
    expect(mariadb("10.11.18-MariaDB").serverArgs(options).some((arg) => arg.startsWith("--gtid-domain-id"))).toBe(false);
  });

  it("10.5 has only whole-day binlog expiry", () => {
    const args = mariadb("10.5.27-MariaDB").serverArgs({ ...options, binlogExpireSeconds: 90000, gtid: false, typeConversions: "", compactMemory: false });
    expect(args).toContain("--expire-logs-days=2");
    expect(args.some((a) => a.startsWith("--binlog-expire-logs-seconds"))).toBe(false);
    expect(args.some((a) => a.startsWith("--gtid-strict-mode") || a.startsWith("--slave-type-conversions"))).toBe(false);
  });

  it("initializeCommand", () => {
    expect(d.initializeCommand("/var/lib/bgh/data")).toEqual([
      "mariadb-install-db",
      "--no-defaults",
      "--user=root",
      "--datadir=/var/lib/bgh/data",
      "--auth-root-authentication-method=normal",
      "--skip-test-db",
    ]);
  });
});

/** SHOW ALL SLAVES STATUS as mysql2 returned it on MariaDB 10.11.18, replicating by slave_pos. */
const RECORDED_ALL_SLAVES_ROW = {
  Connection_name: "",
  Slave_SQL_State: "Slave has read all relay log; waiting for more updates",
  Slave_IO_State: "Waiting for master to send event",
  Master_Host: "dl-ma1",
  Master_User: "repl",
  Master_Port: 3306,
  Connect_Retry: 1,
  Master_Log_File: "mysql-bin-changelog.000001",
  Read_Master_Log_Pos: 1447,
  Relay_Log_File: "relaylog.000002",
  Relay_Log_Pos: 1756,
  Relay_Master_Log_File: "mysql-bin-changelog.000001",
  Slave_IO_Running: "Yes",
  Slave_SQL_Running: "Yes",
  Last_Errno: 0,
  Last_Error: "",
  Skip_Counter: 0,
  Exec_Master_Log_Pos: 1447,
  Relay_Log_Space: 2058,
  Until_Condition: "None",
  Seconds_Behind_Master: 0,
  Last_IO_Errno: 0,
  Last_IO_Error: "",
  Last_SQL_Errno: 0,
  Last_SQL_Error: "",
  Master_Server_Id: 11,
  Using_Gtid: "Slave_Pos",
  Gtid_IO_Pos: "0-11-7",
  Parallel_Mode: "optimistic",
  SQL_Delay: 0,
  SQL_Remaining_Delay: null,
  Slave_SQL_Running_State: "Slave has read all relay log; waiting for more updates",
  Retried_transactions: 0,
  Executed_log_entries: 32,
  Slave_heartbeat_period: 30,
  Gtid_Slave_Pos: "0-11-7",
};

describe("parsing", () => {
  it("reads the default connection of a recorded SHOW ALL SLAVES STATUS", () => {
    const other = { ...RECORDED_ALL_SLAVES_ROW, Connection_name: "other", Master_Host: "elsewhere" };
    expect(d.parseReplicaStatus([other, RECORDED_ALL_SLAVES_ROW])).toEqual({
      ioRunning: "Yes",
      sqlRunning: "Yes",
      sourceHost: "dl-ma1",
      sourcePort: 3306,
      secondsBehindSource: 0,
      sourceLogFile: "mysql-bin-changelog.000001",
      readSourceLogPos: 1447,
      relaySourceLogFile: "mysql-bin-changelog.000001",
      execSourceLogPos: 1447,
      lastIoErrno: 0,
      lastIoError: "",
      lastSqlErrno: 0,
      lastSqlError: "",
      retrievedGtidSet: "0-11-7",
      executedGtidSet: "0-11-7",
      autoPosition: true,
    });
  });

  it("only named connections, or none, is 'not configured'", () => {
    expect(d.parseReplicaStatus([{ ...RECORDED_ALL_SLAVES_ROW, Connection_name: "other" }])).toBeNull();
    expect(d.parseReplicaStatus([])).toBeNull();
  });

  it("Using_Gtid No is file/position replication", () => {
    expect(d.parseReplicaStatus([{ ...RECORDED_ALL_SLAVES_ROW, Using_Gtid: "No", Gtid_IO_Pos: "" }])?.autoPosition).toBe(false);
  });

  it("a receiver that is 'Preparing' (connected, registering with the source) is on its way up, not stopped", () => {
    expect(d.parseReplicaStatus([{ ...RECORDED_ALL_SLAVES_ROW, Slave_IO_Running: "Preparing" }])?.ioRunning).toBe("Connecting");
  });

  it("a receiver state the harness does not know is reported, not read as stopped", () => {
    expect(() => d.parseReplicaStatus([{ ...RECORDED_ALL_SLAVES_ROW, Slave_IO_Running: "Sleeping" }])).toThrow(/receiver thread state is "Sleeping"/);
  });

  it("SHOW MASTER STATUS has no GTID column", () => {
    expect(d.parseBinaryLogStatus([{ File: "mysql-bin-changelog.000001", Position: 1447, Binlog_Do_DB: "", Binlog_Ignore_DB: "" }])).toEqual({
      file: "mysql-bin-changelog.000001",
      position: 1447,
      executedGtidSet: "",
    });
  });
});
