import { describe, expect, it } from "vitest";
import { MariadbDialect } from "../../harness/engine/mariadb-dialect.ts";
import { MysqlDialect } from "../../harness/engine/mysql-dialect.ts";
import { parseServerVersion } from "../../harness/engine/server-version.ts";
import type { SqlRow, SqlRunner } from "../../harness/sql/sql-runner.ts";
import { describeStatus, isHealthy, readReplicationStatus, type ReplicationStatus } from "../../harness/replication/replication-status.ts";

const mysql = new MysqlDialect(parseServerVersion("9.7.4-2"));
const mariadb = new MariadbDialect(parseServerVersion("10.11.18-MariaDB-0+deb12u1-log"));

/** Answers by statement prefix; records what was asked. */
function fakeRunner(answers: Record<string, SqlRow[] | Error>): SqlRunner & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    async query(sql: string) {
      seen.push(sql);
      const key = Object.keys(answers).find((prefix) => sql.startsWith(prefix));
      if (key === undefined) throw new Error(`unexpected SQL: ${sql}`);
      const answer = answers[key]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

// Recorded on 9.7.4: a BIGINT column reaching an INT column with replica_type_conversions=ALL_NON_LOSSY.
const WRAPPER =
  "Coordinator stopped because there were error(s) in the worker(s). The most recent failure being: Worker 1 failed executing transaction '8a8a3361-e61e-11f1-b2f3-0242ac130002:6' at source log mysql-bin-changelog.000001, end_log_pos 1592. See error log and/or performance_schema.replication_applier_status_by_worker table for more details about this failure or others, if any.";
const WORKER_MESSAGE =
  "Worker 1 failed executing transaction '8a8a3361-e61e-11f1-b2f3-0242ac130002:6' at source log mysql-bin-changelog.000001, end_log_pos 1592; Column 2 (counting the first column as number 1) of table 'app.t' cannot be converted from type 'bigint' to type 'int'";

const conversionRow: SqlRow = {
  Source_Host: "dl-my1",
  Source_Port: 3306,
  Source_Log_File: "mysql-bin-changelog.000001",
  Read_Source_Log_Pos: 1623,
  Relay_Source_Log_File: "mysql-bin-changelog.000001",
  Replica_IO_Running: "Yes",
  Replica_SQL_Running: "No",
  Exec_Source_Log_Pos: 1347,
  Seconds_Behind_Source: null,
  Last_IO_Errno: 0,
  Last_IO_Error: "",
  Last_SQL_Errno: 13146,
  Last_SQL_Error: WRAPPER,
  Retrieved_Gtid_Set: "8a8a3361-e61e-11f1-b2f3-0242ac130002:1-6",
  Executed_Gtid_Set: "8a8a3361-e61e-11f1-b2f3-0242ac130002:1-5",
  Auto_Position: 1,
};

describe("readReplicationStatus on MySQL", () => {
  it("replaces the coordinator wrapper with the worker's error", async () => {
    const runner = fakeRunner({
      "SHOW REPLICA STATUS": [conversionRow],
      "SELECT WORKER_ID": [{ worker_id: 1, code: 13146, message: WORKER_MESSAGE }],
    });
    const status = await readReplicationStatus(runner, mysql);
    expect(status).toEqual({
      configured: true,
      ioThread: "running",
      sqlThread: "stopped",
      source: { host: "dl-my1", port: 3306 },
      secondsBehindSource: null,
      received: { file: "mysql-bin-changelog.000001", position: 1623 },
      executed: { file: "mysql-bin-changelog.000001", position: 1347 },
      retrievedGtidSet: "8a8a3361-e61e-11f1-b2f3-0242ac130002:1-6",
      executedGtidSet: "8a8a3361-e61e-11f1-b2f3-0242ac130002:1-5",
      autoPosition: true,
      ioError: null,
      sqlError: { thread: "sql", code: 13146, kind: "type-conversion", message: WORKER_MESSAGE, workerId: 1 },
    } satisfies ReplicationStatus);
    expect(runner.seen).toEqual(["SHOW REPLICA STATUS", mysql.workerErrorsSql()]);
    expect(isHealthy(status)).toBe(false);
    expect(describeStatus(status)).toBe(
      `IO running, SQL stopped: error 13146 (type-conversion) ${WORKER_MESSAGE} (worker 1); source dl-my1:3306, executed up to mysql-bin-changelog.000001:1347`,
    );
  });

  it("does not query workers when the applier has no error", async () => {
    const runner = fakeRunner({
      "SHOW REPLICA STATUS": [{ ...conversionRow, Replica_SQL_Running: "Yes", Last_SQL_Errno: 0, Last_SQL_Error: "", Seconds_Behind_Source: 0 }],
    });
    const status = await readReplicationStatus(runner, mysql);
    expect(runner.seen).toEqual(["SHOW REPLICA STATUS"]);
    expect(isHealthy(status)).toBe(true);
    expect(describeStatus(status)).toBe("IO running, SQL running; 0 s behind, source dl-my1:3306, executed up to mysql-bin-changelog.000001:1347");
  });

  it("keeps the wrapper and says why when the worker table cannot be read", async () => {
    const runner = fakeRunner({
      "SHOW REPLICA STATUS": [conversionRow],
      "SELECT WORKER_ID": new Error("performance_schema is off"),
    });
    const status = await readReplicationStatus(runner, mysql);
    expect(status.sqlError).toEqual({
      thread: "sql",
      code: 13146,
      kind: "type-conversion",
      message: `${WRAPPER} (worker errors unavailable: performance_schema is off)`,
    });
  });

  it("an empty SHOW REPLICA STATUS is 'not configured'", async () => {
    const status = await readReplicationStatus(fakeRunner({ "SHOW REPLICA STATUS": [] }), mysql);
    expect(status).toEqual({
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
    });
    expect(isHealthy(status)).toBe(false);
    expect(describeStatus(status)).toBe("replication not configured");
  });

  it("a connecting IO thread with an error is unhealthy and described on one line", async () => {
    const status = await readReplicationStatus(
      fakeRunner({
        "SHOW REPLICA STATUS": [
          {
            ...conversionRow,
            Replica_IO_Running: "Connecting",
            Replica_SQL_Running: "Yes",
            Last_SQL_Errno: 0,
            Last_SQL_Error: "",
            Seconds_Behind_Source: null,
            Last_IO_Errno: 13114,
            Last_IO_Error:
              "Got fatal error 1236 from source when reading data from binary log: 'Cannot replicate because the source purged required binary logs.\nThe GTID set sent by the replica is '', and the missing transactions are 'x:1-13''",
          },
        ],
      }),
      mysql,
    );
    expect(status.ioThread).toBe("connecting");
    expect(status.ioError?.kind).toBe("binlog-unavailable");
    expect(isHealthy(status)).toBe(false);
    expect(describeStatus(status)).toBe(
      "IO connecting: error 13114 (binlog-unavailable) Got fatal error 1236 from source when reading data from binary log: 'Cannot replicate because the source purged required binary logs. The GTID set sent by the replica is '', and the missing transactions are 'x:1-13'', SQL running; source dl-my1:3306, executed up to mysql-bin-changelog.000001:1347",
    );
  });
});

describe("readReplicationStatus on MariaDB", () => {
  it("uses Last_SQL_Error as is (no worker table)", async () => {
    const runner = fakeRunner({
      "SHOW ALL SLAVES STATUS": [
        {
          Connection_name: "",
          Master_Host: "dl-ma1",
          Master_Port: 3306,
          Master_Log_File: "mysql-bin-changelog.000001",
          Read_Master_Log_Pos: 1664,
          Relay_Master_Log_File: "mysql-bin-changelog.000001",
          Slave_IO_Running: "Yes",
          Slave_SQL_Running: "No",
          Exec_Master_Log_Pos: 1447,
          Seconds_Behind_Master: null,
          Last_IO_Errno: 0,
          Last_IO_Error: "",
          Last_SQL_Errno: 1677,
          Last_SQL_Error: "Column 1 of table 'app.t' cannot be converted from type 'bigint' to type 'int(11)'",
          Using_Gtid: "Slave_Pos",
          Gtid_IO_Pos: "0-11-8",
          Gtid_Slave_Pos: "0-11-7",
        },
      ],
    });
    const status = await readReplicationStatus(runner, mariadb);
    expect(runner.seen).toEqual(["SHOW ALL SLAVES STATUS"]);
    expect(status).toMatchObject({
      retrievedGtidSet: "0-11-8",
      executedGtidSet: "0-11-7",
      autoPosition: true,
      sqlError: { thread: "sql", code: 1677, kind: "type-conversion", message: "Column 1 of table 'app.t' cannot be converted from type 'bigint' to type 'int(11)'" },
    });
    expect(describeStatus(status)).toBe(
      "IO running, SQL stopped: error 1677 (type-conversion) Column 1 of table 'app.t' cannot be converted from type 'bigint' to type 'int(11)'; source dl-ma1:3306, executed up to mysql-bin-changelog.000001:1447",
    );
  });
});
