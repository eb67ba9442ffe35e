import { environmentName } from "./instance-groups.ts";
import type { RdsState } from "./rds-state.ts";
import type { DbCluster, DbInstance } from "./resources.ts";

/**
 * An RDS for MySQL/MariaDB instance as DescribeDBInstances returns it: no DB cluster; the primary lists
 * its read replicas, a read replica names its source, and green's primary names blue's until the
 * switchover, as it is a replica of it.
 */
export function standaloneInstanceOutput(state: RdsState, group: DbCluster, instance: DbInstance, endpoint: { address: string; port: number } | undefined): Record<string, unknown> {
  const primary = group.writer === instance.identifier;
  const source = primary ? blueSourceOf(state, group) : group.writer;
  return {
    DBInstanceIdentifier: instance.identifier,
    DBInstanceArn: instance.arn,
    DbiResourceId: instance.resourceId,
    DBInstanceClass: instance.instanceClass,
    Engine: group.engine,
    EngineVersion: group.engineVersion,
    DBInstanceStatus: instance.status,
    MasterUsername: group.masterUsername,
    Endpoint: endpoint ? { Address: endpoint.address, Port: endpoint.port, HostedZoneId: "Z2R2ITUGPM61AM" } : undefined,
    AllocatedStorage: instance.allocatedStorage,
    InstanceCreateTime: instance.createdAt,
    BackupRetentionPeriod: instance.backupRetentionPeriod ?? 0,
    DBParameterGroups: [{ DBParameterGroupName: instance.parameterGroupName, ParameterApplyStatus: instance.pendingReboot ? "pending-reboot" : "in-sync" }],
    MultiAZ: false,
    AutoMinorVersionUpgrade: true,
    ...(source ? { ReadReplicaSourceDBInstanceIdentifier: source } : {}),
    ReadReplicaDBInstanceIdentifiers: primary ? group.members.filter((member) => member !== instance.identifier) : [],
    PubliclyAccessible: false,
    StorageType: "gp3",
    StorageEncrypted: false,
    DbInstancePort: 0,
    CopyTagsToSnapshot: false,
    DeletionProtection: false,
    TagList: instance.tags,
  };
}

/** Green's primary replicates from blue's until the switchover. */
function blueSourceOf(state: RdsState, group: DbCluster): string | undefined {
  const deployment = group.blueGreenDeployment ? state.deployments.get(group.blueGreenDeployment) : undefined;
  if (!deployment || deployment.greenCluster !== group.identifier || deployment.status === "SWITCHOVER_COMPLETED" || deployment.status === "SWITCHOVER_FAILED") return undefined;
  const blue = state.clusters.get(deployment.blueCluster);
  return blue ? environmentName(blue) : undefined;
}
