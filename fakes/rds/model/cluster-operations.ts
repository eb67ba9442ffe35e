import { removeCustomEndpointsOf } from "./custom-endpoint-lifecycle.ts";
import { serverAddress } from "./endpoint-directory.ts";
import { RdsFault } from "../api/rds-fault.ts";
import type { RdsInput, RdsOutput } from "../api/rds-backend.ts";
import { sqlString } from "../../../harness/sql/sql-literal.ts";
import { arn } from "./arn.ts";
import { clusterOutput, instanceOutput, type EndpointLookup } from "./describe-output.ts";
import { newResourceId, requireString, validateDbIdentifier } from "./identifiers.ts";
import { groupOf, isInstanceGroup } from "./instance-groups.ts";
import type { ModelContext } from "./model-context.ts";
import { applyFilters, paginate } from "./pagination.ts";
import { DEFAULT_CLUSTER_PARAMETER_GROUP, DEFAULT_DB_PARAMETER_GROUP, type RdsState } from "./rds-state.ts";
import type { DbCluster, DbInstance } from "./resources.ts";
import { applyDynamicParameters, removeInstance, renameCluster, restartInstance } from "./resource-actions.ts";
import { serverSettings } from "./server-settings.ts";
import { ENGINE_VERSION_FAMILIES, engineVersionFamily, type RdsEngine } from "./engine-versions.ts";
import type { EngineImage } from "../../../harness/images/engine-image.ts";
import { describeVersion } from "../../../harness/engine/server-version.ts";
import { registerNewInstance } from "./new-instance.ts";
import { validateTags } from "./tags.ts";

export const DEFAULT_ENGINE_VERSION = "8.0.mysql_aurora.3.05.2";

/** CreateDBCluster, CreateDBInstance and their Describe/Modify/Delete/Reboot, each backed by real servers. */
export class ClusterOperations {
  /** Where each endpoint name is served, for the Describe outputs. */
  private readonly endpoints: EndpointLookup = (name) => this.context.endpoints.lookup(name);

  constructor(private readonly context: ModelContext) {}

  createDbCluster(input: RdsInput): RdsOutput {
    const { state, names } = this.context;
    const identifier = validateDbIdentifier(input.DBClusterIdentifier, "DBClusterIdentifier");
    if (state.clusters.has(identifier)) throw new RdsFault("DBClusterAlreadyExistsFault", `DB Cluster already exists`, 400);
    const engine = clusterEngine(input.Engine, this.context.fleet.engine);
    const engineVersion = input.EngineVersion === undefined ? defaultEngineVersion(engine, this.context.fleet.engine) : String(input.EngineVersion);
    engineVersionFamily(engine, engineVersion);
    const managed = input.ManageMasterUserPassword === true;
    const masterUsername = requireString(input.MasterUsername, "MasterUsername");
    if (!managed) requireString(input.MasterUserPassword, "MasterUserPassword");
    const group = state.clusterParameterGroup(String(input.DBClusterParameterGroupName ?? DEFAULT_CLUSTER_PARAMETER_GROUP));
    const cluster: DbCluster = {
      identifier,
      resourceId: newResourceId("cluster"),
      arn: arn(state.location, "cluster", identifier),
      engine,
      engineVersion,
      createdAsCluster: true,
      status: "available",
      masterUsername,
      parameterGroupName: group.name,
      managedMasterPassword: managed,
      members: [],
      createdAt: state.clock.now(),
      tags: validateTags(input.Tags),
      endpointName: names.cluster(identifier),
      readerEndpointName: names.reader(identifier),
    };
    // The master password is only needed once, to create the user on the writer: it is not kept.
    masterPasswords.set(cluster, managed ? undefined : String(input.MasterUserPassword));
    state.clusters.set(identifier, cluster);
    state.events.emit({ SourceIdentifier: identifier, SourceType: "db-cluster", Message: "DB cluster created", EventCategories: ["creation"], SourceArn: cluster.arn });
    return { DBCluster: clusterOutput(state, cluster, this.endpoints) };
  }

