import type { EngineDialect } from "../../../harness/engine/dialect.ts";
import type { RdsProcedure } from "./procedure-definition.ts";
import { branches, executeDynamic, messageRow, signal } from "./procedure-statements.ts";
import { RDS_MESSAGES } from "./rds-messages.ts";
import { readStateStatement, STATE_DECLARATION, STATE_VARIABLE } from "./replication-state.ts";
import { resetReplicaAllExpression, stopReplicaExpression } from "./replication-statements.ts";

/**
 * mysql.rds_reset_external_source: stops replication if any thread runs, then forgets the source
 * (RESET REPLICA ALL). RDS answers in a column spelled `message`. Refused when nothing is configured;
 * MariaDB cannot see that (see replication-state.ts) and resets anyway, which is harmless.
 */
export function resetExternalSource(dialect: EngineDialect): RdsProcedure {
  return {
    name: "rds_reset_external_source",
    parameters: "",
    declarations: [STATE_DECLARATION],
    statements: [
      `${readStateStatement(dialect)};`,
      branches([
        [`${STATE_VARIABLE} = 'NOT_EXIST'`, [signal(RDS_MESSAGES.resetNotConfigured)]],
        [`${STATE_VARIABLE} <> 'OFF'`, executeDynamic(stopReplicaExpression(dialect))],
      ]),
      ...executeDynamic(resetReplicaAllExpression(dialect)),
      messageRow(RDS_MESSAGES.reset, "message"),
    ],
  };
}
