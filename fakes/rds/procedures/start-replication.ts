import type { EngineDialect } from "../../../harness/engine/dialect.ts";
import type { RdsProcedure } from "./procedure-definition.ts";
import { branches, executeDynamic, messageRow, refuseOnError, settle, signal } from "./procedure-statements.ts";
import { RDS_MESSAGES } from "./rds-messages.ts";
import { NOT_CONFIGURED_ERROR, readStateStatement, STATE_DECLARATION, STATE_VARIABLE } from "./replication-state.ts";
import { startReplicaExpression } from "./replication-statements.ts";

/**
 * mysql.rds_start_replication: starts both threads, waits as RDS does, and reports what it sees.
 * Refused while running (or half running: RDS wants a stop first), when nothing is configured, and
 * while a skip is pending (its counter is set).
 */
export function startReplication(dialect: EngineDialect): RdsProcedure {
  const state = `${readStateStatement(dialect)};`;
  return {
    name: "rds_start_replication",
    parameters: "",
    declarations: [STATE_DECLARATION],
    statements: [
      state,
      branches([
        [`${STATE_VARIABLE} = 'ON'`, [signal(RDS_MESSAGES.startWhileRunning)]],
        [`${STATE_VARIABLE} = 'NOT_EXIST'`, [signal(RDS_MESSAGES.startNotConfigured)]],
        [`${STATE_VARIABLE} = 'BROKEN'`, [signal(RDS_MESSAGES.startWhileBroken)]],
        [`@@GLOBAL.${dialect.skipCounterVariable} > 0`, [signal(RDS_MESSAGES.skipInProgressAtStart)]],
      ]),
      // MariaDB cannot tell "never configured" from "stopped" beforehand: its START says so (1200).
      refuseOnError(NOT_CONFIGURED_ERROR, RDS_MESSAGES.startNotConfigured, executeDynamic(startReplicaExpression(dialect))),
      settle(),
      state,
      branches([[`${STATE_VARIABLE} = 'ON'`, [messageRow(RDS_MESSAGES.started)]]], [signal(RDS_MESSAGES.errorAfterStart)]),
    ],
  };
}
