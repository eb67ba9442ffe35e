import type { EngineDialect } from "../../../harness/engine/dialect.ts";
import { sqlString } from "../../../harness/sql/sql-literal.ts";
import { RETENTION_HOURS_RANGE, retentionHoursExpression, setRetentionStatement } from "./binlog-retention.ts";
import type { RdsProcedure } from "./procedure-definition.ts";
import { branches, signal, signalComputed } from "./procedure-statements.ts";
import { RDS_MESSAGES } from "./rds-messages.ts";

/**
 * Aurora MySQL 3 has one configuration parameter. RDS for MySQL also has 'source delay' and 'target
 * delay', but Aurora has no delayed replication: here, as there, those names are unknown.
 */
const BINLOG_RETENTION_HOURS = "binlog retention hours";
const RETENTION_DESCRIPTION = "binlog retention hours specifies the duration in hours before binary logs are automatically deleted.";

/**
 * mysql.rds_set_configuration(name, value): RDS's parameter types (VARCHAR(30), INT) and refusals.
 * No result set, as on RDS. Names compare as RDS compares them, case-insensitively.
 */
export function setConfiguration(dialect: EngineDialect): RdsProcedure {
  const known = sqlString(BINLOG_RETENTION_HOURS);
  return {
    name: "rds_set_configuration",
    parameters: "IN name VARCHAR(30), IN value INT",
    declarations: [],
    statements: [
      branches([
        [`name IS NULL OR name <> ${known}`, [signalComputed(`CONCAT(${sqlString(RDS_MESSAGES.unknownConfigurationPrefix)}, QUOTE(name), ' using mysql.rds_set_configuration.')`)]],
        // NOT BETWEEN is NULL for a NULL value, which is allowed.
        [`value NOT BETWEEN ${RETENTION_HOURS_RANGE.min} AND ${RETENTION_HOURS_RANGE.max}`, [signal(RDS_MESSAGES.retentionOutOfRange)]],
      ]),
      setRetentionStatement(dialect, "value"),
    ],
  };
}

/** mysql.rds_show_configuration: rows `name`, `value` (text or NULL), `description`, as RDS's table holds them. */
export function showConfiguration(dialect: EngineDialect): RdsProcedure {
  return {
    name: "rds_show_configuration",
    parameters: "",
    declarations: [],
    statements: [`SELECT ${sqlString(BINLOG_RETENTION_HOURS)} AS name, ${retentionHoursExpression(dialect)} AS value, ${sqlString(RETENTION_DESCRIPTION)} AS description;`],
  };
}
