import type { EngineDialect } from "../../../harness/engine/dialect.ts";
import { sqlString } from "../../../harness/sql/sql-literal.ts";
import type { RdsProcedure } from "./procedure-definition.ts";
import { branches, executeDynamic, messageRowComputed, refuseOnError, settle, signal } from "./procedure-statements.ts";
import { RDS_MESSAGES } from "./rds-messages.ts";
import { NOT_CONFIGURED_ERROR, readStateStatement, STATE_DECLARATION, STATE_VARIABLE } from "./replication-state.ts";
import { parallelWorkersVariable, startUntilExpression } from "./replication-statements.ts";

/**
 * mysql.rds_start_replication_until(replication_log_file, replication_stop_point): starts replication
 * and lets the applier stop by itself at that position of the source's binary log. RDS refuses it
 * for a multi-threaded applier (more than one worker): MySQL 8.0.27+ defaults to 4 workers, so on a
 * default node it is refused until replica_parallel_workers is set to 1 (takes effect at the start).
 *
 * As on RDS, the state is read two seconds after the start: if the applier reached the stop point by
 * then, it has stopped and the call reports an error although it did what was asked.
 */
export function startReplicationUntil(dialect: EngineDialect): RdsProcedure {
  const state = `${readStateStatement(dialect)};`;
  const file = "TRIM(replication_log_file)";
  return {
    name: "rds_start_replication_until",
    parameters: "IN replication_log_file TEXT, IN replication_stop_point BIGINT",
    declarations: [STATE_DECLARATION],
    statements: [
      state,
      branches([
        [`${STATE_VARIABLE} = 'NOT_EXIST'`, [signal(RDS_MESSAGES.startNotConfigured)]],
        [`${STATE_VARIABLE} IN ('ON', 'BROKEN')`, [signal(RDS_MESSAGES.startWhileRunning)]],
        [`@@GLOBAL.${parallelWorkersVariable(dialect)} > 1`, [signal(RDS_MESSAGES.untilMultiThreaded)]],
        ["replication_stop_point IS NULL OR replication_stop_point <= 0", [signal(RDS_MESSAGES.untilBadStopPoint)]],
        [`@@GLOBAL.${dialect.skipCounterVariable} > 0`, [signal(RDS_MESSAGES.skipInProgressAtStart)]],
      ]),
      refuseOnError(NOT_CONFIGURED_ERROR, RDS_MESSAGES.startNotConfigured, executeDynamic(startUntilExpression(dialect, file, "replication_stop_point"))),
      settle(),
      state,
      branches(
        [[`${STATE_VARIABLE} = 'ON'`, [messageRowComputed(`CONCAT(${sqlString(RDS_MESSAGES.untilStartedPrefix)}, QUOTE(${file}), ' and MASTER_LOG_POS = ', replication_stop_point)`)]]],
        [signal(RDS_MESSAGES.errorAfterStart)],
      ),
    ],
  };
}
