import type { BinaryLogStatus, ReplicationPositioning } from "../engine/dialect.ts";
import { HarnessError } from "../errors/harness-error.ts";
import type { StartedMysqlNode } from "../node/started-mysql-node.ts";
import { MYSQL_PORT } from "../node/node-paths.ts";
import { readReplicationStatus, type ReplicationStatus } from "./replication-status.ts";

/**
 * Points `replica` at `source` over the environment's network, as the replication user, from the
 * given position, and leaves it stopped (call startReplication). Refuses while replication runs,
 * as MySQL would, with the fix spelled out.
 */
export async function configureReplication(replica: StartedMysqlNode, source: StartedMysqlNode, positioning: ReplicationPositioning): Promise<void> {
  const status = await readReplicationStatus(replica, replica.dialect);
  if (status.configured && (status.ioThread !== "stopped" || status.sqlThread !== "stopped")) {
    throw new HarnessError({
      what: `pointing ${replica.name} at ${source.name}`,
      cause: `${replica.name} is replicating (IO ${status.ioThread}, SQL ${status.sqlThread})`,
      fix: "stop replication first (stopReplication / CALL mysql.rds_stop_replication)",
    });
  }
  await replica.query(
    replica.dialect.changeSourceSql({
      host: source.networkHost,
      port: MYSQL_PORT,
      user: source.credentials.replicationUser,
      password: source.credentials.replicationPassword,
      positioning,
      connectRetrySeconds: 1,
    }),
  );
}

export async function startReplication(replica: StartedMysqlNode, thread?: "io" | "sql"): Promise<void> {
  await replica.query(replica.dialect.startReplicaSql(thread));
}

export async function stopReplication(replica: StartedMysqlNode, thread?: "io" | "sql"): Promise<void> {
  await replica.query(replica.dialect.stopReplicaSql(thread));
}

/** Stops replication and forgets the source (RESET REPLICA ALL). */
export async function resetReplication(replica: StartedMysqlNode): Promise<void> {
  await replica.query(replica.dialect.stopReplicaSql());
  await replica.query(replica.dialect.resetReplicaAllSql());
}

export async function binaryLogStatus(node: StartedMysqlNode): Promise<BinaryLogStatus> {
  return node.dialect.parseBinaryLogStatus(await node.query(node.dialect.showBinaryLogStatusSql()));
}

export async function gtidExecuted(node: StartedMysqlNode): Promise<string> {
  const rows = await node.query(node.dialect.gtidExecutedSql());
  const value = rows[0] ? Object.values(rows[0])[0] : "";
  return String(value ?? "").replace(/\s+/g, "");
}

export function replicationStatus(replica: StartedMysqlNode): Promise<ReplicationStatus> {
  return readReplicationStatus(replica, replica.dialect);
}
