/**
 * Amazon RDS / Aurora MySQL's stored procedures (mysql.rds_set_external_master, rds_start_replication,
 * rds_skip_repl_error, rds_set_configuration, ...) for the harness's MySQL and MariaDB nodes, with
 * RDS's signatures, messages and refusals, so that rollback runbooks' SQL runs verbatim.
 */
export { installRdsProcedures } from "./install-rds-procedures.ts";
export { rdsProcedures } from "./rds-procedures.ts";
export { createProcedureSql, dropProcedureSql, PROCEDURE_DEFINER, PROCEDURE_SCHEMA, type RdsProcedure } from "./procedure-definition.ts";
export { RDS_MESSAGES } from "./rds-messages.ts";
export { FAILING_GTID_UNKNOWN } from "./skip-repl-error.ts";
export { NULL_RETENTION_SECONDS, RETENTION_HOURS_RANGE } from "./binlog-retention.ts";
export { SETTLE_SECONDS } from "./procedure-statements.ts";
export type { ServiceState } from "./replication-state.ts";
