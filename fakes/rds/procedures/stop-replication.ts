import type { EngineDialect } from "../../../harness/engine/dialect.ts";
import type { RdsProcedure } from "./procedure-definition.ts";
import { branches, executeDynamic, messageRow, signal } from "./procedure-statements.ts";
import { RDS_MESSAGES } from "./rds-messages.ts";
import { readStateStatement, STATE_DECLARATION, STATE_VARIABLE } from "./replication-state.ts";
import { stopReplicaExpression } from "./replication-statements.ts";

/**
 * mysql.rds_stop_replication: stops both threads (also when only one of them runs) and confirms.
 * Refused when already stopped or not configured; on MariaDB, which cannot tell the two apart, both
 * get the "already stopped or may not be configured" text, which RDS words for exactly that doubt.
 */
export function stopReplication(dialect: EngineDialect): RdsProcedure {
  const state = `${readStateStatement(dialect)};`;
  return {
    name: "rds_stop_replication",
    parameters: "",
    declarations: [STATE_DECLARATION],
    statements: [
      state,
      branches([
        [`${STATE_VARIABLE} = 'OFF'`, [signal(RDS_MESSAGES.stopWhileStopped)]],
        [`${STATE_VARIABLE} = 'NOT_EXIST'`, [signal(RDS_MESSAGES.stopNotConfigured)]],
      ]),
      ...executeDynamic(stopReplicaExpression(dialect)),
      state,
      branches([[`${STATE_VARIABLE} = 'OFF'`, [messageRow(RDS_MESSAGES.stopped)]]], [signal(RDS_MESSAGES.errorAfterStart)]),
    ],
  };
}
