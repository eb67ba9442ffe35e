import type { RdsInput, RdsOutput } from "../api/rds-backend.ts";
import { RdsFault } from "../api/rds-fault.ts";
import { arn } from "./arn.ts";
import { serverAddress } from "./endpoint-directory.ts";
import { newResourceId, requireString, validateDbIdentifier } from "./identifiers.ts";
import { isInstanceGroup } from "./instance-groups.ts";
import type { ModelContext } from "./model-context.ts";
import { applyFilters, paginate } from "./pagination.ts";
import type { CustomEndpoint, DbCluster, DbInstance } from "./resources.ts";
import { eligibleMembers } from "./custom-endpoint-lifecycle.ts";
import { validateTags } from "./tags.ts";

const CUSTOM_TYPES = ["READER", "ANY"] as const;

/**
 * Aurora custom endpoints: CreateDBClusterEndpoint, DescribeDBClusterEndpoints, ModifyDBClusterEndpoint,
 * DeleteDBClusterEndpoint. Each is a name of its own, `<id>.cluster-custom-<token>.<region>.rds.amazonaws.com`,
 * served like the cluster's other endpoints (by name on 3306 at an address of its own, or on a port).
 * RDS balances a custom endpoint's connections over its members; here it leads to one of them, the
 * first eligible by identifier (static members, else every member not excluded; READER: no writer).
 */
export class CustomEndpointOperations {
  constructor(private readonly context: ModelContext) {}

  async createDbClusterEndpoint(input: RdsInput): Promise<RdsOutput> {
    const { state, names, endpoints } = this.context;
    const cluster = this.auroraCluster(requireString(input.DBClusterIdentifier, "DBClusterIdentifier"));
    const identifier = validateDbIdentifier(input.DBClusterEndpointIdentifier, "DBClusterEndpointIdentifier");
    if (state.customEndpoints.has(identifier)) throw new RdsFault("DBClusterEndpointAlreadyExistsFault", `DBClusterEndpoint ${identifier} already exists.`);
    const endpoint: CustomEndpoint = {
      identifier,
      clusterIdentifier: cluster.identifier,
      resourceId: newResourceId("cluster").replace(/^cluster-/, "cluster-endpoint-").toLowerCase(),
      arn: arn(state.location, "cluster-endpoint", identifier),
      type: customType(input.EndpointType),
      staticMembers: this.members(cluster, input.StaticMembers, "StaticMembers"),
      excludedMembers: this.members(cluster, input.ExcludedMembers, "ExcludedMembers"),
      endpointName: names.custom(identifier),
      tags: validateTags(input.Tags),
    };
    if (endpoint.staticMembers.length && endpoint.excludedMembers.length) {
      throw new RdsFault("InvalidParameterCombination", "StaticMembers and ExcludedMembers cannot both be specified.");
    }
    const target = this.target(cluster, endpoint);
    state.customEndpoints.set(identifier, endpoint);
    try {
      await endpoints.create(endpoint.endpointName, serverAddress(target.node!));
    } catch (error) {
      state.customEndpoints.delete(identifier);
      throw error;
    }
    return customEndpointOutput(this.context, endpoint, "available");
  }

  describeDbClusterEndpoints(input: RdsInput): RdsOutput {
    const { state } = this.context;
    const clusters = input.DBClusterIdentifier ? [this.auroraCluster(String(input.DBClusterIdentifier))] : [...state.clusters.values()].filter((cluster) => !isInstanceGroup(cluster));
    // RDS lists each cluster's own writer and reader endpoints too, then the custom ones.
    let listed: Array<Record<string, unknown>> = clusters.flatMap((cluster) => [
      builtInEndpointOutput(this.context, cluster, "WRITER"),
      builtInEndpointOutput(this.context, cluster, "READER"),
      ...[...state.customEndpoints.values()].filter((endpoint) => endpoint.clusterIdentifier === cluster.identifier).map((endpoint) => customEndpointOutput(this.context, endpoint, "available")),
    ]);
    if (input.DBClusterEndpointIdentifier) {
      const wanted = String(input.DBClusterEndpointIdentifier).toLowerCase();
      listed = listed.filter((endpoint) => endpoint.DBClusterEndpointIdentifier === wanted);
      if (!listed.length) throw new RdsFault("DBClusterEndpointNotFoundFault", `DBClusterEndpoint ${wanted} not found.`, 400);
    }
    listed = applyFilters(listed, input.Filters, {
      "db-cluster-endpoint-type": (endpoint) => [String(endpoint.EndpointType)],
      "db-cluster-endpoint-custom-type": (endpoint) => (endpoint.CustomEndpointType ? [String(endpoint.CustomEndpointType)] : []),
      "db-cluster-endpoint-id": (endpoint) => [String(endpoint.DBClusterEndpointIdentifier ?? "")],
      "db-cluster-endpoint-status": (endpoint) => [String(endpoint.Status)],
    });
    const { page, Marker } = paginate(listed, input);
    return { DBClusterEndpoints: page, ...(Marker ? { Marker } : {}) };
  }

