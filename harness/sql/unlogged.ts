import type { StartedMysqlNode } from "../node/started-mysql-node.ts";

/**
 * Runs statements on one server with its binary log off for them: a setup step on one side only (or a
 * stray write on green) that neither replicates nor leaves an errant GTID behind.
 */
export async function unlogged(node: StartedMysqlNode, statements: string[]): Promise<void> {
  await node.query("SET SESSION sql_log_bin = 0");
  try {
    await node.run(statements);
  } finally {
    await node.query("SET SESSION sql_log_bin = 1");
  }
}
