import type { EngineDialect } from "../engine/dialect.ts";
import type { NodeCredentials } from "../secrets/credentials.ts";
import { sqlString } from "../sql/sql-literal.ts";

/**
 * The --init-file every node runs at each start. The binary log is off for it: users created through
 * the binary log would replicate and collide with the same users on the replica (error 1396 stops the
 * replica at once), and would leave errant GTIDs behind. IF NOT EXISTS + ALTER makes it idempotent
 * across restarts and across data directories received by CLONE.
 */
export function initSql(dialect: EngineDialect, credentials: NodeCredentials): string {
  const root = `${sqlString(credentials.rootUser)}@'%'`;
  const repl = `${sqlString(credentials.replicationUser)}@'%'`;
  // CLONE's donor side needs BACKUP_ADMIN; MariaDB has no such privilege (and no CLONE).
  const replPrivileges = dialect.supportsClone ? "REPLICATION SLAVE, REPLICATION CLIENT, BACKUP_ADMIN" : "REPLICATION SLAVE, REPLICATION CLIENT";
  return [
    "SET sql_log_bin = 0;",
    `CREATE USER IF NOT EXISTS ${root} IDENTIFIED BY ${sqlString(credentials.rootPassword)};`,
    `ALTER USER ${root} IDENTIFIED BY ${sqlString(credentials.rootPassword)};`,
    `GRANT ALL PRIVILEGES ON *.* TO ${root} WITH GRANT OPTION;`,
    `CREATE USER IF NOT EXISTS ${repl} IDENTIFIED BY ${sqlString(credentials.replicationPassword)};`,
    `ALTER USER ${repl} IDENTIFIED BY ${sqlString(credentials.replicationPassword)};`,
    `GRANT ${replPrivileges} ON *.* TO ${repl};`,
    "SET sql_log_bin = 1;",
    "",
  ].join("\n");
}
