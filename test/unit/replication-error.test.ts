import { describe, expect, it } from "vitest";
import {
  applierError,
  classifyReplicationError,
  isCoordinatorWrapper,
  ReplicationErrorCode,
} from "../../harness/replication/replication-error.ts";

// Messages recorded on MySQL 9.7.4 and MariaDB 10.11.18 (Last_IO_Error, Last_SQL_Error, worker rows),
// except 2061, the same-server_uuid 1236, 13117 "empty username", 1146, 1050 and 1452, which follow
// the server's message templates (perror / source) without a recorded run.
const WRAPPER_13146 =
  "Coordinator stopped because there were error(s) in the worker(s). The most recent failure being: Worker 1 failed executing transaction '8a8a3361-e61e-11f1-b2f3-0242ac130002:6' at source log mysql-bin-changelog.000001, end_log_pos 1592. See error log and/or performance_schema.replication_applier_status_by_worker table for more details about this failure or others, if any.";
const WORKER_13146 =
  "Worker 1 failed executing transaction '8a8a3361-e61e-11f1-b2f3-0242ac130002:6' at source log mysql-bin-changelog.000001, end_log_pos 1592; Column 2 (counting the first column as number 1) of table 'app.t' cannot be converted from type 'bigint' to type 'int'";

describe("classifyReplicationError on recorded messages", () => {
  it.each([
    ["sql", 13146, WORKER_13146, "type-conversion"],
    ["sql", 1677, "Column 1 of table 'app.t' cannot be converted from type 'bigint' to type 'int(11)'", "type-conversion"],
    [
      "sql",
      1062,
      "Worker 1 failed executing transaction '8a8a3361-e61e-11f1-b2f3-0242ac130002:7' at source log mysql-bin-changelog.000001, end_log_pos 1868; Could not execute Write_rows event on table app.t; Duplicate entry '3' for key 't.PRIMARY', Error_code: 1062; handler error HA_ERR_FOUND_DUPP_KEY; the event's source log mysql-bin-changelog.000001, end_log_pos 1868",
      "duplicate-key",
    ],
    [
      "sql",
      1032,
      "Could not execute Update_rows_v1 event on table app.t; Can't find record in 't', Error_code: 1032; handler error HA_ERR_KEY_NOT_FOUND; the event's master log mysql-bin-changelog.000001, end_log_pos 2083",
      "row-not-found",
    ],
    [
      "io",
      13114,
      "Got fatal error 1236 from source when reading data from binary log: 'Cannot replicate because the source purged required binary logs. Replicate the missing transactions from elsewhere, or provision a new replica from backup. Consider increasing the source's binary log expiration period. The GTID set sent by the replica is '', and the missing transactions are '8a8a3361-e61e-11f1-b2f3-0242ac130002:1-13''",
      "binlog-unavailable",
    ],
    ["io", 13114, "Got fatal error 1236 from source when reading data from binary log: 'Could not find first log file name in binary log index file'", "binlog-unavailable"],
    [
      "io",
      1236,
      "Got fatal error 1236 from master when reading data from binary log: 'Could not find GTID state requested by slave in any binlog files. Probably the slave state is too old and required binlog files have been purged.'",
      "binlog-unavailable",
    ],
    [
      "io",
      13114,
      "Got fatal error 1236 from source when reading data from binary log: 'A replica with the same server_uuid/server_id as this replica has connected to the source; the first event '' at 4, the last event read from './binlog.000001' at 126, the last byte read from './binlog.000001' at 126.'",
      "other",
    ],
    [
      "io",
      1045,
      "Error connecting to source 'repl@dl-my1:3306'. This was attempt 3/10, with a delay of 1 seconds between attempts. Message: Access denied for user 'repl'@'172.19.0.3' (using password: YES)",
      "authentication",
    ],
    ["io", 2061, "Error connecting to source 'repl@blue:3306'. Message: Authentication plugin 'caching_sha2_password' reported error: Authentication requires secure connection.", "authentication"],
    [
      "io",
      2005,
      "Error connecting to source 'repl@dl-nohost:3306'. This was attempt 3/10, with a delay of 1 seconds between attempts. Message: Unknown MySQL server host 'dl-nohost' (-2)",
      "source-unreachable",
    ],
    [
      "io",
      2003,
      "Error connecting to source 'repl@dl-my1:3307'. This was attempt 3/10, with a delay of 1 seconds between attempts. Message: Can't connect to MySQL server on 'dl-my1:3307' (111)",
      "source-unreachable",
    ],
    [
      "io",
      13117,
      "Fatal error: The replica I/O thread stops because source and replica have equal MySQL server ids; these ids must be different for replication to work (or the --replicate-same-server-id option must be used on replica but this does not always make sense; please check the manual before using it).",
      "other",
    ],
    ["io", 13117, "Fatal error: Invalid (empty) username when attempting to connect to the source server. Connection attempt terminated.", "authentication"],
    [
      "sql",
      1396,
      "Worker 1 failed executing transaction '8a8a3361-e61e-11f1-b2f3-0242ac130002:1' at source log mysql-bin-changelog.000001, end_log_pos 380; Error 'Operation CREATE USER failed for 'trap'@'%' (User account already exists)' on query. Default database: ''. Query: 'CREATE USER 'trap'@'%' IDENTIFIED WITH 'caching_sha2_password''",
      "object-exists",
    ],
    ["sql", 1396, "Error 'Operation DROP USER failed for 'gone'@'%'' on query. Default database: ''. Query: 'DROP USER 'gone'@'%''", "missing-object"],
    ["sql", 1146, "Error executing row event: 'Table 'app.t2' doesn't exist'", "missing-object"],
    ["sql", 1050, "Error 'Table 't' already exists' on query. Default database: 'app'. Query: 'CREATE TABLE t (id INT)'", "object-exists"],
    ["sql", 1452, "Could not execute Write_rows event on table app.child; Cannot add or update a child row: a foreign key constraint fails (...), Error_code: 1452", "foreign-key"],
    [
      "sql",
      1950,
      "An attempt was made to binlog GTID 0-11-1 which would create an out-of-order sequence number with existing GTID 0-12-2, and gtid strict mode is enabled",
      "other",
    ],
  ] as const)("%s %i -> %s", (thread, code, message, kind) => {
    expect(classifyReplicationError(thread, code, message)).toEqual({ thread, code, kind, message });
  });

  it("falls back on the message for codes it does not know", () => {
    expect(classifyReplicationError("sql", 1756, "... Duplicate entry '3' for key 'PRIMARY' ...").kind).toBe("duplicate-key");
    expect(classifyReplicationError("sql", 9999, "something else").kind).toBe("other");
  });

  it("keeps a worker id when given", () => {
    expect(classifyReplicationError("sql", 13146, WORKER_13146, 4)).toEqual({ thread: "sql", code: 13146, kind: "type-conversion", message: WORKER_13146, workerId: 4 });
  });

  it("exports the documented codes", () => {
    expect(ReplicationErrorCode).toMatchObject({
      DuplicateKey: 1062,
      KeyNotFound: 1032,
      ConversionFailed: 13146,
      ConversionFailedLegacy: 1677,
      SourceFatalError: 13114,
      FatalReadingBinlog: 1236,
      ReplicaFatalError: 13117,
      AccessDenied: 1045,
      ConnHostError: 2003,
      UnknownHost: 2005,
      NoSuchTable: 1146,
      CannotUser: 1396,
      NoReferencedRow2: 1452,
    });
  });
});

