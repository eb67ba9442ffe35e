import { RdsFault } from "../api/rds-fault.ts";
import { groupOf } from "./instance-groups.ts";
import { parameterFamilyOf, type InstanceEngine } from "./instance-parameter-catalog.ts";
import type { RdsState } from "./rds-state.ts";
import type { DbCluster, DbInstance } from "./resources.ts";

/** Seed 004's words: RDS answers an instance source without a binary log with the same sentence as a cluster. */
export const BINLOG_REQUIRED = "Blue Green Deployments requires cluster parameter group has binlog enabled.";

/**
 * CreateBlueGreenDeployment from a DB instance ARN: the instance must be an RDS for MySQL/MariaDB
 * primary (an Aurora member is deployed through its cluster, a read replica through its primary), and
 * the refusals RDS makes in this shape come before anything is created.
 */
export function instanceSource(state: RdsState, instance: DbInstance): DbCluster {
  const group = groupOf(state, instance);
  if (!group) {
    throw new RdsFault("SourceDatabaseNotSupportedFault", `The source ${instance.arn} is a DB instance of Aurora DB cluster ${instance.clusterIdentifier}; for Aurora, create the blue/green deployment from its DB cluster's ARN.`);
  }
  if (group.writer !== instance.identifier) {
    throw new RdsFault("SourceDatabaseNotSupportedFault", `DB instance ${instance.identifier} is a read replica of ${group.writer}. Create the blue/green deployment from the primary DB instance's ARN: its read replicas are copied with it.`);
  }
  return group;
}

export function assertInstanceSourceReady(state: RdsState, group: DbCluster, targetDbParameterGroup: string | undefined, targetEngineVersion: string | undefined): void {
  const primary = state.writerOf(group);
  if (group.blueGreenDeployment) {
    throw new RdsFault("InvalidDBInstanceState", `DB instance ${primary.identifier} is already part of blue/green deployment ${group.blueGreenDeployment}.`);
  }
  if (group.managedMasterPassword) {
    throw new RdsFault("SourceDatabaseNotSupportedFault", `Blue/green deployments aren't supported for DB instance ${primary.identifier} because its master user password is managed in AWS Secrets Manager.`);
  }
  for (const instance of state.clusterInstances(group)) {
    if (!instance.node || instance.status !== "available") {
      throw new RdsFault("InvalidDBInstanceState", `DB instance ${instance.identifier} is not in the available state (${instance.status}); wait for it (aws rds wait db-instance-available) before creating the blue/green deployment.`);
    }
  }
  // No automated backups, no binary log: green would have nothing to replicate from.
  if (!primary.backupRetentionPeriod || primary.runningBinlogFormat === "OFF") {
    const why = primary.backupRetentionPeriod
      ? `DB instance ${primary.identifier} is still rebooting into binary logging`
      : `DB instance ${primary.identifier} has automated backups off (BackupRetentionPeriod 0), so no binary log; turn them on with aws rds modify-db-instance --db-instance-identifier ${primary.identifier} --backup-retention-period 1 --apply-immediately`;
    throw new RdsFault("SourceDatabaseNotSupportedFault", `${BINLOG_REQUIRED} (${why}.)`);
  }
  if (targetDbParameterGroup !== undefined) {
    const target = state.dbParameterGroup(targetDbParameterGroup);
    const engine = group.engine as InstanceEngine;
    const version = targetEngineVersion ?? group.engineVersion;
    const family = parameterFamilyOf(engine, version);
    if (family && target.family !== family) {
      throw new RdsFault("InvalidParameterCombination", `The parameter group ${target.name} with DBParameterGroupFamily ${target.family} can't be used for the green environment, which runs ${engine} ${version}. Use a parameter group with DBParameterGroupFamily ${family}.`);
    }
  }
}
