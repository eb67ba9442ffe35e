import { serverAddress } from "./endpoint-directory.ts";
import { RdsFault } from "../api/rds-fault.ts";
import type { RdsInput, RdsOutput } from "../api/rds-backend.ts";
import { resetReplication } from "../../../harness/replication/replication-control.ts";
import { sqlString } from "../../../harness/sql/sql-literal.ts";
import { arn, parseArn } from "./arn.ts";
import { instanceOutput, type EndpointLookup } from "./describe-output.ts";
import { newResourceId, requireString, validateDbIdentifier } from "./identifiers.ts";
import { groupIdentifier, groupOf, isInstanceGroup, runningBinlogFormatOf } from "./instance-groups.ts";
import { INSTANCE_ENGINES, parameterFamilyOf, type InstanceEngine } from "./instance-parameter-catalog.ts";
import type { ModelContext } from "./model-context.ts";
import { ParameterGroup } from "./parameter-groups.ts";
import { DEFAULT_CLUSTER_PARAMETER_GROUP, type RdsState } from "./rds-state.ts";
import type { DbCluster, DbInstance } from "./resources.ts";
import { applyDynamicParameters, restartInstance } from "./resource-actions.ts";
import { serverSettings } from "./server-settings.ts";
import { registerNewInstance } from "./new-instance.ts";

/** What CreateDBInstance gives an engine when EngineVersion is left out. */
export const DEFAULT_INSTANCE_ENGINE_VERSIONS: Record<InstanceEngine, string> = { mysql: "8.0.40", mariadb: "10.11.10" };

export const BACKUPS_REQUIRED_FOR_REPLICA =
  "Automated backups are not enabled for this database instance. To enable automated backups, use ModifyDBInstance to set the backup retention period to a non-zero value.";

/**
 * RDS for MySQL and RDS for MariaDB DB instances: CreateDBInstance (a primary), CreateDBInstanceReadReplica,
 * and Modify/Delete/Reboot for them, each backed by a real server; a read replica is a copy of its
 * primary replicating from it. Aurora's instances (in a DB cluster) stay with ClusterOperations; `owns`
 * says which of the two an instance request is for.
 */
export class InstanceOperations {
  private readonly endpoints: EndpointLookup = (name) => this.context.endpoints.lookup(name);
  /** Master passwords between CreateDBInstance and the server's creation; never exposed. */
  private readonly masterPasswords = new WeakMap<DbInstance, string>();

  constructor(private readonly context: ModelContext) {}

  /** True when the request is about an RDS for MySQL/MariaDB instance (by its Engine, or the instance it names). */
  owns(input: RdsInput): boolean {
    if (input.Engine !== undefined && input.DBClusterIdentifier === undefined) return (INSTANCE_ENGINES as readonly string[]).includes(String(input.Engine));
    const identifier = typeof input.DBInstanceIdentifier === "string" ? input.DBInstanceIdentifier.toLowerCase() : undefined;
    const instance = identifier ? this.context.state.instances.get(identifier) : undefined;
    return instance !== undefined && groupOf(this.context.state, instance) !== undefined;
  }

