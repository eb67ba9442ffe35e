import type { EngineDialect } from "../../../harness/engine/dialect.ts";
import type { RdsProcedure } from "./procedure-definition.ts";
import { branches, executeDynamic, signal } from "./procedure-statements.ts";
import { RDS_MESSAGES } from "./rds-messages.ts";
import { readStateStatement, STATE_DECLARATION, STATE_VARIABLE } from "./replication-state.ts";
import { changeSourceExpression, type Positioning, type SourceArguments } from "./replication-statements.ts";

/**
 * RDS's parameter names and types (8.0.41's schema: user, password and file are TEXT, the position
 * BIGINT UNSIGNED, the SSL flag TINYINT(1)): they show in errors such as "Out of range value for
 * column 'pos'". Arguments are trimmed, as RDS trims them.
 */
const SOURCE: SourceArguments = { host: "TRIM(host)", port: "port", user: "TRIM(user)", password: "TRIM(passwd)" };
const SOURCE_PARAMETERS = "IN host VARCHAR(255), IN port INT, IN user TEXT, IN passwd TEXT";

/**
 * mysql.rds_set_external_source(host, port, user, password, log file, position, ssl): points the
 * replica at a source by binary log file and position, leaving it stopped. Returns no result set,
 * as RDS's does. Refused while either replication thread runs.
 */
export function setExternalSource(dialect: EngineDialect): RdsProcedure {
  return {
    name: "rds_set_external_source",
    parameters: `${SOURCE_PARAMETERS}, IN name TEXT, IN pos BIGINT UNSIGNED, IN enable_ssl_encryption TINYINT(1)`,
    declarations: [STATE_DECLARATION],
    statements: changeSourceStatements(dialect, { mode: "file-position", file: "TRIM(name)", position: "pos" }),
  };
}

/**
 * mysql.rds_set_external_source_with_auto_position(host, port, user, password, ssl): the same with
 * GTID auto-positioning. Aurora's signature, five parameters: RDS for MySQL adds a sixth, `delay`,
 * but Aurora has no delayed replication, so a runbook written for RDS gets Aurora's "Incorrect number
 * of arguments" here.
 */
export function setExternalSourceWithAutoPosition(dialect: EngineDialect): RdsProcedure {
  return {
    name: "rds_set_external_source_with_auto_position",
    parameters: `${SOURCE_PARAMETERS}, IN enable_ssl_encryption TINYINT(1)`,
    declarations: [STATE_DECLARATION],
    statements: changeSourceStatements(dialect, { mode: "gtid" }),
  };
}

function changeSourceStatements(dialect: EngineDialect, positioning: Positioning): string[] {
  return [
    `${readStateStatement(dialect)};`,
    branches([[`${STATE_VARIABLE} IN ('ON', 'BROKEN')`, [signal(RDS_MESSAGES.modifyWhileRunning)]]]),
    // The SSL flag picks one of two statements the dialect renders, rather than splicing a number into its text.
    branches(
      [["enable_ssl_encryption <> 0", executeDynamic(changeSourceExpression(dialect, SOURCE, positioning, true))]],
      executeDynamic(changeSourceExpression(dialect, SOURCE, positioning, false)),
    ),
  ];
}
