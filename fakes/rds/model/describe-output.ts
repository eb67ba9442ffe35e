import { arn } from "./arn.ts";
import { isInstanceGroup } from "./instance-groups.ts";
import { standaloneInstanceOutput } from "./instance-output.ts";
import type { ParameterGroup } from "./parameter-groups.ts";
import type { RdsState } from "./rds-state.ts";
import type { BlueGreenDeployment, DbCluster, DbInstance } from "./resources.ts";

/** Where an endpoint name is served: its RDS host name and 3306 when names are served, else 127.0.0.1 and the proxy's port. */
export type EndpointLookup = (endpointName: string) => { address: string; port: number } | undefined;

/**
 * Resources as DescribeDBClusters / DescribeDBInstances / DescribeBlueGreenDeployments return them, in
 * the SDK's shapes. Endpoints are what a client can connect to as is: the RDS host name on 3306 where
 * names are served (they resolve through the hosts file), else 127.0.0.1 and the endpoint's port.
 */
export function clusterOutput(state: RdsState, cluster: DbCluster, endpoints: EndpointLookup): Record<string, unknown> {
  const writer = endpoints(cluster.endpointName);
  const reader = endpoints(cluster.readerEndpointName);
  return {
    DBClusterIdentifier: cluster.identifier,
    DBClusterArn: cluster.arn,
    DbClusterResourceId: cluster.resourceId,
    Status: cluster.status,
    Engine: cluster.engine,
    EngineVersion: cluster.engineVersion,
    EngineMode: "provisioned",
    MasterUsername: cluster.masterUsername,
    DBClusterParameterGroup: cluster.parameterGroupName,
    Endpoint: writer?.address,
    ReaderEndpoint: reader?.address,
    CustomEndpoints: [...state.customEndpoints.values()].filter((endpoint) => endpoint.clusterIdentifier === cluster.identifier).map((endpoint) => endpoints(endpoint.endpointName)?.address ?? endpoint.endpointName),
    Port: writer?.port,
    MultiAZ: cluster.members.length > 1,
    DBClusterMembers: cluster.members.map((identifier) => {
      const instance = state.instances.get(identifier);
      return {
        DBInstanceIdentifier: identifier,
        IsClusterWriter: identifier === cluster.writer,
        DBClusterParameterGroupStatus: instance?.pendingReboot ? "pending-reboot" : "in-sync",
        PromotionTier: instance?.promotionTier ?? 1,
      };
    }),
    ClusterCreateTime: cluster.createdAt,
    TagList: cluster.tags,
    StorageEncrypted: false,
    IAMDatabaseAuthenticationEnabled: false,
  };
}

export function instanceOutput(state: RdsState, instance: DbInstance, endpoints: EndpointLookup): Record<string, unknown> {
  const cluster = state.clusters.get(instance.clusterIdentifier);
  const endpoint = endpoints(instance.endpointName);
  if (cluster && isInstanceGroup(cluster)) return standaloneInstanceOutput(state, cluster, instance, endpoint);
  return {
    DBInstanceIdentifier: instance.identifier,
    DBInstanceArn: instance.arn,
    DbiResourceId: instance.resourceId,
    DBInstanceClass: instance.instanceClass,
    Engine: cluster?.engine ?? "aurora-mysql",
    EngineVersion: cluster?.engineVersion,
    DBInstanceStatus: instance.status,
    MasterUsername: cluster?.masterUsername,
    Endpoint: endpoint ? { Address: endpoint.address, Port: endpoint.port, HostedZoneId: "Z2R2ITUGPM61AM" } : undefined,
    DBClusterIdentifier: instance.clusterIdentifier,
    DBParameterGroups: [{ DBParameterGroupName: instance.parameterGroupName, ParameterApplyStatus: instance.pendingReboot ? "pending-reboot" : "in-sync" }],
    PromotionTier: instance.promotionTier,
    InstanceCreateTime: instance.createdAt,
    PubliclyAccessible: false,
    StorageEncrypted: false,
    TagList: instance.tags,
  };
}

export function deploymentOutput(deployment: BlueGreenDeployment): Record<string, unknown> {
  return {
    BlueGreenDeploymentIdentifier: deployment.id,
    BlueGreenDeploymentName: deployment.name,
    Source: deployment.source,
    ...(deployment.target ? { Target: deployment.target } : {}),
    SwitchoverDetails: deployment.switchoverDetails.map((detail) => ({ ...detail })),
    Tasks: deployment.tasks.map((task) => ({ ...task })),
    Status: deployment.status,
    ...(deployment.statusDetails ? { StatusDetails: deployment.statusDetails } : {}),
    CreateTime: deployment.createdAt,
    ...(deployment.deletedAt ? { DeleteTime: deployment.deletedAt } : {}),
    TagList: deployment.tags,
  };
}

export function deploymentArn(state: RdsState, deployment: BlueGreenDeployment): string {
  return arn(state.location, "deployment", deployment.id);
}

export function parametersOutput(group: ParameterGroup, source?: unknown): Record<string, unknown>[] {
  return [...group.values.entries()]
    .filter(([, value]) => source === undefined || value.source === source)
    .map(([name, value]) => {
      const definition = group.definition(name)!;
      return {
        ParameterName: name,
        ...(value.value !== "" ? { ParameterValue: value.value } : {}),
        Description: definition.description,
        Source: value.source,
        ApplyType: definition.applyType,
        DataType: definition.dataType,
        ...(definition.allowedValues ? { AllowedValues: definition.allowedValues } : {}),
        IsModifiable: true,
        ApplyMethod: definition.applyType === "dynamic" ? "immediate" : "pending-reboot",
      };
    });
}
