import { serverAddress } from "./endpoint-directory.ts";
import { messageOf } from "../../../harness/errors/harness-error.ts";
import { ReplicationBrokenError, waitForCatchUp } from "../../../harness/replication/catch-up.ts";
import { configureReplication, startReplication } from "../../../harness/replication/replication-control.ts";
import { waitUntilReplicating } from "../../../harness/replication/wait-until-replicating.ts";
import { arn } from "./arn.ts";
import { deploymentArn } from "./describe-output.ts";
import { greenName, newResourceId } from "./identifiers.ts";
import { environmentArn, environmentName, isInstanceGroup, runningBinlogFormatOf, switchoverDetailsOf } from "./instance-groups.ts";
import type { ModelContext } from "./model-context.ts";
import type { BlueGreenDeployment, DbCluster, DbInstance, TaskStatus } from "./resources.ts";
import { serverSettings } from "./server-settings.ts";
import { copyCustomEndpointsToGreen } from "./custom-endpoint-lifecycle.ts";
import type { TargetEngine } from "./target-engine.ts";
import { replicationUserForPair } from "./cross-version-replication.ts";
import { masterWritesPastReadOnly } from "./master-user.ts";
import { greenReplicationStart, receiverHasTried } from "./unwritten-binary-log.ts";

export interface GreenTargets {
  clusterParameterGroup?: string;
  dbParameterGroup?: string;
  /** TargetEngineVersion, planned (target-engine.ts): green reports that version and runs on its image. */
  engine?: TargetEngine;
}

/**
 * Creates green as RDS does: a cluster and instances named <blue>-green-xxxxxx, with the target
 * parameter groups (else blue's), each server a copy of blue's writer at one consistent point (readers
 * copied from green's writer), green's writer replicating from blue from exactly that point. AVAILABLE
 * (RDS-EVENT-0244) once green has caught up; INVALID_CONFIGURATION if replication breaks on the way.
 */