  createDbInstance(input: RdsInput): RdsOutput {
    const { state } = this.context;
    const identifier = validateDbIdentifier(input.DBInstanceIdentifier, "DBInstanceIdentifier");
    if (state.instances.has(identifier)) throw new RdsFault("DBInstanceAlreadyExists", "DB instance already exists", 400);
    const instanceClass = requireString(input.DBInstanceClass, "DBInstanceClass");
    if (!["aurora-mysql", "mysql", "mariadb"].includes(String(input.Engine))) {
      throw new RdsFault("InvalidParameterValue", `Invalid DB engine: ${String(input.Engine)}. This fake models Aurora MySQL (aurora-mysql, in a DB cluster) and RDS for MySQL and MariaDB (mysql, mariadb, without one).`);
    }
    const cluster = state.cluster(requireString(input.DBClusterIdentifier, "DBClusterIdentifier"));
    if (input.Engine !== cluster.engine) throw new RdsFault("InvalidParameterCombination", `The engine ${String(input.Engine)} of the DB instance does not match the engine ${cluster.engine} of DB cluster ${cluster.identifier}.`);
    if (cluster.status !== "available") throw new RdsFault("InvalidDBClusterStateFault", `DB cluster ${cluster.identifier} is not in the available state.`);
    const group = state.dbParameterGroup(String(input.DBParameterGroupName ?? DEFAULT_DB_PARAMETER_GROUP));
    const isWriter = cluster.writer === undefined;
    const writer = cluster.writer ? state.instance(cluster.writer) : undefined;
    const [instance, settle] = registerNewInstance(this.context, cluster, {
      identifier,
      instanceClass,
      parameterGroupName: group.name,
      runningBinlogFormat: state.clusterParameterGroup(cluster.parameterGroupName).value("binlog_format") ?? "OFF",
      promotionTier: Number(input.PromotionTier ?? 1),
      tags: input.Tags,
    });
    if (isWriter) cluster.writer = identifier;
    this.context.work.run(`creating DB instance ${identifier}`, async () => {
      try {
        await this.provision(cluster, instance, writer);
        instance.status = "available";
        state.events.emit({ SourceIdentifier: instance.identifier, SourceType: "db-instance", Message: "DB instance created", EventCategories: ["creation"], SourceArn: instance.arn });
      } catch (error) {
        instance.status = "stopped";
        state.events.emit({ SourceIdentifier: instance.identifier, SourceType: "db-instance", Message: `DB instance could not be created: ${(error as Error).message}`, EventCategories: ["failure"], SourceArn: instance.arn });
        throw error;
      } finally {
        settle();
      }
    });
    return { DBInstance: instanceOutput(state, instance, this.endpoints) };
  }

  /** Starts the server; a writer gets the master user and the cluster's endpoints, a reader a copy of its writer and replication. */
  private async provision(cluster: DbCluster, instance: DbInstance, writer: DbInstance | undefined): Promise<void> {
    const { state, fleet, endpoints } = this.context;
    const settings = serverSettings(state.clusterParameterGroup(cluster.parameterGroupName), state.dbParameterGroup(instance.parameterGroupName), { replica: writer !== undefined });
    const node = await fleet.startInstance(instance.resourceId, settings);
    instance.node = node;
    if (!writer) {
      const password = masterPasswords.get(cluster);
      if (password !== undefined) {
        // An ordinary, binary-logged transaction: it reaches every replica and copy, as on Aurora.
        await node.query(`CREATE USER IF NOT EXISTS ${sqlString(cluster.masterUsername)}@'%' IDENTIFIED BY ${sqlString(password)}`);
        await node.query(`GRANT ALL PRIVILEGES ON *.* TO ${sqlString(cluster.masterUsername)}@'%' WITH GRANT OPTION`);
        // RDS's master user cannot write past read_only. On MySQL it lacks SUPER (this fake's keeps it, so
        // the switchover fences writes with super_read_only); on MariaDB it lacks READ_ONLY ADMIN, which
        // ALL PRIVILEGES includes, and read_only is the only fence MariaDB has.
        if (node.dialect.writeFenceVariable === "read_only") await node.query(`REVOKE READ_ONLY ADMIN ON *.* FROM ${sqlString(cluster.masterUsername)}@'%'`);
      }
      await endpoints.create(cluster.endpointName, serverAddress(node));
      await endpoints.create(cluster.readerEndpointName, serverAddress(node));
    } else {
      await writer.ready;
      if (!writer.node) throw new Error(`writer ${writer.identifier} has no server`);
      await fleet.copy(node, writer.node);
      await fleet.replicateFrom(node, writer.node);
      // The reader endpoint serves readers once there is one.
      endpoints.repoint(cluster.readerEndpointName, serverAddress(node));
    }
    await endpoints.create(instance.endpointName, serverAddress(node));
  }

