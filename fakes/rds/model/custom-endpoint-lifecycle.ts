import { greenName, newResourceId } from "./identifiers.ts";
import { arn } from "./arn.ts";
import { serverAddress, type NameMove } from "./endpoint-directory.ts";
import type { ModelContext } from "./model-context.ts";
import type { CustomEndpoint, DbCluster, DbInstance } from "./resources.ts";

/**
 * Custom endpoints through a cluster's life: which member each leads to, their copies on green
 * (`<id>-green-xxxxxx`, as RDS's CREATE_CUSTOM_ENDPOINTS task makes them), their renames at switchover
 * (green's copy takes blue's name, blue's gets `-old<n>`), and their removal with their cluster.
 */

/** Members a custom endpoint may lead to, by identifier: its static members, else every member not excluded; a READER endpoint never the writer. */
export function eligibleMembers(context: ModelContext, cluster: DbCluster, endpoint: Pick<CustomEndpoint, "type" | "staticMembers" | "excludedMembers">): DbInstance[] {
  return context.state
    .clusterInstances(cluster)
    .filter((instance) => instance.node)
    .filter((instance) => (endpoint.staticMembers.length ? endpoint.staticMembers.includes(instance.identifier) : !endpoint.excludedMembers.includes(instance.identifier)))
    .filter((instance) => endpoint.type === "ANY" || instance.identifier !== cluster.writer)
    .sort((a, b) => a.identifier.localeCompare(b.identifier));
}

/** Points each custom endpoint of the cluster at its first eligible member (after a server moved, say). */
export function refreshCustomEndpoints(context: ModelContext, cluster: DbCluster): void {
  for (const endpoint of context.state.customEndpoints.values()) {
    if (endpoint.clusterIdentifier !== cluster.identifier) continue;
    const target = eligibleMembers(context, cluster, endpoint)[0];
    if (target?.node) context.endpoints.repoint(endpoint.endpointName, serverAddress(target.node));
  }
}


/** The cluster's custom endpoints. */
export function customEndpointsOf(context: ModelContext, cluster: DbCluster): CustomEndpoint[] {
  return [...context.state.customEndpoints.values()].filter((endpoint) => endpoint.clusterIdentifier === cluster.identifier);
}

/** Removes the cluster's custom endpoints and their names (the cluster is being deleted). */
export async function removeCustomEndpointsOf(context: ModelContext, cluster: DbCluster): Promise<void> {
  for (const endpoint of customEndpointsOf(context, cluster)) {
    context.state.customEndpoints.delete(endpoint.identifier);
    await context.endpoints.remove(endpoint.endpointName);
  }
}

/** Green's copy of each of blue's custom endpoints, its members mapped to their green counterparts. */
export async function copyCustomEndpointsToGreen(context: ModelContext, blue: DbCluster, green: DbCluster, pairs: ReadonlyArray<{ blue: DbInstance; green: DbInstance }>): Promise<void> {
  const { state, names, endpoints } = context;
  const counterpart = new Map(pairs.map((pair) => [pair.blue.identifier, pair.green.identifier]));
  const mapped = (members: string[]) => members.map((member) => counterpart.get(member) ?? member);
  for (const original of customEndpointsOf(context, blue)) {
    const identifier = greenName(original.identifier);
    const copy: CustomEndpoint = {
      ...original,
      identifier,
      clusterIdentifier: green.identifier,
      resourceId: newResourceId("cluster").replace(/^cluster-/, "cluster-endpoint-").toLowerCase(),
      arn: arn(state.location, "cluster-endpoint", identifier),
      staticMembers: mapped(original.staticMembers),
      excludedMembers: mapped(original.excludedMembers),
      endpointName: names.custom(identifier),
      tags: [...original.tags],
    };
    const target = eligibleMembers(context, green, copy)[0];
    if (!target?.node) continue;
    state.customEndpoints.set(identifier, copy);
    await endpoints.create(copy.endpointName, serverAddress(target.node));
  }
}

/** One pair of a switchover's custom endpoint renames: blue's endpoint, green's copy, and blue's new -old name. */
export interface CustomEndpointRename {
  blue: CustomEndpoint;
  green: CustomEndpoint;
  oldIdentifier: string;
}

/** Blue's custom endpoints with their green copies, and the -old<n> identifier each of blue's will take. */
export function customEndpointRenames(context: ModelContext, blue: DbCluster, green: DbCluster): CustomEndpointRename[] {
  const greens = customEndpointsOf(context, green);
  return customEndpointsOf(context, blue).flatMap((endpoint) => {
    const copy = greens.find((candidate) => candidate.identifier.replace(/-green-[a-z0-9]{6}$/, "") === endpoint.identifier);
    if (!copy) return [];
    let n = 1;
    while (context.state.customEndpoints.has(`${endpoint.identifier}-old${n}`)) n++;
    return [{ blue: endpoint, green: copy, oldIdentifier: `${endpoint.identifier}-old${n}` }];
  });
}

/** The names' moves for EndpointDirectory.switchNames. */
export function customEndpointMoves(context: ModelContext, renames: readonly CustomEndpointRename[]): NameMove[] {
  return renames.map(({ blue, green, oldIdentifier }) => ({ blue: blue.endpointName, green: green.endpointName, old: context.names.custom(oldIdentifier) }));
}

/**
 * The renames in the model: green's copy takes blue's identifier and name (in the cluster that now
 * bears blue's name), blue's takes the -old one (in old blue's cluster); members follow the instances'
 * new identifiers. Call after the clusters and instances were renamed, with their identifiers before.
 */
export function applyCustomEndpointRenames(
  context: ModelContext,
  renames: readonly CustomEndpointRename[],
  clusters: { production: DbCluster; old: DbCluster },
  instanceRenames: ReadonlyMap<string, string>,
): void {
  const { state, names } = context;
  const renamed = (members: string[]) => members.map((member) => instanceRenames.get(member) ?? member);
  for (const { blue, green, oldIdentifier } of renames) {
    state.customEndpoints.delete(blue.identifier);
    state.customEndpoints.delete(green.identifier);
    const blueIdentifier = blue.identifier;
    Object.assign(green, {
      identifier: blueIdentifier,
      clusterIdentifier: clusters.production.identifier,
      arn: arn(state.location, "cluster-endpoint", blueIdentifier),
      endpointName: names.custom(blueIdentifier),
      staticMembers: renamed(green.staticMembers),
      excludedMembers: renamed(green.excludedMembers),
    });
    Object.assign(blue, {
      identifier: oldIdentifier,
      clusterIdentifier: clusters.old.identifier,
      arn: arn(state.location, "cluster-endpoint", oldIdentifier),
      endpointName: names.custom(oldIdentifier),
      staticMembers: renamed(blue.staticMembers),
      excludedMembers: renamed(blue.excludedMembers),
    });
    state.customEndpoints.set(green.identifier, green);
    state.customEndpoints.set(blue.identifier, blue);
  }
}
