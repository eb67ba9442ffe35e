import type { StartedMysqlNode } from "../node/started-mysql-node.ts";
import { waitUntil } from "../wait/wait-until.ts";
import { ReplicationBrokenError } from "./catch-up.ts";
import { describeStatus, isBroken, isHealthy, readReplicationStatus, type ReplicationStatus } from "./replication-status.ts";

/**
 * Waits until `replica`'s receiver has connected and both threads run without error. START REPLICA
 * returns before the receiver has logged in to the source (MariaDB shows "Preparing" meanwhile), so a
 * status read straight after it can say "connecting"; callers that hand a replica to someone who will
 * look at its status wait here first. An error that stops a thread ends the wait with that error.
 */
export async function waitUntilReplicating(replica: StartedMysqlNode, timeoutMs = 30_000): Promise<ReplicationStatus> {
  return waitUntil({ what: `${replica.name} to be replicating (receiver connected, applier running)`, timeoutMs }, async () => {
    const status = await readReplicationStatus(replica, replica.dialect);
    if (isBroken(status)) throw new ReplicationBrokenError(replica.name, status);
    return isHealthy(status) ? { done: true, value: status } : { done: false, state: describeStatus(status) };
  });
}