  describeDbClusters(input: RdsInput): RdsOutput {
    const { state } = this.context;
    // RDS for MySQL/MariaDB replication groups are the model's own bookkeeping, not DB clusters (instance-groups.ts).
    const known = [...state.clusters.values()].filter((cluster) => !isInstanceGroup(cluster));
    let clusters = input.DBClusterIdentifier ? [state.cluster(String(input.DBClusterIdentifier))] : known;
    if (clusters.some((cluster) => isInstanceGroup(cluster))) throw new RdsFault("DBClusterNotFoundFault", `DBCluster ${String(input.DBClusterIdentifier)} not found.`, 404);
    clusters = applyFilters(clusters, input.Filters, {
      "db-cluster-id": (cluster) => [cluster.identifier, cluster.arn],
      engine: (cluster) => [cluster.engine],
    });
    const { page, Marker } = paginate(clusters, input);
    return { DBClusters: page.map((cluster) => clusterOutput(state, cluster, this.endpoints)), ...(Marker ? { Marker } : {}) };
  }

  describeDbInstances(input: RdsInput): RdsOutput {
    const { state } = this.context;
    let instances = input.DBInstanceIdentifier ? [state.instance(String(input.DBInstanceIdentifier))] : [...state.instances.values()];
    instances = applyFilters(instances, input.Filters, {
      "db-instance-id": (instance) => [instance.identifier, instance.arn],
      "db-cluster-id": (instance) => (groupOf(state, instance) ? [] : [instance.clusterIdentifier, state.clusters.get(instance.clusterIdentifier)?.arn ?? ""]),
      engine: (instance) => [state.clusters.get(instance.clusterIdentifier)?.engine ?? "aurora-mysql"],
    });
    const { page, Marker } = paginate(instances, input);
    return { DBInstances: page.map((instance) => instanceOutput(state, instance, this.endpoints)), ...(Marker ? { Marker } : {}) };
  }

  async modifyDbCluster(input: RdsInput): Promise<RdsOutput> {
    const { state } = this.context;
    const cluster = state.cluster(requireString(input.DBClusterIdentifier, "DBClusterIdentifier"));
    assertNotSwitching(state, cluster);
    if (input.DBClusterParameterGroupName !== undefined) {
      const group = state.clusterParameterGroup(String(input.DBClusterParameterGroupName));
      cluster.parameterGroupName = group.name;
      // A new group's static values wait for a reboot; its dynamic values apply now.
      for (const instance of state.clusterInstances(cluster)) instance.pendingReboot = true;
      await applyDynamicParameters(this.context, cluster);
    }
    if (input.NewDBClusterIdentifier !== undefined) {
      const newIdentifier = validateDbIdentifier(input.NewDBClusterIdentifier, "NewDBClusterIdentifier");
      if (state.clusters.has(newIdentifier)) throw new RdsFault("DBClusterAlreadyExistsFault", "DB Cluster already exists", 400);
      renameCluster(this.context, cluster, newIdentifier);
    }
    return { DBCluster: clusterOutput(state, cluster, this.endpoints) };
  }

  async modifyDbInstance(input: RdsInput): Promise<RdsOutput> {
    const { state } = this.context;
    const instance = state.instance(requireString(input.DBInstanceIdentifier, "DBInstanceIdentifier"));
    assertNotSwitching(state, state.cluster(instance.clusterIdentifier));
    if (input.DBParameterGroupName !== undefined) {
      instance.parameterGroupName = state.dbParameterGroup(String(input.DBParameterGroupName)).name;
      instance.pendingReboot = true;
      await applyDynamicParameters(this.context, state.cluster(instance.clusterIdentifier));
    }
    if (input.DBInstanceClass !== undefined) instance.instanceClass = requireString(input.DBInstanceClass, "DBInstanceClass");
    return { DBInstance: instanceOutput(state, instance, this.endpoints) };
  }

  async deleteDbCluster(input: RdsInput): Promise<RdsOutput> {
    const { state, endpoints } = this.context;
    const cluster = state.cluster(requireString(input.DBClusterIdentifier, "DBClusterIdentifier"));
    if (cluster.members.length > 0) {
      throw new RdsFault("InvalidDBClusterStateFault", "Cluster cannot be deleted, it still contains DB instances in non-deleting state.");
    }
    if (cluster.blueGreenDeployment) {
      throw new RdsFault("InvalidDBClusterStateFault", `Cluster ${cluster.identifier} is part of blue/green deployment ${cluster.blueGreenDeployment}; delete the deployment first.`);
    }
    cluster.status = "deleting";
    const output = clusterOutput(state, cluster, this.endpoints);
    state.clusters.delete(cluster.identifier);
    await endpoints.remove(cluster.endpointName);
    await endpoints.remove(cluster.readerEndpointName);
    // Its custom endpoints go with it.
    await removeCustomEndpointsOf(this.context, cluster);
    state.events.emit({ SourceIdentifier: cluster.identifier, SourceType: "db-cluster", Message: "DB cluster deleted", EventCategories: ["deletion"], SourceArn: cluster.arn });
    return { DBCluster: output };
  }

