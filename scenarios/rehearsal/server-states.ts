import { messageOf } from "../../harness/errors/harness-error.ts";
import type { StartedMysqlNode } from "../../harness/node/started-mysql-node.ts";
import { describeStatus, readReplicationStatus } from "../../harness/replication/replication-status.ts";
import { withTimeout } from "../../harness/wait/wait-until.ts";
import type { RehearsalRun } from "./rehearsal-run.ts";

/** One server at one moment, as a person debugging a failed step needs it. */
export interface ServerState {
  server: string;
  /** The instance and clusters it serves now (names change at switchover). */
  serves: string;
  readOnly: string;
  replication: string;
}

/**
 * Every server of the rehearsal (each instance, and the restored copy) with its read-only state and
 * its replication state, read with a short timeout each: a paused or cut server is reported as
 * unreadable rather than stalling the report of the failure it may have caused.
 */
export async function serverStates(run: RehearsalRun): Promise<ServerState[]> {
  const state = run.fake.service.model.state;
  const servers: Array<{ node: StartedMysqlNode; serves: string }> = [...state.instances.values()].flatMap((instance) => {
    if (!instance.node) return [];
    const cluster = state.clusters.get(instance.clusterIdentifier.toLowerCase());
    return [{ node: instance.node, serves: `${instance.identifier} (${cluster?.writer === instance.identifier ? "writer" : "reader"} of ${instance.clusterIdentifier})` }];
  });
  if (run.restored) servers.push({ node: run.restored.node, serves: "the restored copy" });
  return Promise.all(
    servers.map(async ({ node, serves }) => {
      try {
        return await withTimeout(`the state of ${node.name}`, 3000, readState(node, serves));
      } catch (error) {
        return { server: node.name, serves, readOnly: "unreadable", replication: `unreadable: ${messageOf(error).split("\n")[0]}` };
      }
    }),
  );
}

async function readState(node: StartedMysqlNode, serves: string): Promise<ServerState> {
  const [flags] = await node.query("SELECT @@GLOBAL.read_only AS ro");
  // MariaDB has no super_read_only.
  const superReadOnly = await node.query("SELECT @@GLOBAL.super_read_only AS sro").then((rows) => Number(rows[0]?.sro) === 1, () => false);
  const readOnly = superReadOnly ? "super_read_only" : Number(flags?.ro) === 1 ? "read_only" : "writable";
  const status = await readReplicationStatus(node, node.dialect);
  return { server: node.name, serves, readOnly, replication: status.configured ? describeStatus(status) : "not a replica" };
}

export function describeServerStates(states: ServerState[]): string[] {
  return states.map((each) => `${each.serves}: ${each.readOnly}; replication: ${each.replication}`);
}
