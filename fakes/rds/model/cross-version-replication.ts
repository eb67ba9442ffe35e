import { versionAtLeast } from "../../../harness/engine/server-version.ts";
import type { StartedMysqlNode } from "../../../harness/node/started-mysql-node.ts";
import { sqlString } from "../../../harness/sql/sql-literal.ts";

/**
 * What a replication pair across versions needs once green holds blue's copy. The copy carries blue's
 * accounts, so green's replication user authenticates with blue's plugin: MySQL 8.4 no longer loads
 * mysql_native_password (Aurora MySQL 3's default), and a replica connecting to green later (reverse
 * replication in a rollback) could not log in. So on a newer MySQL green the user is re-created with
 * caching_sha2_password, outside the binary log (it concerns this server only). MariaDB keeps its
 * plugins across 10.x and 11.x: nothing to do.
 */
export async function replicationUserForPair(green: StartedMysqlNode, blue: StartedMysqlNode): Promise<void> {
  const [g, b] = [green.dialect.version, blue.dialect.version];
  if (g.flavor !== "mysql" || b.flavor !== "mysql" || !versionAtLeast(g, 8, 4, 0) || versionAtLeast(b, 8, 4, 0)) return;
  const user = `${sqlString(green.credentials.replicationUser)}@'%'`;
  await green.run([
    "SET SESSION sql_log_bin = 0",
    `ALTER USER ${user} IDENTIFIED WITH caching_sha2_password BY ${sqlString(green.credentials.replicationPassword)}`,
    "SET SESSION sql_log_bin = 1",
  ]);
}
