import { dockerApi } from "../../harness/docker/docker-client.ts";
import type { StartedMysqlNode } from "../../harness/node/started-mysql-node.ts";

export interface NodeMemory {
  node: string;
  /** VmRSS of the server process (PID 1 of the container: the start script execs it). */
  rssMb: number;
  /** What Docker accounts to the container (includes page cache it can reclaim). */
  cgroupMb: number;
}

export async function nodeMemory(node: StartedMysqlNode): Promise<NodeMemory> {
  const status = await node.exec(["sh", "-c", "grep VmRSS /proc/1/status"]);
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status.output)?.[1] ?? NaN);
  const stats = (await (await dockerApi()).getContainer(node.containerId).stats({ stream: false })) as { memory_stats?: { usage?: number } };
  return { node: node.name, rssMb: rssKb / 1024, cgroupMb: (stats.memory_stats?.usage ?? NaN) / 1024 / 1024 };
}
