import type { EngineDialect } from "../../../harness/engine/dialect.ts";
import type { RdsProcedure } from "./procedure-definition.ts";
import { branches, executeDynamic, messageRow, settle, signal } from "./procedure-statements.ts";
import { RDS_MESSAGES } from "./rds-messages.ts";
import { readStateStatement, STATE_DECLARATION, STATE_VARIABLE } from "./replication-state.ts";
import { startReplicaExpression, stopReplicaExpression } from "./replication-statements.ts";

/** Harness-specific: RDS has no such case (it never skips by GTID here); the text says what to do instead. */
export const FAILING_GTID_UNKNOWN =
  "The GTID of the transaction in error is unknown: commit an empty transaction with that GTID by hand.";

/**
 * mysql.rds_skip_repl_error: skips the one transaction the applier failed on and restarts replication.
 * Two result sets on success, as RDS: "Statement in error has been skipped", then "Slave is now
 * running normally" once the state is ON again after RDS's pause.
 *
 * How it skips depends on whether the failed transaction carries a GTID, not on auto-positioning:
 * - MySQL, GTID transaction: an empty transaction with that GTID (the MySQL manual's way, and what
 *   Aurora's rds_skip_transaction_with_gtid does). With gtid_mode=ON the skip counter does nothing,
 *   even under file/position replication: MySQL 9.7.4 accepts SET GLOBAL sql_replica_skip_counter with
 *   warning 4016 ("only takes effect for channels running with ASSIGN_GTIDS_TO_ANONYMOUS_TRANSACTIONS")
 *   and the applier fails again on the same transaction. RDS 8.0.41's procedure sets the counter
 *   regardless; here the runbook's skip works, as the rehearsal needs. The GTID is the failed worker's
 *   APPLYING_TRANSACTION in performance_schema.replication_applier_status_by_worker, which keeps it
 *   after the error (checked on 9.7.4); the worker's message names the same GTID but would need
 *   parsing. The empty transaction is binary-logged like any (under the caller's sql_log_bin), so this
 *   server's own replicas get the GTID too. Restarting replication then skips the transaction.
 * - MySQL anonymous transaction (gtid_mode OFF) and MariaDB in either mode (its skip counter works
 *   with its GTIDs, checked on 10.11): the skip counter = 1, stop, start, as RDS does.
 */
export function skipReplError(dialect: EngineDialect): RdsProcedure {
  const state = `${readStateStatement(dialect)};`;
  const mysql = dialect.gtidScheme === "mysql";
  return {
    name: "rds_skip_repl_error",
    parameters: "",
    declarations: [STATE_DECLARATION, "v_applier_failed INT DEFAULT 0", ...(mysql ? ["v_failing_gtid TEXT"] : [])],
    statements: [
      state,
      branches([
        [`${STATE_VARIABLE} = 'NOT_EXIST'`, [signal(RDS_MESSAGES.skipNotConfigured)]],
        [`${STATE_VARIABLE} = 'ON'`, [signal(RDS_MESSAGES.skipWhileRunning)]],
        [`${STATE_VARIABLE} = 'OFF'`, [signal(RDS_MESSAGES.skipWhileStopped)]],
      ]),
      `SET v_applier_failed = ${mysql ? MYSQL_APPLIER_FAILED : MARIADB_APPLIER_FAILED};`,
      branches(
        // Half running with a healthy applier: the receiver failed, and there is nothing to skip.
        [["v_applier_failed = 0", [messageRow(RDS_MESSAGES.nothingToSkip)]]],
        [
          ...(mysql ? mysqlSkip(dialect) : [skipWithCounter(dialect)]),
          messageRow(RDS_MESSAGES.skipped),
          settle(),
          state,
          branches([[`${STATE_VARIABLE} = 'ON'`, [messageRow(RDS_MESSAGES.runningAfterSkip)]]], [signal(RDS_MESSAGES.newErrorAfterSkip)]),
        ],
      ),
    ],
  };
}

/** Workers (and the coordinator of a multi-threaded applier) keep their last error until the next start. */
const MYSQL_APPLIER_FAILED = [
  "(SELECT COUNT(*) FROM performance_schema.replication_applier_status_by_worker WHERE CHANNEL_NAME = '' AND LAST_ERROR_NUMBER <> 0)",
  "  + (SELECT COUNT(*) FROM performance_schema.replication_applier_status_by_coordinator WHERE CHANNEL_NAME = '' AND LAST_ERROR_NUMBER <> 0)",
].join("\n");

/** MariaDB shows no applier error to SQL: in the BROKEN state, a stopped applier is taken for a failed one. */
const MARIADB_APPLIER_FAILED = "(SELECT COUNT(*) = 0 FROM information_schema.PROCESSLIST WHERE COMMAND = 'Slave_SQL')";

function mysqlSkip(dialect: EngineDialect): string[] {
  return [
    [
      "SET v_failing_gtid = (SELECT APPLYING_TRANSACTION FROM performance_schema.replication_applier_status_by_worker",
      "  WHERE CHANNEL_NAME = '' AND LAST_ERROR_NUMBER <> 0 AND APPLYING_TRANSACTION <> ''",
      "  ORDER BY LAST_ERROR_TIMESTAMP LIMIT 1);",
    ].join("\n"),
    // A GTID is "uuid[:tag]:number"; an anonymous transaction shows as ANONYMOUS.
    branches(
      [
        ["v_failing_gtid LIKE '%:%'", skipWithEmptyTransaction(dialect)],
        ["@@GLOBAL.gtid_mode = 'ON'", [signal(FAILING_GTID_UNKNOWN)]],
      ],
      [skipWithCounter(dialect)],
    ),
  ];
}

function skipWithEmptyTransaction(dialect: EngineDialect): string[] {
  return [
    ...executeDynamic(stopReplicaExpression(dialect)),
    "SET @@SESSION.gtid_next = v_failing_gtid;",
    "START TRANSACTION;",
    "COMMIT;",
    "SET @@SESSION.gtid_next = 'AUTOMATIC';",
    ...executeDynamic(startReplicaExpression(dialect)),
  ];
}

/** A counter still above 0 means another skip has not been consumed yet: RDS refuses rather than skip two. */
function skipWithCounter(dialect: EngineDialect): string {
  const counter = dialect.skipCounterVariable;
  return branches(
    [[`@@GLOBAL.${counter} = 0`, [`SET GLOBAL ${counter} = 1;`, ...executeDynamic(stopReplicaExpression(dialect)), ...executeDynamic(startReplicaExpression(dialect))]]],
    [signal(RDS_MESSAGES.skipAlreadyInProgress)],
  );
}
