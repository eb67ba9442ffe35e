import { customEndpointsOf, removeCustomEndpointsOf } from "./custom-endpoint-lifecycle.ts";
import { profiled } from "../../../harness/profile/time-profile.ts";
import { RdsFault } from "../api/rds-fault.ts";
import type { RdsInput, RdsOutput } from "../api/rds-backend.ts";
import { parseArn } from "./arn.ts";
import { deploymentArn, deploymentOutput } from "./describe-output.ts";
import { newDeploymentId, requireString, validateDeploymentName } from "./identifiers.ts";
import type { ModelContext } from "./model-context.ts";
import { applyFilters, paginate } from "./pagination.ts";
import { provisionGreen } from "./green-provisioning.ts";
import { environmentArn, isInstanceGroup } from "./instance-groups.ts";
import { assertInstanceSourceReady, BINLOG_REQUIRED, instanceSource } from "./instance-deployment-source.ts";
import { removeInstance } from "./resource-actions.ts";
import type { BlueGreenDeployment, DbCluster } from "./resources.ts";
import { validateTags } from "./tags.ts";
import { Switchover } from "./switchover.ts";
import { planTargetEngine } from "./target-engine.ts";

export { BINLOG_REQUIRED };

/** Create, describe, switch over and delete blue/green deployments of Aurora MySQL clusters and RDS for MySQL/MariaDB DB instances. */
export class BlueGreenOperations {
  constructor(private readonly context: ModelContext) {}

  async createBlueGreenDeployment(input: RdsInput): Promise<RdsOutput> {
    const { state } = this.context;
    const name = validateDeploymentName(input.BlueGreenDeploymentName);
    const source = requireString(input.Source, "Source");
    if ([...state.deployments.values()].some((deployment) => deployment.name === name)) {
      throw new RdsFault("BlueGreenDeploymentAlreadyExistsFault", `A blue/green deployment with the name ${name} already exists.`);
    }
    const blue = this.sourceCluster(source);
    if (input.TargetDBClusterParameterGroupName !== undefined) state.clusterParameterGroup(String(input.TargetDBClusterParameterGroupName));
    if (input.TargetDBParameterGroupName !== undefined) state.dbParameterGroup(String(input.TargetDBParameterGroupName));
    if (isInstanceGroup(blue)) assertInstanceSourceReady(state, blue, input.TargetDBParameterGroupName as string | undefined, input.TargetEngineVersion as string | undefined);
    else this.assertReadyForDeployment(blue);

    const upgrade = input.TargetEngineVersion !== undefined && input.TargetEngineVersion !== blue.engineVersion;
    // Refused before anything starts: RDS's refusals, and an image this machine cannot make an upgrade of.
    const targetEngine = upgrade ? await planTargetEngine(this.context, blue, state.writerOf(blue).node!.dialect.version, String(input.TargetEngineVersion)) : undefined;
    const deployment: BlueGreenDeployment = {
      id: newDeploymentId(),
      name,
      source: environmentArn(state, blue),
      status: "PROVISIONING",
      switchoverDetails: [],
      tasks: [
        { Name: "CREATING_READ_REPLICA_OF_SOURCE", Status: "PENDING" },
        ...(upgrade ? [{ Name: "DB_ENGINE_VERSION_UPGRADE", Status: "PENDING" as const }] : []),
        // RDS for MySQL/MariaDB: backups on green, then its read replicas; Aurora: the cluster's instances.
        ...(isInstanceGroup(blue)
          ? [
              { Name: "CONFIGURE_BACKUPS", Status: "PENDING" as const },
              { Name: "CREATING_TOPOLOGY_OF_SOURCE", Status: "PENDING" as const },
            ]
          : [{ Name: "CREATE_DB_INSTANCES_FOR_CLUSTER", Status: "PENDING" as const }]),
        ...(customEndpointsOf(this.context, blue).length ? [{ Name: "CREATE_CUSTOM_ENDPOINTS", Status: "PENDING" as const }] : []),
      ],
      createdAt: state.clock.now(),
      tags: validateTags(input.Tags),
      blueCluster: blue.identifier,
    };
    state.deployments.set(deployment.id, deployment);
    blue.blueGreenDeployment = deployment.id;
    this.context.work.run(`provisioning ${deployment.id}`, () =>
      profiled("green provisioning", deployment.id, () =>
        provisionGreen(this.context, deployment, blue, {
          clusterParameterGroup: input.TargetDBClusterParameterGroupName as string | undefined,
          dbParameterGroup: input.TargetDBParameterGroupName as string | undefined,
          ...(targetEngine ? { engine: targetEngine } : {}),
        }),
      ),
    );
    return { BlueGreenDeployment: deploymentOutput(deployment) };
  }