  createDbInstance(input: RdsInput): RdsOutput {
    const { state } = this.context;
    const identifier = validateDbIdentifier(input.DBInstanceIdentifier, "DBInstanceIdentifier");
    if (state.instances.has(identifier)) throw new RdsFault("DBInstanceAlreadyExists", "DB instance already exists", 400);
    const engine = String(input.Engine) as InstanceEngine;
    const running = this.context.fleet.engine.dialect.version;
    if (running.flavor !== engine) {
      throw new RdsFault(
        "InvalidParameterCombination",
        `Engine ${engine} needs ${engine === "mysql" ? "MySQL" : "MariaDB"} servers, but this fake runs ${running.flavor === "mysql" ? "MySQL" : "MariaDB"} ${running.raw} (${this.context.fleet.engine.requested}). Start it on a ${engine} engine (e.g. bgh up --engine ${engine === "mysql" ? "mysql:8.0" : "mariadb:10.11"}).`,
      );
    }
    const instanceClass = requireString(input.DBInstanceClass, "DBInstanceClass");
    const engineVersion = input.EngineVersion === undefined ? DEFAULT_INSTANCE_ENGINE_VERSIONS[engine] : requireString(input.EngineVersion, "EngineVersion");
    const managed = input.ManageMasterUserPassword === true;
    const masterUsername = requireString(input.MasterUsername, "MasterUsername");
    const password = managed ? undefined : requireString(input.MasterUserPassword, "MasterUserPassword");
    const allocatedStorage = Number(input.AllocatedStorage);
    if (!Number.isInteger(allocatedStorage) || allocatedStorage < 20 || allocatedStorage > 65536) {
      throw new RdsFault("InvalidParameterValue", `Invalid storage size for engine name ${engine}: ${String(input.AllocatedStorage)}. Give AllocatedStorage in GiB, 20 to 65536.`);
    }
    const backupRetentionPeriod = input.BackupRetentionPeriod === undefined ? 1 : Number(input.BackupRetentionPeriod);
    if (!Number.isInteger(backupRetentionPeriod) || backupRetentionPeriod < 0 || backupRetentionPeriod > 35) {
      throw new RdsFault("InvalidParameterValue", `Invalid backup retention period: ${String(input.BackupRetentionPeriod)}. Use 0 (no automated backups, no binary log) to 35 days.`);
    }
    const group = this.parameterGroupFor(engine, engineVersion, input.DBParameterGroupName);
    const cluster: DbCluster = {
      identifier: groupIdentifier(identifier),
      resourceId: newResourceId("cluster"),
      arn: arn(state.location, "cluster", groupIdentifier(identifier)),
      engine,
      engineVersion,
      status: "available",
      masterUsername,
      parameterGroupName: DEFAULT_CLUSTER_PARAMETER_GROUP,
      managedMasterPassword: managed,
      members: [],
      createdAt: state.clock.now(),
      tags: [],
      endpointName: `${groupIdentifier(identifier)}.unused`,
      readerEndpointName: `${groupIdentifier(identifier)}.unused-ro`,
    };
    const [instance, settle] = this.newInstance(cluster, identifier, instanceClass, group.name, input);
    instance.backupRetentionPeriod = backupRetentionPeriod;
    instance.allocatedStorage = allocatedStorage;
    instance.runningBinlogFormat = runningBinlogFormatOf(state, cluster, instance);
    if (password !== undefined) this.masterPasswords.set(instance, password);
    state.clusters.set(cluster.identifier, cluster);
    cluster.writer = identifier;
    this.start(cluster, instance, undefined, settle);
    return { DBInstance: instanceOutput(state, instance, this.endpoints) };
  }

