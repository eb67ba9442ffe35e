import type { BinlogCoordinates, ReplicationPositioning } from "../../../harness/engine/dialect.ts";
import { positioningFrom, type CopyPoint } from "../../../harness/environment/consistent-copy.ts";
import { HarnessError } from "../../../harness/errors/harness-error.ts";
import type { StartedMysqlNode } from "../../../harness/node/started-mysql-node.ts";
import { binaryLogStatus } from "../../../harness/replication/replication-control.ts";
import { readReplicationStatus } from "../../../harness/replication/replication-status.ts";
import { waitUntil } from "../../../harness/wait/wait-until.ts";

/**
 * Aurora's binary log on a just-rebooted idle writer (seed 004). When a reboot turns binary logging on
 * (running binlog_format OFF -> ROW/MIXED/STATEMENT), Aurora has no binary log file until the writer's
 * first write. A blue/green deployment created before that write starts green's replication from the
 * coordinates that file will have, which blue's server does not have yet: green's receiver fails with
 * 1236 "Could not find first log file name in binary log index file", and the switchover is refused.
 * Seed 004's cure is to write on blue before creating the deployment.
 *
 * The servers behind this fake always write binary logs (readers replicate from them), so the model
 * remembers where blue's real binary log stood right after that reboot; while it still stands there,
 * nothing has been written since, and green is pointed at the next file, position 4, which the real
 * server does not have: the real receiver then fails with the real 1236.
 */

/** After a reboot: where the server's binary log stands if this reboot turned binary logging on, else undefined. */
export async function binlogTurnedOnMark(node: StartedMysqlNode, formatBefore: string, formatAfter: string): Promise<BinlogCoordinates | undefined> {
  if (formatBefore !== "OFF" || formatAfter === "OFF") return undefined;
  const { file, position } = await binaryLogStatus(node);
  return { file, position };
}

/**
 * Where green's writer starts replicating from blue's writer. Normally the copy point (by GTID
 * auto-position or by its file and position); but when the copy was taken while blue's binary log still
 * stood where the reboot that turned it on left it (nothing written since), the coordinates of the
 * binary log file Aurora has not created yet.
 */
export function greenReplicationStart(copyPoint: CopyPoint, mode: "gtid" | "file-position", turnedOnAt: BinlogCoordinates | undefined): { positioning: ReplicationPositioning; unwrittenBinlog: boolean } {
  if (turnedOnAt && turnedOnAt.file === copyPoint.file && turnedOnAt.position === copyPoint.position) {
    return { positioning: { mode: "file-position", file: nextBinlogFile(copyPoint.file), position: FIRST_EVENT_POSITION }, unwrittenBinlog: true };
  }
  return { positioning: positioningFrom(copyPoint, mode), unwrittenBinlog: false };
}

/**
 * Waits for the receiver's first attempt to read blue's binary log: its error (1236 from a file blue does
 * not have), or a few seconds of running without one. A receiver briefly shows "running" between
 * logging in and the source's answer, so running alone does not settle it.
 */
export async function receiverHasTried(replica: StartedMysqlNode, timeoutMs = 30_000): Promise<void> {
  const quietRunningMs = 3_000;
  const started = Date.now();
  await waitUntil({ what: `${replica.name}'s receiver to try reading its source's binary log`, timeoutMs, intervalMs: 200 }, async () => {
    const status = await readReplicationStatus(replica, replica.dialect);
    if (status.ioError !== null) return { done: true, value: undefined };
    if (status.ioThread === "running" && Date.now() - started >= quietRunningMs) return { done: true, value: undefined };
    return { done: false, state: `IO ${status.ioThread}` };
  });
}

/** A binary log file's first event follows its 4-byte magic number. */
const FIRST_EVENT_POSITION = 4;

/** mysql-bin-changelog.000007 -> mysql-bin-changelog.000008 (the number keeps its width). */
export function nextBinlogFile(file: string): string {
  const match = /^(.*\.)(\d+)$/.exec(file);
  if (!match) {
    throw new HarnessError({ what: "naming the binary log file after " + file, cause: "the name has no .NNNNNN sequence number", fix: "binary log files must be named <base>.<number>, as the servers' log-bin setting makes them" });
  }
  const next = String(Number(match[2]) + 1).padStart(match[2]!.length, "0");
  return `${match[1]}${next}`;
}
