import { profiled } from "../profile/time-profile.ts";
import { HarnessError } from "../errors/harness-error.ts";
import type { StartedMysqlNode } from "../node/started-mysql-node.ts";
import { delay, WaitTimeoutError } from "../wait/wait-until.ts";
import { binaryLogStatus, gtidExecuted } from "./replication-control.ts";
import { describeStatus, isBroken, readReplicationStatus, type ReplicationStatus } from "./replication-status.ts";

/** Replication stopped with an error while the harness waited on it. Carries the real cause. */
export class ReplicationBrokenError extends HarnessError {
  constructor(
    readonly replica: string,
    readonly status: ReplicationStatus,
  ) {
    super({
      what: `replication into ${replica}`,
      cause: describeStatus(status),
      fix: "correct the replication error (type conversions, conflicting rows, missing binary logs), then start replication again",
    });
    this.name = "ReplicationBrokenError";
  }
}

/**
 * Waits until `replica` has applied everything `source` had committed when the wait began: by GTID
 * set where the replica auto-positions, else by binary log position. Each step is a server-side wait
 * of at most one second, after which the replica's status is read, so an applier error ends the wait
 * at once with its cause instead of running out the clock.
 */
export function waitForCatchUp(replica: StartedMysqlNode, source: StartedMysqlNode, timeoutMs = 60_000): Promise<void> {
  return profiled("catch-up waits", `${replica.name} catching up with ${source.name}`, () => catchUp(replica, source, timeoutMs));
}

async function catchUp(replica: StartedMysqlNode, source: StartedMysqlNode, timeoutMs: number): Promise<void> {
  const first = await readReplicationStatus(replica, replica.dialect);
  if (!first.configured) {
    throw new HarnessError({
      what: `waiting for ${replica.name} to catch up with ${source.name}`,
      cause: `${replica.name} has no replication configured`,
      fix: "configure and start replication first",
    });
  }
  const waitSql = first.autoPosition
    ? replica.dialect.waitForGtidSql(await gtidExecuted(source), 1)
    : replica.dialect.waitForPositionSql(await binaryLogStatus(source), 1);
  const deadline = Date.now() + timeoutMs;
  let status = first;
  for (;;) {
    if (isBroken(status)) throw new ReplicationBrokenError(replica.name, status);
    const rows = await replica.query(waitSql);
    if (Number(rows[0]?.result) === 0) return;
    status = await readReplicationStatus(replica, replica.dialect);
    // A stopped applier makes the server-side wait return at once: pace the loop instead of spinning.
    if (status.sqlThread === "stopped") await delay(200);
    if (Date.now() > deadline) {
      if (isBroken(status)) throw new ReplicationBrokenError(replica.name, status);
      throw new WaitTimeoutError({ what: `${replica.name} to catch up with ${source.name}`, timeoutMs }, describeStatus(status));
    }
  }
}