export async function provisionGreen(context: ModelContext, deployment: BlueGreenDeployment, blue: DbCluster, targets: GreenTargets): Promise<void> {
  const { state, fleet, endpoints, names } = context;
  const setTask = (name: string, status: TaskStatus) => {
    const task = deployment.tasks.find((candidate) => candidate.Name === name);
    if (task) task.Status = status;
  };
  const blueWriter = state.writerOf(blue);
  const blueInstances = state.clusterInstances(blue);
  const greenIdentifier = greenName(blue.identifier);
  const green: DbCluster = {
    ...blue,
    identifier: greenIdentifier,
    resourceId: newResourceId("cluster"),
    arn: arn(state.location, "cluster", greenIdentifier),
    engineVersion: targets.engine?.version ?? blue.engineVersion,
    status: "creating",
    parameterGroupName: targets.clusterParameterGroup ?? blue.parameterGroupName,
    members: [],
    writer: undefined,
    createdAt: state.clock.now(),
    tags: [...blue.tags],
    endpointName: names.cluster(greenIdentifier),
    readerEndpointName: names.reader(greenIdentifier),
    blueGreenDeployment: deployment.id,
  };
  state.clusters.set(green.identifier, green);
  deployment.greenCluster = green.identifier;
  const pairs: Array<{ blue: DbInstance; green: DbInstance }> = [];
  try {
    setTask("CREATING_READ_REPLICA_OF_SOURCE", "IN_PROGRESS");
    const clusterGroup = state.clusterParameterGroup(green.parameterGroupName);
    for (const blueInstance of blueInstances) {
      const identifier = greenName(blueInstance.identifier);
      const instance: DbInstance = {
        ...blueInstance,
        identifier,
        resourceId: newResourceId("db"),
        arn: arn(state.location, "db", identifier),
        clusterIdentifier: green.identifier,
        status: "creating",
        parameterGroupName: targets.dbParameterGroup ?? blueInstance.parameterGroupName,
        pendingReboot: false,
        runningBinlogFormat: "OFF",
        binlogTurnedOnAt: undefined,
        createdAt: state.clock.now(),
        tags: [...blueInstance.tags],
        endpointName: names.instance(identifier),
        node: undefined,
        ready: Promise.resolve(),
      };
      instance.runningBinlogFormat = runningBinlogFormatOf(state, green, instance);
      state.instances.set(identifier, instance);
      green.members.push(identifier);
      if (blueInstance === blueWriter) green.writer = identifier;
      pairs.push({ blue: blueInstance, green: instance });
    }
    // An engine upgrade's green runs the target version's image (pulled, or the Debian build standing in for it).
    const engine = targets.engine?.image ? await fleet.engineFor(targets.engine.image) : fleet.engine;
    // Green is read-only unless its parameter group says otherwise, as in RDS.
    await Promise.all(
      pairs.map(async ({ green: instance }) => {
        instance.node = await fleet.startInstance(instance.resourceId, serverSettings(clusterGroup, state.dbParameterGroup(instance.parameterGroupName), { replica: true }), engine);
      }),
    );
    const greenWriter = state.writerOf(green);
    const copyPoint = await fleet.copy(greenWriter.node!, blueWriter.node!);
    if (engine !== fleet.engine) setTask("DB_ENGINE_VERSION_UPGRADE", "IN_PROGRESS");
    await replicationUserForPair(greenWriter.node!, blueWriter.node!);
    await masterWritesPastReadOnly(greenWriter.node!, blue.masterUsername, true);
    setTask("CREATING_READ_REPLICA_OF_SOURCE", "COMPLETED");
    setTask("DB_ENGINE_VERSION_UPGRADE", "COMPLETED");
    setTask("CONFIGURE_BACKUPS", "COMPLETED");
    setTask("CREATE_DB_INSTANCES_FOR_CLUSTER", "IN_PROGRESS");
    setTask("CREATING_TOPOLOGY_OF_SOURCE", "IN_PROGRESS");
    for (const { green: instance } of pairs.filter(({ green: candidate }) => candidate !== greenWriter)) {
      await fleet.copy(instance.node!, greenWriter.node!);
      await fleet.replicateFrom(instance.node!, greenWriter.node!);
    }
    const mode = greenWriter.node!.options.gtid ? "gtid" : "file-position";
    const start = greenReplicationStart(copyPoint, mode, blueWriter.binlogTurnedOnAt);
    await configureReplication(greenWriter.node!, blueWriter.node!, start.positioning);
    await startReplication(greenWriter.node!);
    // RDS for MySQL/MariaDB has instance endpoints only.
    if (!isInstanceGroup(green)) {
      await endpoints.create(green.endpointName, serverAddress(greenWriter.node!));
      const greenReader = pairs.find(({ green: instance }) => instance !== greenWriter)?.green ?? greenWriter;
      await endpoints.create(green.readerEndpointName, serverAddress(greenReader.node!));
    }
    for (const { green: instance } of pairs) await endpoints.create(instance.endpointName, serverAddress(instance.node!));
    if (!isInstanceGroup(green)) {
      setTask("CREATE_CUSTOM_ENDPOINTS", "IN_PROGRESS");
      await copyCustomEndpointsToGreen(context, blue, green, pairs);
      setTask("CREATE_CUSTOM_ENDPOINTS", "COMPLETED");
    }
    // From a binary log blue has not written yet there is nothing to catch up on: green already holds all
    // of blue's data, so RDS reports the deployment AVAILABLE and the receiver's error shows at switchover
    // (seed 004). Only its first attempt is awaited, so that the error is there to be seen.
    // Otherwise green has caught up with blue and its receiver is connected (a catch-up wait can end
    // before the receiver has logged in, and the lag and health guardrails would then see "connecting").
    if (start.unwrittenBinlog) await receiverHasTried(greenWriter.node!);
    else {
      await waitForCatchUp(greenWriter.node!, blueWriter.node!, 300_000);
      await waitUntilReplicating(greenWriter.node!);
    }
    await state.clock.sleep(context.pacing.provisioningExtraMs);

    for (const { green: instance } of pairs) instance.status = "available";
    green.status = "available";
    setTask("CREATE_DB_INSTANCES_FOR_CLUSTER", "COMPLETED");
    setTask("CREATING_TOPOLOGY_OF_SOURCE", "COMPLETED");
    deployment.target = environmentArn(state, green);
    deployment.switchoverDetails = switchoverDetailsOf(state, blue, green, pairs, "AVAILABLE");
    // What RDS has on the servers by AVAILABLE (mysql.rds_topology) is there before a client can see the status.
    await context.availability.notify(deployment);
    deployment.status = "AVAILABLE";
    state.events.emit({
      SourceIdentifier: deployment.id,
      SourceType: "blue-green-deployment",
      Message: "Blue/green deployment tasks completed. You can make more modifications to the green environment databases or switch over the deployment.",
      EventCategories: ["creation"],
      SourceArn: deploymentArn(state, deployment),
    });
  } catch (error) {
    for (const task of deployment.tasks) if (task.Status !== "COMPLETED") task.Status = "FAILED";
    deployment.status = "INVALID_CONFIGURATION";
    deployment.statusDetails = error instanceof ReplicationBrokenError ? `Replication from ${environmentName(blue)} to ${environmentName(green)} failed: ${error.reason}` : `Provisioning failed: ${messageOf(error).split("\n")[0]}`;
    state.events.emit({
      SourceIdentifier: deployment.id,
      SourceType: "blue-green-deployment",
      Message: `Creation of blue/green deployment failed: ${deployment.statusDetails}`,
      EventCategories: ["failure"],
      SourceArn: deploymentArn(state, deployment),
    });
  }
}