  createDbInstanceReadReplica(input: RdsInput): RdsOutput {
    const { state } = this.context;
    const identifier = validateDbIdentifier(input.DBInstanceIdentifier, "DBInstanceIdentifier");
    if (state.instances.has(identifier)) throw new RdsFault("DBInstanceAlreadyExists", "DB instance already exists", 400);
    const sourceName = requireString(input.SourceDBInstanceIdentifier, "SourceDBInstanceIdentifier");
    const source = state.instance(parseArn(sourceName)?.type === "db" ? parseArn(sourceName)!.name : sourceName);
    const cluster = groupOf(state, source);
    if (!cluster) {
      throw new RdsFault("InvalidDBInstanceState", `DB instance ${source.identifier} is a member of Aurora DB cluster ${source.clusterIdentifier}: add a reader with CreateDBInstance --db-cluster-identifier instead of a read replica.`);
    }
    if (cluster.writer !== source.identifier) {
      throw new RdsFault("InvalidDBInstanceState", `DB instance ${source.identifier} is itself a read replica (of ${cluster.writer}). Cascading read replicas are not modelled by this fake, and blue/green deployments do not support them: replicate from ${cluster.writer}.`);
    }
    if (source.status !== "available") throw new RdsFault("InvalidDBInstanceState", `DB instance ${source.identifier} is not in the available state (${source.status}).`);
    if (!source.backupRetentionPeriod) throw new RdsFault("InvalidDBInstanceState", BACKUPS_REQUIRED_FOR_REPLICA);
    const parameterGroup = input.DBParameterGroupName === undefined ? state.dbParameterGroup(source.parameterGroupName) : this.parameterGroupFor(cluster.engine as InstanceEngine, cluster.engineVersion, input.DBParameterGroupName);
    const instanceClass = input.DBInstanceClass === undefined ? source.instanceClass : requireString(input.DBInstanceClass, "DBInstanceClass");
    const [instance, settle] = this.newInstance(cluster, identifier, instanceClass, parameterGroup.name, input);
    instance.backupRetentionPeriod = 0;
    instance.allocatedStorage = source.allocatedStorage;
    instance.runningBinlogFormat = runningBinlogFormatOf(state, cluster, instance);
    this.start(cluster, instance, source, settle);
    return { DBInstance: instanceOutput(state, instance, this.endpoints) };
  }

  async modifyDbInstance(input: RdsInput): Promise<RdsOutput> {
    const { state } = this.context;
    const instance = state.instance(requireString(input.DBInstanceIdentifier, "DBInstanceIdentifier"));
    const cluster = groupOf(state, instance)!;
    assertNotSwitching(state, cluster, instance);
    if (input.NewDBInstanceIdentifier !== undefined) {
      throw new RdsFault("InvalidParameterCombination", "Renaming a DB instance (NewDBInstanceIdentifier) is not modelled by this fake; blue/green switchovers rename instances themselves.");
    }
    if (input.DBInstanceClass !== undefined) instance.instanceClass = requireString(input.DBInstanceClass, "DBInstanceClass");
    if (input.DBParameterGroupName !== undefined) {
      instance.parameterGroupName = this.parameterGroupFor(cluster.engine as InstanceEngine, cluster.engineVersion, input.DBParameterGroupName).name;
      instance.pendingReboot = true;
      await applyDynamicParameters(this.context, cluster);
    }
    if (input.BackupRetentionPeriod !== undefined) await this.setBackupRetention(cluster, instance, Number(input.BackupRetentionPeriod));
    return { DBInstance: instanceOutput(state, instance, this.endpoints) };
  }

  async deleteDbInstance(input: RdsInput): Promise<RdsOutput> {
    const { state, endpoints, fleet } = this.context;
    const instance = state.instance(requireString(input.DBInstanceIdentifier, "DBInstanceIdentifier"));
    const cluster = groupOf(state, instance)!;
    if (cluster.blueGreenDeployment) {
      throw new RdsFault("InvalidDBInstanceState", `DB instance ${instance.identifier} is part of blue/green deployment ${cluster.blueGreenDeployment}; delete the deployment first.`);
    }
    const primary = cluster.writer === instance.identifier;
    if (primary && input.SkipFinalSnapshot !== true && input.FinalDBSnapshotIdentifier === undefined) {
      throw new RdsFault("InvalidParameterCombination", "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.");
    }
    instance.status = "deleting";
    const output = instanceOutput(state, instance, this.endpoints);
    cluster.members = cluster.members.filter((member) => member !== instance.identifier);
    state.instances.delete(instance.identifier);
    // A deleted primary's read replicas are promoted, each to a standalone instance, as RDS does.
    if (primary) {
      state.clusters.delete(cluster.identifier);
      for (const replica of state.clusterInstances(cluster)) await this.promote(cluster, replica);
    }
    await endpoints.remove(instance.endpointName);
    if (instance.node) await fleet.removeInstance(instance.node);
    state.events.emit({ SourceIdentifier: instance.identifier, SourceType: "db-instance", Message: "DB instance deleted", EventCategories: ["deletion"], SourceArn: instance.arn });
    return { DBInstance: output };
  }

