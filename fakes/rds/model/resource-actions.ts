import { serverAddress } from "./endpoint-directory.ts";
import type { StartedMysqlNode } from "../../../harness/node/started-mysql-node.ts";
import { resetReplication } from "../../../harness/replication/replication-control.ts";
import { messageOf } from "../../../harness/errors/harness-error.ts";
import { progress } from "../../../harness/progress/progress.ts";
import { arn } from "./arn.ts";
import { refreshCustomEndpoints } from "./custom-endpoint-lifecycle.ts";
import type { ModelContext } from "./model-context.ts";
import type { RdsState } from "./rds-state.ts";
import type { DbCluster, DbInstance } from "./resources.ts";
import { runningBinlogFormatOf } from "./instance-groups.ts";
import type { ParameterGroup } from "./parameter-groups.ts";
import { dynamicSetting, serverSettings } from "./server-settings.ts";
import { binlogTurnedOnMark } from "./unwritten-binary-log.ts";

/**
 * Changes to resources that touch servers and endpoints, shared by the operations and by switchover.
 */

/** Sets every dynamic parameter of the cluster's and its instances' groups on the running servers. */
export async function applyDynamicParameters(context: ModelContext, cluster: DbCluster): Promise<void> {
  const clusterGroup = context.state.clusterParameterGroup(cluster.parameterGroupName);
  for (const instance of context.state.clusterInstances(cluster)) {
    if (!instance.node) continue;
    const dbGroup = context.state.dbParameterGroup(instance.parameterGroupName);
    // RDS for MySQL/MariaDB: the DB parameter group holds what Aurora's cluster group holds, and wins.
    const fromCluster = clusterGroup.definitions.filter((definition) => !dbGroup.definition(definition.name));
    for (const [group, definitions] of [[clusterGroup, fromCluster], [dbGroup, dbGroup.definitions]] as const) {
      for (const definition of definitions.filter((parameter) => parameter.applyType === "dynamic")) {
        const setting = dynamicSetting(definition.name, group.value(definition.name) ?? "");
        if (setting) await context.fleet.setGlobal(instance.node, setting.variable, setting.value);
      }
    }
  }
}

/** Points the cluster endpoint at the writer, the reader endpoint at the first reader (else the writer), each instance endpoint at its server. */
export function refreshEndpoints(context: ModelContext, cluster: DbCluster): void {
  const instances = context.state.clusterInstances(cluster).filter((instance) => instance.node);
  const writer = instances.find((instance) => instance.identifier === cluster.writer);
  const reader = instances.find((instance) => instance.identifier !== cluster.writer) ?? writer;
  if (writer?.node) context.endpoints.repoint(cluster.endpointName, serverAddress(writer.node));
  if (reader?.node) context.endpoints.repoint(cluster.readerEndpointName, serverAddress(reader.node));
  for (const instance of instances) context.endpoints.repoint(instance.endpointName, serverAddress(instance.node!));
  refreshCustomEndpoints(context, cluster);
}

/** A server's published port moved (restart, network change): its cluster's endpoints follow it, as RDS's DNS follows an instance. */
export function followServer(context: ModelContext, node: StartedMysqlNode): void {
  const instance = [...context.state.instances.values()].find((candidate) => candidate.node === node);
  const cluster = instance ? context.state.clusters.get(instance.clusterIdentifier) : undefined;
  if (cluster) refreshEndpoints(context, cluster);
}

export function renameCluster(context: ModelContext, cluster: DbCluster, newIdentifier: string): void {
  const { state, endpoints, names } = context;
  const previous = cluster.identifier;
  state.clusters.delete(cluster.identifier);
  const newEndpoint = names.cluster(newIdentifier);
  const newReader = names.reader(newIdentifier);
  endpoints.rename(cluster.endpointName, newEndpoint);
  endpoints.rename(cluster.readerEndpointName, newReader);
  cluster.identifier = newIdentifier;
  cluster.arn = arn(state.location, "cluster", newIdentifier);
  cluster.endpointName = newEndpoint;
  cluster.readerEndpointName = newReader;
  for (const member of cluster.members) state.instance(member).clusterIdentifier = newIdentifier;
  // Custom endpoints belong to the cluster, not to its name: they keep their own names.
  for (const endpoint of state.customEndpoints.values()) if (endpoint.clusterIdentifier === previous) endpoint.clusterIdentifier = newIdentifier;
  state.clusters.set(newIdentifier, cluster);
}

