import type { Connection } from "mysql2/promise";
import type { StartedMysqlNode } from "../../harness/node/started-mysql-node.ts";
import { waitForCatchUp } from "../../harness/replication/catch-up.ts";
import { sqlString } from "../../harness/sql/sql-literal.ts";
import type { BinlogCoordinates } from "./switchover-journey.ts";

/** Where old blue's replication from the new primary starts: the switchover event's coordinates, or GTID auto-position. */
export type ReverseStart = { from: "coordinates"; coordinates: BinlogCoordinates } | { from: "auto-position" };

/**
 * Seed 000's strategy 2, first half, verbatim through the RDS procedures on old blue's connection
 * (the master user at old blue's endpoint): point old blue at the new primary and start replicating.
 * `typeConversions`, when given, is set on old blue first: RDS would take it from old blue's cluster
 * parameter group; the fake's master user may set it directly.
 */
export async function startReverseReplication(oldBlue: Connection, newPrimary: StartedMysqlNode, start: ReverseStart, typeConversions?: string): Promise<void> {
  if (typeConversions !== undefined) await oldBlue.query(`SET GLOBAL ${newPrimary.dialect.typeConversionsVariable} = ${sqlString(typeConversions)}`);
  await oldBlue.query(setExternalMasterSql(newPrimary, start));
  await oldBlue.query("CALL mysql.rds_start_replication");
}

/** The RDS procedure call that points a server at `source` (its replication user, on the run's network), from `start`. */
export function setExternalMasterSql(source: StartedMysqlNode, start: ReverseStart): string {
  const server = `${sqlString(source.networkHost)}, 3306, ${sqlString(source.credentials.replicationUser)}, ${sqlString(source.credentials.replicationPassword)}`;
  return start.from === "coordinates"
    ? `CALL mysql.rds_set_external_master (${server}, ${sqlString(start.coordinates.file)}, ${start.coordinates.position}, 0)`
    : `CALL mysql.rds_set_external_master_with_auto_position (${server}, 0)`;
}

/**
 * Seed 000's strategy 2, second half, once old blue has caught up: stop and forget replication, and let
 * old blue take writes again (the switchover left it read-only). The caller makes the new primary
 * read-only and waits for the catch-up before this, and moves the application afterwards.
 */
export async function finishReverseReplication(oldBlue: Connection, oldBlueNode: StartedMysqlNode): Promise<void> {
  await oldBlue.query("CALL mysql.rds_stop_replication");
  await oldBlue.query("CALL mysql.rds_reset_external_master");
  await oldBlueNode.query(`SET GLOBAL ${oldBlueNode.dialect.writeFenceVariable} = 0`);
  await oldBlueNode.query("SET GLOBAL read_only = 0");
}

/**
 * Seed 000's cut-back once reverse replication runs: the new primary stops taking writes, old blue
 * applies everything it committed, and replication is finished (finishReverseReplication). The caller
 * moves the application to old blue afterwards.
 */
export async function rollBackToOldBlue(oldBlue: Connection, oldBlueNode: StartedMysqlNode, newPrimary: StartedMysqlNode, timeoutMs = 120_000): Promise<void> {
  // Seed 000 sets read_only = 1. On MySQL this fake's master user holds SUPER (RDS's does not), which
  // read_only does not stop, so super_read_only stands in for it; MariaDB's read_only stops it.
  await newPrimary.query(`SET GLOBAL ${newPrimary.dialect.writeFenceVariable} = 1`);
  await waitForCatchUp(oldBlueNode, newPrimary, timeoutMs);
  await finishReverseReplication(oldBlue, oldBlueNode);
}