  /** Reboots apply the static parameters changed since the server started. */
  rebootDbInstance(input: RdsInput): RdsOutput {
    const { state } = this.context;
    const instance = state.instance(requireString(input.DBInstanceIdentifier, "DBInstanceIdentifier"));
    const cluster = groupOf(state, instance)!;
    if (instance.status !== "available" || !instance.node) {
      throw new RdsFault("InvalidDBInstanceState", `DB instance ${instance.identifier} is not in the available state (${instance.status}).`);
    }
    assertNotSwitching(state, cluster, instance);
    this.restart(cluster, instance, "DB instance restarted");
    return { DBInstance: instanceOutput(state, instance, this.endpoints) };
  }

  /** The instance, registered as creating, and what settles its `ready` once its server is up (or has failed). */
  private newInstance(cluster: DbCluster, identifier: string, instanceClass: string, parameterGroupName: string, input: RdsInput): [DbInstance, () => void] {
    return registerNewInstance(this.context, cluster, { identifier, instanceClass, parameterGroupName, runningBinlogFormat: "OFF", promotionTier: 1, tags: input.Tags });
  }

  /** Starts the server in the background: a primary gets the master user, a read replica a copy of its primary and replication from it. */
  private start(cluster: DbCluster, instance: DbInstance, source: DbInstance | undefined, settle: () => void): void {
    const { state, fleet, endpoints } = this.context;
    this.context.work.run(`creating DB instance ${instance.identifier}`, async () => {
      try {
        const dbGroup = state.dbParameterGroup(instance.parameterGroupName);
        const node = await fleet.startInstance(instance.resourceId, serverSettings(dbGroup, dbGroup, { replica: source !== undefined }));
        instance.node = node;
        const password = this.masterPasswords.get(instance);
        this.masterPasswords.delete(instance);
        if (password !== undefined) {
          await node.query(`CREATE USER IF NOT EXISTS ${sqlString(cluster.masterUsername)}@'%' IDENTIFIED BY ${sqlString(password)}`);
          await node.query(`GRANT ALL PRIVILEGES ON *.* TO ${sqlString(cluster.masterUsername)}@'%' WITH GRANT OPTION`);
        }
        if (source) {
          await source.ready;
          if (!source.node) throw new Error(`source DB instance ${source.identifier} has no server`);
          await fleet.copy(node, source.node);
          await fleet.replicateFrom(node, source.node);
        }
        await endpoints.create(instance.endpointName, serverAddress(node));
        instance.status = "available";
        state.events.emit({ SourceIdentifier: instance.identifier, SourceType: "db-instance", Message: source ? "DB instance created as a read replica" : "DB instance created", EventCategories: ["creation"], SourceArn: instance.arn });
      } catch (error) {
        instance.status = "failed";
        state.events.emit({ SourceIdentifier: instance.identifier, SourceType: "db-instance", Message: `DB instance could not be created: ${(error as Error).message}`, EventCategories: ["failure"], SourceArn: instance.arn });
        throw error;
      } finally {
        settle();
      }
    });
  }

  /**
   * Automated backups on or off. From 0 the instance gets a binary log: RDS applies that with an outage,
   * here a restart, after which the binary log stands where seed 004's idle source leaves it.
   */
  private async setBackupRetention(cluster: DbCluster, instance: DbInstance, days: number): Promise<void> {
    if (!Number.isInteger(days) || days < 0 || days > 35) {
      throw new RdsFault("InvalidParameterValue", `Invalid backup retention period: ${days}. Use 0 (no automated backups, no binary log) to 35 days.`);
    }
    if (days === 0 && cluster.writer === instance.identifier && cluster.members.length > 1) {
      throw new RdsFault("InvalidParameterCombination", `Automated backups can't be turned off for DB instance ${instance.identifier}: it has read replicas (${cluster.members.filter((member) => member !== instance.identifier).join(", ")}).`);
    }
    const before = instance.backupRetentionPeriod ?? 0;
    instance.backupRetentionPeriod = days;
    if (before === 0 && days > 0 && instance.node && instance.status === "available") this.restart(cluster, instance, "Automated backups enabled; DB instance restarted");
    else if (days === 0) instance.runningBinlogFormat = "OFF";
  }