  describeBlueGreenDeployments(input: RdsInput): RdsOutput {
    const { state } = this.context;
    let deployments = input.BlueGreenDeploymentIdentifier ? [state.deployment(String(input.BlueGreenDeploymentIdentifier))] : [...state.deployments.values()];
    deployments = applyFilters(deployments, input.Filters, {
      "blue-green-deployment-identifier": (deployment) => [deployment.id, deploymentArn(state, deployment)],
      "blue-green-deployment-name": (deployment) => [deployment.name],
      source: (deployment) => [deployment.source],
      target: (deployment) => (deployment.target ? [deployment.target] : []),
    });
    const { page, Marker } = paginate(deployments, input);
    return { BlueGreenDeployments: page.map((deployment) => deploymentOutput(deployment)), ...(Marker ? { Marker } : {}) };
  }

  switchoverBlueGreenDeployment(input: RdsInput): RdsOutput {
    const { state } = this.context;
    const deployment = state.deployment(requireString(input.BlueGreenDeploymentIdentifier, "BlueGreenDeploymentIdentifier"));
    const timeout = input.SwitchoverTimeout === undefined ? 300 : Number(input.SwitchoverTimeout);
    if (!Number.isInteger(timeout) || timeout < 30 || timeout > 3600) {
      throw new RdsFault("InvalidParameterValue", `SwitchoverTimeout must be between 30 and 3600 seconds; got ${String(input.SwitchoverTimeout)}.`);
    }
    if (deployment.status !== "AVAILABLE") {
      throw new RdsFault("InvalidBlueGreenDeploymentStateFault", `The blue/green deployment ${deployment.id} can't be switched over because it is in the ${deployment.status} state. It must be AVAILABLE.`);
    }
    deployment.status = "SWITCHOVER_IN_PROGRESS";
    deployment.statusDetails = undefined;
    for (const detail of deployment.switchoverDetails) detail.Status = "SWITCHOVER_IN_PROGRESS";
    const output = { BlueGreenDeployment: deploymentOutput(deployment) };
    this.context.work.run(`switching over ${deployment.id}`, () => profiled("switchovers", `${deployment.id} (timeout ${timeout} s)`, () => new Switchover(this.context, deployment, timeout).run()));
    return output;
  }

