import { RdsFault } from "../api/rds-fault.ts";
import { arn, DEFAULT_LOCATION, type RdsLocation } from "./arn.ts";
import type { Clock } from "./clock.ts";
import { EventLog } from "./events.ts";
import { ParameterGroup } from "./parameter-groups.ts";
import { PARAMETER_FAMILY } from "./parameter-catalog.ts";
import type { BlueGreenDeployment, CustomEndpoint, DbCluster, DbInstance } from "./resources.ts";

export const DEFAULT_CLUSTER_PARAMETER_GROUP = `default.${PARAMETER_FAMILY}`;
export const DEFAULT_DB_PARAMETER_GROUP = `default.${PARAMETER_FAMILY}`;

/**
 * Everything the fake RDS holds, keyed as RDS keys it (identifiers are case-insensitive and stored
 * lowercase). Lookups throw the faults RDS answers with, under their wire codes.
 */
export class RdsState {
  readonly clusters = new Map<string, DbCluster>();
  readonly instances = new Map<string, DbInstance>();
  readonly clusterParameterGroups = new Map<string, ParameterGroup>();
  readonly dbParameterGroups = new Map<string, ParameterGroup>();
  readonly deployments = new Map<string, BlueGreenDeployment>();
  /** Aurora custom endpoints by DBClusterEndpointIdentifier (unique in the region, as RDS has it). */
  readonly customEndpoints = new Map<string, CustomEndpoint>();
  readonly events: EventLog;

  constructor(
    readonly location: RdsLocation = DEFAULT_LOCATION,
    readonly clock: Clock,
  ) {
    this.events = new EventLog(clock);
    this.clusterParameterGroups.set(
      DEFAULT_CLUSTER_PARAMETER_GROUP,
      new ParameterGroup(DEFAULT_CLUSTER_PARAMETER_GROUP, "cluster", `Default cluster parameter group for ${PARAMETER_FAMILY}`, arn(location, "cluster-pg", DEFAULT_CLUSTER_PARAMETER_GROUP), true),
    );
    this.dbParameterGroups.set(
      DEFAULT_DB_PARAMETER_GROUP,
      new ParameterGroup(DEFAULT_DB_PARAMETER_GROUP, "instance", `Default parameter group for ${PARAMETER_FAMILY}`, arn(location, "pg", DEFAULT_DB_PARAMETER_GROUP), true),
    );
  }

  cluster(identifier: string): DbCluster {
    const cluster = this.clusters.get(identifier.toLowerCase());
    if (!cluster) throw new RdsFault("DBClusterNotFoundFault", `DBCluster ${identifier} not found.`, 404);
    return cluster;
  }

  customEndpoint(identifier: string): CustomEndpoint {
    const endpoint = this.customEndpoints.get(identifier.toLowerCase());
    if (!endpoint) throw new RdsFault("DBClusterEndpointNotFoundFault", `DBClusterEndpoint ${identifier} not found.`, 400);
    return endpoint;
  }

  instance(identifier: string): DbInstance {
    const instance = this.instances.get(identifier.toLowerCase());
    if (!instance) throw new RdsFault("DBInstanceNotFound", `DBInstance ${identifier} not found.`, 404);
    return instance;
  }

  clusterParameterGroup(name: string): ParameterGroup {
    const group = this.clusterParameterGroups.get(name);
    if (!group) throw new RdsFault("DBClusterParameterGroupNotFound", `DBClusterParameterGroup not found: ${name}`, 404);
    return group;
  }

  dbParameterGroup(name: string): ParameterGroup {
    const group = this.dbParameterGroups.get(name);
    if (!group) throw new RdsFault("DBParameterGroupNotFound", `DBParameterGroup not found: ${name}`, 404);
    return group;
  }

  deployment(identifier: string): BlueGreenDeployment {
    const deployment = this.deployments.get(identifier.toLowerCase());
    if (!deployment) throw new RdsFault("BlueGreenDeploymentNotFoundFault", `BlueGreenDeploymentIdentifier ${identifier} doesn't refer to an existing blue/green deployment.`, 404);
    return deployment;
  }

  /** The cluster or instance an ARN names: what tag operations and CreateBlueGreenDeployment's Source take. */
  resourceByArn(resourceArn: string): { kind: "cluster"; cluster: DbCluster } | { kind: "db"; instance: DbInstance } | { kind: "deployment"; deployment: BlueGreenDeployment } {
    for (const cluster of this.clusters.values()) if (cluster.arn === resourceArn) return { kind: "cluster", cluster };
    for (const instance of this.instances.values()) if (instance.arn === resourceArn) return { kind: "db", instance };
    for (const deployment of this.deployments.values()) if (arn(this.location, "deployment", deployment.id) === resourceArn) return { kind: "deployment", deployment };
    throw new RdsFault("DBInstanceNotFound", `The specified resource name does not match an RDS resource in this region: ${resourceArn}`, 404);
  }

  clusterInstances(cluster: DbCluster): DbInstance[] {
    return cluster.members.map((identifier) => this.instance(identifier));
  }

  writerOf(cluster: DbCluster): DbInstance {
    if (!cluster.writer) throw new RdsFault("InvalidDBClusterStateFault", `DBCluster ${cluster.identifier} has no writer instance.`);
    return this.instance(cluster.writer);
  }
}
