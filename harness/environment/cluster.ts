import type { StartedNetwork } from "testcontainers";
import type { ServerOptions } from "../engine/dialect.ts";
import type { EngineImage } from "../images/engine-image.ts";
import { MysqlNodeContainer } from "../node/mysql-node.ts";
import type { StartedMysqlNode } from "../node/started-mysql-node.ts";
import type { NodeCredentials } from "../secrets/credentials.ts";

/** An Aurora-shaped cluster: one writer, optionally one reader replicating from it. */
export interface StartedCluster {
  /** "blue" or "green", and the prefix of its nodes' names. */
  name: string;
  writer: StartedMysqlNode;
  reader?: StartedMysqlNode;
}

export function clusterNodes(cluster: StartedCluster): StartedMysqlNode[] {
  return cluster.reader ? [cluster.writer, cluster.reader] : [cluster.writer];
}

export interface ClusterNodeSpec {
  engine: EngineImage;
  runId: string;
  credentials: NodeCredentials;
  network: StartedNetwork;
  cluster: string;
  reader: boolean;
  /** Server ids must be unique across everything that replicates: writer gets base, reader base+1. */
  serverIdBase: number;
  serverOptions: Partial<ServerOptions>;
  cold: boolean;
}

/** Starts the cluster's containers in parallel; wiring replication between them is the caller's job. */
export async function startClusterNodes(spec: ClusterNodeSpec): Promise<StartedCluster> {
  const node = (role: "writer" | "reader", serverId: number) =>
    new MysqlNodeContainer(spec.engine, `${spec.cluster}-${role}`, spec.runId, spec.credentials)
      .withServerId(serverId)
      .withServerOptions(spec.serverOptions)
      .withNetwork(spec.network, [`${spec.cluster}-${role}`])
      .withColdStart(spec.cold)
      .start();
  const [writer, reader] = await Promise.all([node("writer", spec.serverIdBase), spec.reader ? node("reader", spec.serverIdBase + 1) : undefined]);
  return { name: spec.cluster, writer, ...(reader ? { reader } : {}) };
}