  async deleteBlueGreenDeployment(input: RdsInput): Promise<RdsOutput> {
    const { state } = this.context;
    const deployment = state.deployment(requireString(input.BlueGreenDeploymentIdentifier, "BlueGreenDeploymentIdentifier"));
    const deleteTarget = input.DeleteTarget === true;
    if (deployment.status === "SWITCHOVER_IN_PROGRESS" || deployment.status === "PROVISIONING" || deployment.status === "DELETING") {
      throw new RdsFault("InvalidBlueGreenDeploymentStateFault", `The blue/green deployment ${deployment.id} can't be deleted while it is ${deployment.status}.`);
    }
    if (deleteTarget && deployment.status === "SWITCHOVER_COMPLETED") {
      throw new RdsFault("InvalidBlueGreenDeploymentStateFault", `You can't delete the target of blue/green deployment ${deployment.id} after switchover: it is the production environment now.`);
    }
    deployment.status = "DELETING";
    deployment.deletedAt = state.clock.now();
    const output = { BlueGreenDeployment: deploymentOutput(deployment) };
    const blue = state.clusters.get(deployment.blueCluster);
    const green = deployment.greenCluster ? state.clusters.get(deployment.greenCluster) : undefined;
    if (blue) blue.blueGreenDeployment = undefined;
    if (green) green.blueGreenDeployment = undefined;
    this.context.work.run(`deleting ${deployment.id}`, async () => {
      // Without DeleteTarget green stays, as a standalone cluster still replicating from blue.
      if (deleteTarget && green) await this.deleteCluster(green);
      state.deployments.delete(deployment.id);
      state.events.emit({ SourceIdentifier: deployment.id, SourceType: "blue-green-deployment", Message: "Blue/green deployment deleted.", EventCategories: ["deletion"], SourceArn: deploymentArn(state, deployment) });
    });
    return output;
  }

  private async deleteCluster(cluster: DbCluster): Promise<void> {
    const { state, endpoints } = this.context;
    for (const instance of state.clusterInstances(cluster).reverse()) await removeInstance(this.context, instance);
    state.clusters.delete(cluster.identifier);
    await endpoints.remove(cluster.endpointName);
    await endpoints.remove(cluster.readerEndpointName);
    await removeCustomEndpointsOf(this.context, cluster);
  }

  /** Source is an Aurora cluster ARN, or the ARN of an RDS for MySQL/MariaDB primary DB instance (its replication group). */
  private sourceCluster(source: string): DbCluster {
    const { state } = this.context;
    const parsed = parseArn(source);
    if (!parsed) throw new RdsFault("InvalidParameterValue", `The parameter Source must be the ARN of a DB cluster or a DB instance: ${source}`);
    if (parsed.type === "db") {
      const instance = [...state.instances.values()].find((candidate) => candidate.arn === source);
      if (!instance) throw new RdsFault("DBInstanceNotFound", `DBInstance ${parsed.name} not found.`, 404);
      return instanceSource(state, instance);
    }
    const cluster = [...state.clusters.values()].find((candidate) => candidate.arn === source);
    if (!cluster) {
      throw new RdsFault("DBClusterNotFoundFault", `DBCluster ${parsed.name} not found.`, 404);
    }
    return cluster;
  }

  /** Refusals RDS makes before anything is created (seed 004 for the binary log). */
  private assertReadyForDeployment(blue: DbCluster): void {
    const { state } = this.context;
    if (blue.blueGreenDeployment) {
      throw new RdsFault("InvalidDBClusterStateFault", `DB cluster ${blue.identifier} is already part of blue/green deployment ${blue.blueGreenDeployment}.`);
    }
    if (blue.managedMasterPassword) {
      throw new RdsFault("SourceClusterNotSupportedFault", `Blue/green deployments aren't supported for DB cluster ${blue.identifier} because its master user password is managed in AWS Secrets Manager.`);
    }
    const group = state.clusterParameterGroup(blue.parameterGroupName);
    if (group.isDefault || (group.value("binlog_format") ?? "OFF") === "OFF") {
      throw new RdsFault("SourceClusterNotSupportedFault", BINLOG_REQUIRED);
    }
    const writer = blue.writer ? state.instances.get(blue.writer) : undefined;
    if (!writer?.node || writer.status !== "available") {
      throw new RdsFault("InvalidDBClusterStateFault", `DB cluster ${blue.identifier} has no available writer instance.`);
    }
    // The group says on, but a writer pending reboot still runs without a binary log: RDS refuses that too.
    if (writer.runningBinlogFormat === "OFF") throw new RdsFault("SourceClusterNotSupportedFault", BINLOG_REQUIRED);
  }
}