  async deleteDbInstance(input: RdsInput): Promise<RdsOutput> {
    const { state } = this.context;
    const instance = state.instance(requireString(input.DBInstanceIdentifier, "DBInstanceIdentifier"));
    const cluster = state.cluster(instance.clusterIdentifier);
    if (cluster.blueGreenDeployment) {
      throw new RdsFault("InvalidDBInstanceState", `DB instance ${instance.identifier} is part of blue/green deployment ${cluster.blueGreenDeployment}; delete the deployment first.`);
    }
    instance.status = "deleting";
    const output = instanceOutput(state, instance, this.endpoints);
    await removeInstance(this.context, instance);
    return { DBInstance: output };
  }

  /** Reboots apply the static parameters changed since the server started (Aurora's pending-reboot). */
  rebootDbInstance(input: RdsInput): RdsOutput {
    const { state } = this.context;
    const instance = state.instance(requireString(input.DBInstanceIdentifier, "DBInstanceIdentifier"));
    this.reboot(instance);
    return { DBInstance: instanceOutput(state, instance, this.endpoints) };
  }

  rebootDbCluster(input: RdsInput): RdsOutput {
    const { state } = this.context;
    const cluster = state.cluster(requireString(input.DBClusterIdentifier, "DBClusterIdentifier"));
    for (const instance of state.clusterInstances(cluster)) this.reboot(instance);
    return { DBCluster: clusterOutput(state, cluster, this.endpoints) };
  }

  private reboot(instance: DbInstance): void {
    const { state } = this.context;
    if (instance.status !== "available" || !instance.node) {
      throw new RdsFault("InvalidDBInstanceState", `DB instance ${instance.identifier} is not in the available state (${instance.status}).`);
    }
    const cluster = state.cluster(instance.clusterIdentifier);
    assertNotSwitching(state, cluster);
    restartInstance(this.context, cluster, instance, { cluster: state.clusterParameterGroup(cluster.parameterGroupName), db: state.dbParameterGroup(instance.parameterGroupName) }, "DB instance restarted");
  }
}

/** Master passwords between CreateDBCluster and the writer's creation; never exposed. */
const masterPasswords = new WeakMap<DbCluster, string | undefined>();

/**
 * Aurora MySQL clusters, and Multi-AZ DB clusters of RDS for MySQL (Engine=mysql). Engine=mariadb has
 * no cluster on RDS: the fake accepts it on a MariaDB engine (--engine mariadb:...) to stand for RDS
 * for MariaDB's primary and replicas, so that MariaDB upgrades can be rehearsed through the same API.
 */
function clusterEngine(engine: unknown, fleetEngine: EngineImage): RdsEngine {
  if (engine === "aurora-mysql" || engine === "mysql") return engine;
  if (engine === "mariadb" && fleetEngine.dialect.version.flavor === "mariadb") return engine;
  if (engine === "mariadb") throw new RdsFault("InvalidParameterValue", `Invalid DB engine: mariadb. This fake runs ${describeVersion(fleetEngine.dialect.version)}: start it on MariaDB (--engine mariadb:10.11) to create MariaDB resources.`);
  throw new RdsFault("InvalidParameterValue", `Invalid DB engine: ${String(engine)}. Use aurora-mysql, mysql (Multi-AZ DB cluster), or mariadb on a MariaDB engine.`);
}

/** Without EngineVersion: Aurora MySQL 3's default; for mysql and mariadb, the version the fleet's engine runs when it is of that engine. */
function defaultEngineVersion(engine: RdsEngine, fleetEngine: EngineImage): string {
  if (engine === "aurora-mysql") return DEFAULT_ENGINE_VERSION;
  const version = fleetEngine.dialect.version;
  const running = `${version.major}.${version.minor}.${version.patch}`;
  const matches = version.flavor === (engine === "mariadb" ? "mariadb" : "mysql") && ENGINE_VERSION_FAMILIES.some((family) => family.engine === engine && family.pattern.test(running));
  return matches ? running : engine === "mysql" ? "8.0.40" : "10.11.10";
}

/** "During a switchover, you can't modify any DB instances included in the switchover" (seed 002). */
function assertNotSwitching(state: RdsState, cluster: DbCluster): void {
  const deployment = cluster.blueGreenDeployment ? state.deployments.get(cluster.blueGreenDeployment) : undefined;
  if (deployment?.status === "SWITCHOVER_IN_PROGRESS") {
    throw new RdsFault("InvalidDBClusterStateFault", `DB cluster ${cluster.identifier} is switching over in blue/green deployment ${deployment.id}; it cannot be modified now.`);
  }
}
