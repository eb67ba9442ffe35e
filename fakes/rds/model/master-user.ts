import type { StartedMysqlNode } from "../../../harness/node/started-mysql-node.ts";
import { sqlString } from "../../../harness/sql/sql-literal.ts";

/**
 * Whether the master user may write past read_only on one server. On MySQL this fake's master user
 * holds SUPER everywhere, so green (read-only, as in RDS) still takes the user's changes (seed 001's
 * ALTERs) and the switchover fences writes with super_read_only. MariaDB has no super_read_only: its
 * master user lacks READ_ONLY ADMIN, as RDS's does, so that read_only stops it, and gets it on green
 * only, until the switchover makes green the primary; the grant stays out of the binary log.
 */
export async function masterWritesPastReadOnly(node: StartedMysqlNode, masterUsername: string, allowed: boolean): Promise<void> {
  if (node.dialect.writeFenceVariable !== "read_only") return;
  const user = `${sqlString(masterUsername)}@'%'`;
  await node.run(["SET SESSION sql_log_bin = 0", allowed ? `GRANT READ_ONLY ADMIN ON *.* TO ${user}` : `REVOKE READ_ONLY ADMIN ON *.* FROM ${user}`, "SET SESSION sql_log_bin = 1"]);
}
