import type { RdsState } from "./rds-state.ts";
import type { DbCluster, DbInstance, MemberStatus, SwitchoverDetail } from "./resources.ts";

/**
 * RDS for MySQL and RDS for MariaDB have no DB cluster: a primary DB instance and its read replicas.
 * The model keeps each such topology as a replication group, a DbCluster record of engine mysql or
 * mariadb whose writer is the primary and whose other members are its read replicas. No API shows the
 * group itself (DescribeDBClusters skips it; instances show no DBClusterIdentifier), but green
 * provisioning, the guardrails, the switchover and its renames serve both shapes with one
 * implementation. Its identifier carries a prefix no RDS identifier can have, so it never collides
 * with an Aurora cluster of the same name.
 */
const GROUP_PREFIX = "instances:";

export function isInstanceGroup(cluster: DbCluster): boolean {
  return cluster.engine !== "aurora-mysql" && !cluster.createdAsCluster;
}

export function groupIdentifier(primaryIdentifier: string): string {
  return `${GROUP_PREFIX}${primaryIdentifier}`;
}

/** The instance's replication group, if it is an RDS for MySQL/MariaDB instance (not an Aurora cluster member). */
export function groupOf(state: RdsState, instance: DbInstance): DbCluster | undefined {
  const cluster = state.clusters.get(instance.clusterIdentifier);
  return cluster && isInstanceGroup(cluster) ? cluster : undefined;
}

/** How RDS names an environment in events and details: the cluster, or the primary DB instance. */
export function environmentName(cluster: DbCluster): string {
  return isInstanceGroup(cluster) ? (cluster.writer ?? cluster.identifier) : cluster.identifier;
}

/** The ARN a deployment's Source and Target carry: the cluster's, or the primary DB instance's. */
export function environmentArn(state: RdsState, cluster: DbCluster): string {
  return isInstanceGroup(cluster) ? state.writerOf(cluster).arn : cluster.arn;
}

/**
 * A deployment's SwitchoverDetails: for Aurora the cluster, then every instance; for RDS for
 * MySQL/MariaDB the primary, then each read replica.
 */
export function switchoverDetailsOf(state: RdsState, blue: DbCluster, green: DbCluster, pairs: Array<{ blue: DbInstance; green: DbInstance }>, status: MemberStatus): SwitchoverDetail[] {
  const members = pairs.map((pair) => ({ SourceMember: pair.blue.arn, TargetMember: pair.green.arn, Status: status }));
  if (isInstanceGroup(blue)) return members;
  // Aurora lists custom endpoints too: each of blue's with its counterpart on green (reporting / reporting-green-abc123; after switchover reporting-old1 / reporting).
  const base = (identifier: string) => identifier.replace(/-green-[a-z0-9]{6}$|-old\d+$/, "");
  const customOf = (cluster: DbCluster) => [...state.customEndpoints.values()].filter((endpoint) => endpoint.clusterIdentifier === cluster.identifier);
  const greenCustom = customOf(green);
  const custom = customOf(blue).flatMap((endpoint) => {
    const counterpart = greenCustom.find((candidate) => base(candidate.identifier) === base(endpoint.identifier));
    return counterpart ? [{ SourceMember: endpoint.arn, TargetMember: counterpart.arn, Status: status }] : [];
  });
  return [{ SourceMember: blue.arn, TargetMember: green.arn, Status: status }, ...members, ...custom];
}

/**
 * binlog_format as the server runs it, as far as RDS is concerned: "OFF" means no binary log. For
 * Aurora it is the cluster parameter group's; for RDS for MySQL/MariaDB there is a binary log only
 * while automated backups are on, in the format of the instance's DB parameter group.
 */
export function runningBinlogFormatOf(state: RdsState, cluster: DbCluster, instance: Pick<DbInstance, "parameterGroupName" | "backupRetentionPeriod">): string {
  if (!isInstanceGroup(cluster)) return state.clusterParameterGroup(cluster.parameterGroupName).value("binlog_format") ?? "OFF";
  if (!instance.backupRetentionPeriod) return "OFF";
  return state.dbParameterGroup(instance.parameterGroupName).value("binlog_format") ?? "MIXED";
}