/**
 * Removes an instance and its server. Deleting the writer of a cluster that has readers fails over to
 * the first reader, as Aurora does: it stops replicating, becomes writable, and the others follow it.
 */
export async function removeInstance(context: ModelContext, instance: DbInstance): Promise<void> {
  const { state, endpoints, fleet } = context;
  const cluster = state.cluster(instance.clusterIdentifier);
  cluster.members = cluster.members.filter((member) => member !== instance.identifier);
  state.instances.delete(instance.identifier);
  if (cluster.writer === instance.identifier) {
    cluster.writer = cluster.members[0];
    const promoted = cluster.writer ? state.instance(cluster.writer) : undefined;
    if (promoted?.node) {
      await resetReplication(promoted.node);
      await promoted.node.query(`SET GLOBAL ${promoted.node.dialect.writeFenceVariable} = OFF`);
      await promoted.node.query("SET GLOBAL read_only = OFF");
      for (const other of state.clusterInstances(cluster).filter((candidate) => candidate !== promoted && candidate.node)) {
        await resetReplication(other.node!);
        await fleet.replicateFrom(other.node!, promoted.node);
      }
    }
  }
  await endpoints.remove(instance.endpointName);
  if (instance.node) await fleet.removeInstance(instance.node);
  if (cluster.members.length > 0) refreshEndpoints(context, cluster);
  state.events.emit({ SourceIdentifier: instance.identifier, SourceType: "db-instance", Message: "DB instance deleted", EventCategories: ["deletion"], SourceArn: instance.arn });
}

/**
 * Restarts an instance's server with its parameter groups' settings, in the background, as RebootDBInstance
 * (or turning backups on) does: static parameters apply, the endpoints follow the server's published
 * port, and the binary log state is the groups' now. A server that does not come back leaves the
 * instance "failed" (RDS's word for an instance it cannot recover), with the cause in an event and on
 * stderr, where a CI log keeps it: left "available", a client would go on against a server that never
 * took the reboot's changes, and fail later for a reason that points elsewhere (a deployment refused
 * for a binary log the reboot was to turn on).
 */
export function restartInstance(context: ModelContext, cluster: DbCluster, instance: DbInstance, groups: { cluster: ParameterGroup; db: ParameterGroup }, message: string): void {
  const { state } = context;
  const node = instance.node!;
  instance.status = "rebooting";
  context.work.run(`rebooting ${instance.identifier}`, async () => {
    try {
      await node.restartWith(serverSettings(groups.cluster, groups.db, { replica: cluster.writer !== instance.identifier || isGreenBeforeSwitchover(state, cluster) }));
      instance.pendingReboot = false;
      const formatBefore = instance.runningBinlogFormat;
      instance.runningBinlogFormat = runningBinlogFormatOf(state, cluster, instance);
      refreshEndpoints(context, cluster);
      instance.binlogTurnedOnAt = await binlogTurnedOnMark(node, formatBefore, instance.runningBinlogFormat);
      state.events.emit({ SourceIdentifier: instance.identifier, SourceType: "db-instance", Message: message, EventCategories: ["availability"], SourceArn: instance.arn });
      instance.status = "available";
    } catch (error) {
      const cause = messageOf(error).split("\n")[0];
      instance.status = "failed";
      progress(`fake RDS: DB instance ${instance.identifier} could not be restarted: ${cause}`);
      state.events.emit({ SourceIdentifier: instance.identifier, SourceType: "db-instance", Message: `DB instance could not be restarted: ${cause}`, EventCategories: ["failure"], SourceArn: instance.arn });
      throw error;
    }
  });
}

/** Green's writer stays read-only until its switchover, as provisioning started it: a reboot must not make it writable. */
function isGreenBeforeSwitchover(state: RdsState, cluster: DbCluster): boolean {
  const deployment = cluster.blueGreenDeployment ? state.deployments.get(cluster.blueGreenDeployment) : undefined;
  return deployment?.greenCluster === cluster.identifier && deployment.status !== "SWITCHOVER_COMPLETED" && deployment.status !== "SWITCHOVER_FAILED";
}