  /** RDS for MySQL/MariaDB keep every parameter in the instance's own group. */
  private restart(cluster: DbCluster, instance: DbInstance, message: string): void {
    const dbGroup = this.context.state.dbParameterGroup(instance.parameterGroupName);
    restartInstance(this.context, cluster, instance, { cluster: dbGroup, db: dbGroup }, message);
  }

  /** A read replica of a deleted primary becomes a standalone, writable instance of its own. */
  private async promote(formerGroup: DbCluster, replica: DbInstance): Promise<void> {
    const { state } = this.context;
    const own: DbCluster = { ...formerGroup, identifier: groupIdentifier(replica.identifier), resourceId: newResourceId("cluster"), members: [replica.identifier], writer: replica.identifier, blueGreenDeployment: undefined };
    own.arn = arn(state.location, "cluster", own.identifier);
    state.clusters.set(own.identifier, own);
    replica.clusterIdentifier = own.identifier;
    if (replica.node) {
      await resetReplication(replica.node);
      await replica.node.query("SET GLOBAL super_read_only = OFF");
      await replica.node.query("SET GLOBAL read_only = OFF");
    }
    state.events.emit({ SourceIdentifier: replica.identifier, SourceType: "db-instance", Message: "Read replica promoted: its source DB instance was deleted", EventCategories: ["notification"], SourceArn: replica.arn });
  }

  /** The named DB parameter group (of the engine version's family), or the family's default group, created on first use as RDS has it. */
  private parameterGroupFor(engine: InstanceEngine, engineVersion: string, name: unknown): ParameterGroup {
    const { state } = this.context;
    const family = parameterFamilyOf(engine, engineVersion);
    if (!family) throw new RdsFault("InvalidParameterCombination", `Cannot find version ${engineVersion} for ${engine}: this fake knows the DB parameter group families of MySQL 5.7, 8.0, 8.4 and MariaDB 10.6, 10.11, 11.4, 11.8.`);
    if (name === undefined) return defaultDbParameterGroup(state, family);
    const group = state.dbParameterGroup(requireString(name, "DBParameterGroupName"));
    if (group.family !== family) {
      throw new RdsFault("InvalidParameterCombination", `The parameter group ${group.name} with DBParameterGroupFamily ${group.family} can't be used for this instance. Use a parameter group with DBParameterGroupFamily ${family}.`);
    }
    return group;
  }
}

/** default.mysql8.0, default.mariadb10.11, ...: made when an instance of the family first needs it. */
export function defaultDbParameterGroup(state: RdsState, family: string): ParameterGroup {
  const name = `default.${family}`;
  let group = state.dbParameterGroups.get(name);
  if (!group) {
    group = new ParameterGroup(name, "instance", `Default parameter group for ${family}`, arn(state.location, "pg", name), true, family);
    state.dbParameterGroups.set(name, group);
  }
  return group;
}

/** "During a switchover, you can't modify any DB instances included in the switchover" (seed 002). */
function assertNotSwitching(state: RdsState, cluster: DbCluster, instance: DbInstance): void {
  const deployment = cluster.blueGreenDeployment ? state.deployments.get(cluster.blueGreenDeployment) : undefined;
  if (isInstanceGroup(cluster) && deployment?.status === "SWITCHOVER_IN_PROGRESS") {
    throw new RdsFault("InvalidDBInstanceState", `DB instance ${instance.identifier} is switching over in blue/green deployment ${deployment.id}; it cannot be modified now.`);
  }
}