  async modifyDbClusterEndpoint(input: RdsInput): Promise<RdsOutput> {
    const endpoint = this.context.state.customEndpoint(requireString(input.DBClusterEndpointIdentifier, "DBClusterEndpointIdentifier"));
    const cluster = this.context.state.cluster(endpoint.clusterIdentifier);
    const changed: CustomEndpoint = {
      ...endpoint,
      ...(input.EndpointType !== undefined ? { type: customType(input.EndpointType) } : {}),
      ...(input.StaticMembers !== undefined ? { staticMembers: this.members(cluster, input.StaticMembers, "StaticMembers"), excludedMembers: [] } : {}),
      ...(input.ExcludedMembers !== undefined ? { excludedMembers: this.members(cluster, input.ExcludedMembers, "ExcludedMembers"), staticMembers: [] } : {}),
    };
    const target = this.target(cluster, changed);
    Object.assign(endpoint, changed);
    this.context.endpoints.repoint(endpoint.endpointName, serverAddress(target.node!));
    return customEndpointOutput(this.context, endpoint, "available");
  }

  async deleteDbClusterEndpoint(input: RdsInput): Promise<RdsOutput> {
    const { state, endpoints } = this.context;
    const endpoint = state.customEndpoint(requireString(input.DBClusterEndpointIdentifier, "DBClusterEndpointIdentifier"));
    const output = customEndpointOutput(this.context, endpoint, "deleting");
    state.customEndpoints.delete(endpoint.identifier);
    await endpoints.remove(endpoint.endpointName);
    return output;
  }

  /** Custom endpoints are Aurora's: an RDS for MySQL/MariaDB instance group has none. */
  private auroraCluster(identifier: string): DbCluster {
    const cluster = this.context.state.cluster(identifier);
    if (isInstanceGroup(cluster)) throw new RdsFault("DBClusterNotFoundFault", `DBCluster ${identifier} not found.`, 404);
    return cluster;
  }

  private members(cluster: DbCluster, value: unknown, parameter: string): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((member) => typeof member !== "string")) throw new RdsFault("InvalidParameterValue", `${parameter} must be a list of DB instance identifiers.`);
    const members = (value as string[]).map((member) => member.toLowerCase());
    const strangers = members.filter((member) => !cluster.members.includes(member));
    if (strangers.length) throw new RdsFault("InvalidParameterValue", `${parameter}: ${strangers.join(", ")} ${strangers.length === 1 ? "is" : "are"} not a DB instance of cluster ${cluster.identifier}.`);
    return members;
  }

  /** The member the endpoint leads to; refused when none can serve it (RDS would leave it without targets). */
  private target(cluster: DbCluster, endpoint: Pick<CustomEndpoint, "type" | "staticMembers" | "excludedMembers" | "identifier">): DbInstance {
    const target = eligibleMembers(this.context, cluster, endpoint)[0];
    if (!target) {
      throw new RdsFault(
        "InvalidParameterValue",
        `Custom endpoint ${endpoint.identifier} would have no DB instance of cluster ${cluster.identifier} to lead to (type ${endpoint.type}${endpoint.staticMembers.length ? `, static members ${endpoint.staticMembers.join(", ")}` : ""}${endpoint.excludedMembers.length ? `, excluding ${endpoint.excludedMembers.join(", ")}` : ""}); this fake serves a custom endpoint only with at least one member running.`,
      );
    }
    return target;
  }
}

function customType(value: unknown): "READER" | "ANY" {
  const type = requireString(value, "EndpointType").toUpperCase();
  if (!(CUSTOM_TYPES as readonly string[]).includes(type)) throw new RdsFault("InvalidParameterValue", `Invalid endpoint type ${String(value)}: a custom endpoint is READER or ANY.`);
  return type as "READER" | "ANY";
}

function customEndpointOutput(context: ModelContext, endpoint: CustomEndpoint, status: string): Record<string, unknown> {
  return {
    DBClusterEndpointIdentifier: endpoint.identifier,
    DBClusterIdentifier: endpoint.clusterIdentifier,
    DBClusterEndpointResourceIdentifier: endpoint.resourceId,
    Endpoint: context.endpoints.lookup(endpoint.endpointName)?.address ?? endpoint.endpointName,
    Status: status,
    EndpointType: "CUSTOM",
    CustomEndpointType: endpoint.type,
    StaticMembers: endpoint.staticMembers,
    ExcludedMembers: endpoint.excludedMembers,
    DBClusterEndpointArn: endpoint.arn,
  };
}

function builtInEndpointOutput(context: ModelContext, cluster: DbCluster, type: "WRITER" | "READER"): Record<string, unknown> {
  const name = type === "WRITER" ? cluster.endpointName : cluster.readerEndpointName;
  return {
    DBClusterIdentifier: cluster.identifier,
    Endpoint: context.endpoints.lookup(name)?.address ?? name,
    Status: "available",
    EndpointType: type,
  };
}
