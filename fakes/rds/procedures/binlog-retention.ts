import type { EngineDialect } from "../../../harness/engine/dialect.ts";
import { versionAtLeast } from "../../../harness/engine/server-version.ts";

/**
 * 'binlog retention hours', applied for real: the server's own binary log expiry. It is also where
 * the value is read back from, so that rds_show_configuration never disagrees with the server (after
 * a restart, which forgets SET GLOBAL, it shows what the node was started with).
 *
 * Aurora MySQL 3 accepts 1 to 2160 hours (RDS for MySQL 1 to 168) or NULL, its default. NULL means
 * binary logs are purged as soon as replication no longer needs them. Expiry 0 would mean "never" to
 * MySQL, so NULL is 1 second instead: every closed log is past expiry at the next rotation, while the
 * server still never purges a file a connected replica is reading (a disconnected one loses its
 * position, as on Aurora). Any expiry under an hour reads back as NULL; 0 (never) reads back as 0,
 * a value Aurora cannot have.
 */
export const RETENTION_HOURS_RANGE = { min: 1, max: 2160 } as const;

/** Expiry in seconds standing for NULL ("as short as possible"). */
export const NULL_RETENTION_SECONDS = 1;

/** The statement applying `hoursExpression` (an INT, possibly NULL) to the server. */
export function setRetentionStatement(dialect: EngineDialect, hoursExpression: string): string {
  if (hasExpirySeconds(dialect)) {
    return `SET GLOBAL binlog_expire_logs_seconds = IFNULL(${hoursExpression} * 3600, ${NULL_RETENTION_SECONDS});`;
  }
  // MariaDB before 10.6.1 has whole days only: rounded up, and NULL becomes the shortest, one day.
  return `SET GLOBAL expire_logs_days = IFNULL(CEIL(${hoursExpression} / 24), 1);`;
}

/** SQL expression reading the retention back as RDS shows it: hours as text, or NULL. */
export function retentionHoursExpression(dialect: EngineDialect): string {
  const seconds = hasExpirySeconds(dialect) ? "@@GLOBAL.binlog_expire_logs_seconds" : "(@@GLOBAL.expire_logs_days * 86400)";
  return `CASE WHEN ${seconds} BETWEEN 1 AND 3599 THEN NULL ELSE CAST(CEIL(${seconds} / 3600) AS CHAR) END`;
}

/** MySQL 8.0+ and MariaDB 10.6.1+ have binlog_expire_logs_seconds (the harness's dialects start at 8.0 / 10.5). */
function hasExpirySeconds(dialect: EngineDialect): boolean {
  return dialect.gtidScheme === "mysql" || versionAtLeast(dialect.version, 10, 6, 1);
}
