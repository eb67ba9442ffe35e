import type { StartedMysqlNode } from "../../../harness/node/started-mysql-node.ts";
import { openConnection } from "../../../harness/sql/mysql-session.ts";
import { sqlString } from "../../../harness/sql/sql-literal.ts";

/** The five statuses RDS writes (rds-topology.md §1); the RDS API's own statuses differ. */
export type TopologyStatus = "AVAILABLE" | "SWITCHOVER_INITIATED" | "SWITCHOVER_IN_PROGRESS" | "SWITCHOVER_IN_POST_PROCESSING" | "SWITCHOVER_COMPLETED";
export type TopologyRole = "BLUE_GREEN_DEPLOYMENT_SOURCE" | "BLUE_GREEN_DEPLOYMENT_TARGET";

export interface TopologyRow {
  /** The @@server_id of the server the endpoint leads to (JDBC finds its own row by it). */
  id: number;
  endpoint: string;
  port: number;
  role: TopologyRole;
  status: TopologyStatus;
  version: string;
}

export const TOPOLOGY_TABLE = "mysql.rds_topology";

/** Column order as AWS's example `SELECT *` shows it; the types are our choice (AWS publishes none). */
const CREATE = `CREATE TABLE IF NOT EXISTS ${TOPOLOGY_TABLE} (
  id INT UNSIGNED NOT NULL PRIMARY KEY,
  endpoint VARCHAR(255) NOT NULL,
  port INT NOT NULL,
  role VARCHAR(64) NOT NULL,
  status VARCHAR(64) NOT NULL,
  version VARCHAR(8) NOT NULL
) ENGINE=InnoDB`;

/** Accounts RDS or the engine own: everyone else (the application's users) is granted SELECT on the table. */
const SYSTEM_USERS = ["root", "mysql.sys", "mysql.session", "mysql.infoschema", "mariadb.sys", "rdsrepladmin", ""];

/**
 * Writes on one server in a session of its own (short-lived: a switchover kills client sessions),
 * with the binary log on: the statements replicate to that server's replicas, so every member of the
 * environment (and green, while it replicates from blue) shows the same rows, as the one polling path
 * RDS has makes them show.
 */
async function onServer(node: StartedMysqlNode, statements: string[]): Promise<void> {
  const session = await openConnection(node.connectionTarget());
  try {
    for (const statement of statements) await session.query(statement);
  } finally {
    await session.end().catch(() => undefined);
  }
}

/** Creates the table (if need be) with these rows, and lets the application's users read it. */
export async function installTopology(node: StartedMysqlNode, rows: readonly TopologyRow[]): Promise<void> {
  const users = await node.query(`SELECT user, host FROM mysql.user WHERE user NOT IN (${SYSTEM_USERS.map(sqlString).join(", ")})`);
  await onServer(node, [
    CREATE,
    `DELETE FROM ${TOPOLOGY_TABLE}`,
    ...rows.map(insertRow),
    ...users.map((user) => `GRANT SELECT ON ${TOPOLOGY_TABLE} TO ${sqlString(String(user.user))}@${sqlString(String(user.host))}`),
  ]);
}

/** Replaces the rows (in one transaction: a reader sees the old set or the new one). */
export async function replaceRows(node: StartedMysqlNode, rows: readonly TopologyRow[]): Promise<void> {
  await onServer(node, ["START TRANSACTION", `DELETE FROM ${TOPOLOGY_TABLE}`, ...rows.map(insertRow), "COMMIT"]);
}

/** The deployment is gone: so is the table (consumers then see "no blue/green deployment"). */
export async function dropTopology(node: StartedMysqlNode): Promise<void> {
  await onServer(node, [`DROP TABLE IF EXISTS ${TOPOLOGY_TABLE}`]);
}

function insertRow(row: TopologyRow): string {
  return `INSERT INTO ${TOPOLOGY_TABLE} (id, endpoint, port, role, status, version) VALUES (${row.id}, ${sqlString(row.endpoint)}, ${row.port}, ${sqlString(row.role)}, ${sqlString(row.status)}, ${sqlString(row.version)})`;
}
