import type { EngineDialect } from "../../../harness/engine/dialect.ts";

/**
 * The state RDS's procedures decide on, as RDS's own rds_replication_service_state computes it:
 * ON (receiver and applier both running), OFF (both stopped), BROKEN (one of them running, or the
 * receiver still connecting), NOT_EXIST (no replication source configured).
 */
export type ServiceState = "ON" | "OFF" | "BROKEN" | "NOT_EXIST";

/** Local variable every procedure declares to hold the state. */
export const STATE_VARIABLE = "v_state";

/** DECLARE line for the state variable. */
export const STATE_DECLARATION = `${STATE_VARIABLE} VARCHAR(10)`;

/** A statement that sets the state variable from the server's replication status. */
export function readStateStatement(dialect: EngineDialect): string {
  return dialect.gtidScheme === "mariadb" ? MARIADB_STATE : MYSQL_STATE;
}

/**
 * MySQL: the default channel's rows in performance_schema, exactly RDS's test (a CONNECTING receiver
 * counts as BROKEN). No row at all means no channel: fresh, or after RESET REPLICA ALL.
 */
const MYSQL_STATE = [
  "SELECT COALESCE(MAX(CASE",
  "    WHEN c.SERVICE_STATE = 'ON' AND a.SERVICE_STATE = 'ON' THEN 'ON'",
  "    WHEN c.SERVICE_STATE = 'OFF' AND a.SERVICE_STATE = 'OFF' THEN 'OFF'",
  "    ELSE 'BROKEN' END), 'NOT_EXIST')",
  `  INTO ${STATE_VARIABLE}`,
  "  FROM performance_schema.replication_connection_status AS c",
  "  JOIN performance_schema.replication_applier_status AS a ON a.CHANNEL_NAME = c.CHANNEL_NAME",
  "  WHERE c.CHANNEL_NAME = ''",
].join("\n");

/**
 * MariaDB runs the harness's nodes without performance_schema, and SHOW SLAVE STATUS cannot be read
 * from SQL. Slave_running is ON exactly when the receiver is connected and the applier runs (checked
 * on 10.11: OFF while connecting and after an applier error); the replication threads show in the
 * process list as Slave_IO / Slave_SQL while they run. What cannot be told apart is "stopped" from
 * "never configured" (10.11 keeps a default connection either way): that reads OFF, and the
 * procedures that start replication catch the engine's own refusal instead (error 1200). ON also
 * needs both threads in the process list: right after an applier error Slave_running can still read ON
 * (seen on a loaded machine, where rds_start_replication then answered "already running").
 */
const MARIADB_STATE = [
  "SELECT CASE",
  "    WHEN (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'SLAVE_RUNNING') = 'ON'",
  "      AND (SELECT COUNT(DISTINCT COMMAND) FROM information_schema.PROCESSLIST WHERE COMMAND IN ('Slave_IO', 'Slave_SQL')) = 2 THEN 'ON'",
  "    WHEN (SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND IN ('Slave_IO', 'Slave_SQL')) = 0 THEN 'OFF'",
  "    ELSE 'BROKEN' END",
  `  INTO ${STATE_VARIABLE}`,
].join("\n");

/** MySQL and MariaDB's ER_BAD_SLAVE / ER_BAD_REPLICA: START on a server with no source configured. */
export const NOT_CONFIGURED_ERROR = 1200;