describe("the coordinator wrapper is never the cause", () => {
  it("recognizes the wrapper", () => {
    expect(isCoordinatorWrapper(WRAPPER_13146)).toBe(true);
    expect(isCoordinatorWrapper(WORKER_13146)).toBe(false);
  });

  it("is replaced by the failed worker's error", () => {
    expect(applierError(13146, WRAPPER_13146, [{ workerId: 1, code: 13146, message: WORKER_13146 }])).toEqual({
      thread: "sql",
      code: 13146,
      kind: "type-conversion",
      message: WORKER_13146,
      workerId: 1,
    });
  });

  it("prefers the worker the wrapper names", () => {
    const wrapper = WRAPPER_13146.replace("Worker 1 failed", "Worker 3 failed");
    const error = applierError(1062, wrapper, [
      { workerId: 2, code: 1032, message: "Can't find record in 't'" },
      { workerId: 3, code: 1062, message: "Duplicate entry '3' for key 't.PRIMARY'" },
    ]);
    expect(error).toMatchObject({ workerId: 3, code: 1062, kind: "duplicate-key" });
  });

  it("without worker rows keeps the wrapper, classified by its errno (the worker's code)", () => {
    expect(applierError(13146, WRAPPER_13146, [])).toEqual({ thread: "sql", code: 13146, kind: "type-conversion", message: WRAPPER_13146 });
  });

  it("a real message is kept even when worker rows exist", () => {
    const message = "Column 1 of table 'app.t' cannot be converted from type 'bigint' to type 'int(11)'";
    expect(applierError(1677, message, [{ workerId: 1, code: 1062, message: "x" }])).toEqual({ thread: "sql", code: 1677, kind: "type-conversion", message });
  });

  it("a worker held back by commit order (3030) gives way to the worker whose failure held it (a race decides which one Last_SQL_Error shows)", () => {
    // Recorded on 9.7.4 in a clean-clone CI run: old blue's applier under reverse replication.
    const heldBack =
      "Worker 2 failed executing transaction 'ANONYMOUS' at source log mysql-bin-changelog.000001, end_log_pos 322801; Could not execute Write_rows event on table zoo.enclosure; Replica worker has stopped after at least one previous worker encountered an error when replica-preserve-commit-order was enabled. To preserve commit order, the last transaction executed by this thread has not been committed. When restarting the replica after fixing any failed threads, you should fix this worker as well., Error_code: 3030";
    const workers = [
      { workerId: 1, code: 13146, message: WORKER_13146 },
      { workerId: 2, code: 3030, message: heldBack },
    ];
    expect(applierError(3030, heldBack, workers)).toMatchObject({ code: 13146, kind: "type-conversion", workerId: 1 });
    expect(applierError(3030, WRAPPER_13146.replace("Worker 1 failed", "Worker 2 failed"), workers)).toMatchObject({ code: 13146, workerId: 1 });
    expect(applierError(3030, heldBack, [workers[1]!])).toMatchObject({ code: 3030, kind: "other" });
  });
});
