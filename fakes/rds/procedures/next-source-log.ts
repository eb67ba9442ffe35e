import type { EngineDialect } from "../../../harness/engine/dialect.ts";
import type { RdsProcedure } from "./procedure-definition.ts";
import { branches, executeDynamic, messageRow, settle, signal } from "./procedure-statements.ts";
import { RDS_MESSAGES } from "./rds-messages.ts";
import { readStateStatement, STATE_DECLARATION, STATE_VARIABLE } from "./replication-state.ts";
import { moveToLogFileExpression, startReplicaExpression, stopReplicaExpression } from "./replication-statements.ts";

/**
 * Aurora's binary log base name; RDS builds the next file's name from it, not from the source's
 * actual names (which MariaDB cannot show to SQL anyway). The harness names its logs the same way.
 */
const BINLOG_BASENAME = "mysql-bin-changelog";

/**
 * mysql.rds_next_source_log(curr_source_log): for a receiver stopped by error 1236 (the source no
 * longer has the file it was reading), moves to the start of the next file and restarts. Whatever
 * the lost file still held is skipped: RDS warns it may lose data, and so does this. Only in the
 * BROKEN state; RDS reuses rds_skip_repl_error's refusals for the others.
 */
export function nextSourceLog(dialect: EngineDialect): RdsProcedure {
  const state = `${readStateStatement(dialect)};`;
  const nextFile = `CONCAT('${BINLOG_BASENAME}.', LPAD(curr_source_log + 1, 6, '0'))`;
  return {
    name: "rds_next_source_log",
    parameters: "IN curr_source_log INT",
    declarations: [STATE_DECLARATION],
    statements: [
      state,
      branches([
        [`${STATE_VARIABLE} = 'NOT_EXIST'`, [signal(RDS_MESSAGES.nextLogNotConfigured)]],
        [`${STATE_VARIABLE} = 'ON'`, [signal(RDS_MESSAGES.skipWhileRunning)]],
        [`${STATE_VARIABLE} = 'OFF'`, [signal(RDS_MESSAGES.skipWhileStopped)]],
        [`@@GLOBAL.${dialect.skipCounterVariable} > 0`, [signal(RDS_MESSAGES.skipInProgressAtNextLog)]],
      ]),
      ...executeDynamic(stopReplicaExpression(dialect)),
      ...executeDynamic(moveToLogFileExpression(dialect, nextFile)),
      ...executeDynamic(startReplicaExpression(dialect)),
      settle(),
      messageRow(RDS_MESSAGES.movedToNextLog),
      state,
      branches([[`${STATE_VARIABLE} = 'ON'`, [messageRow(RDS_MESSAGES.runningAfterSkip)]]], [signal(RDS_MESSAGES.newErrorAfterSkip)]),
    ],
  };
}
