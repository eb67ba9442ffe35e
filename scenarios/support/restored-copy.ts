import { serverSettings } from "../../fakes/rds/model/server-settings.ts";
import type { CopyPoint } from "../../harness/environment/consistent-copy.ts";
import type { StartedMysqlNode } from "../../harness/node/started-mysql-node.ts";
import type { ConnectionTarget } from "../../harness/sql/mysql-session.ts";
import type { ScenarioRds } from "./scenario-rds.ts";

export interface RestoredCopy {
  /** The fresh server holding the copy (root access, for what RDS would set through parameter groups). */
  node: StartedMysqlNode;
  /** Where in the source's binary log the copy was taken: a runbook's recorded position. */
  copyPoint: CopyPoint;
  /** The cluster's master user on the copy, as a runbook connects to a restored cluster. */
  target: ConnectionTarget;
}

/**
 * A snapshot of a cluster's writer restored into a new server: a fresh server in the fake's fleet
 * (same network, same run labels, removed with the fake), started with the source cluster's parameter
 * groups, made a copy of the writer at one consistent point (CLONE, or a consistent dump where the
 * engine has no CLONE) whose binary log position is recorded. It stands for RDS's "restore snapshot"
 * without modelling snapshots in the fake's API: nothing but the data and that position matters to a
 * rollback runbook. The copy holds the master user and the mysql.rds_* procedures, as a restored cluster does.
 */
export async function restoreCopyOf(fake: ScenarioRds, sourceCluster: string, name: string): Promise<RestoredCopy> {
  const { state, fleet } = fake.service.model.context;
  const cluster = state.cluster(sourceCluster);
  const writer = state.writerOf(cluster);
  const settings = serverSettings(state.clusterParameterGroup(cluster.parameterGroupName), state.dbParameterGroup(writer.parameterGroupName), { replica: false });
  // A restored cluster is a writer of its own: writable whatever the source's read_only was.
  const node = await fleet.startInstance(name, { ...settings, readOnly: false });
  const copyPoint = await fleet.copy(node, writer.node!);
  const { host, port } = node.hostPort;
  return { node, copyPoint, target: { host, port, user: cluster.masterUsername, password: fake.cluster.masterPassword } };
}
