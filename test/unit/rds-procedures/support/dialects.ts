import type { EngineDialect } from "../../../../harness/engine/dialect.ts";
import { dialectFor } from "../../../../harness/engine/select-dialect.ts";
import { parseServerVersion } from "../../../../harness/engine/server-version.ts";

function dialectOf(version: string): EngineDialect {
  return dialectFor(parseServerVersion(version));
}

/**
 * One server on each side of every rename the procedures depend on: 8.0.22 (START/STOP REPLICA),
 * 8.0.23 (CHANGE REPLICATION SOURCE TO, SOURCE_* options), 8.0.26 (replica_* variables), 8.4 / 9.x
 * (old forms removed), MariaDB before and after 10.6.1 (binlog_expire_logs_seconds).
 */
export const DIALECTS = {
  mysql8020: dialectOf("8.0.20"),
  mysql8022: dialectOf("8.0.22"),
  mysql8025: dialectOf("8.0.25"),
  mysql8041: dialectOf("8.0.41"),
  mysql84: dialectOf("8.4.3"),
  mysql97: dialectOf("9.7.4-2"),
  mariadb105: dialectOf("10.5.23-MariaDB"),
  mariadb1011: dialectOf("10.11.18-MariaDB-0+deb12u1"),
} as const;
