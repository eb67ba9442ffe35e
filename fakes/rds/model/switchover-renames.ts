import { arn } from "./arn.ts";
import { applyCustomEndpointRenames, customEndpointMoves, customEndpointRenames } from "./custom-endpoint-lifecycle.ts";
import type { ModelContext } from "./model-context.ts";
import { refreshEndpoints } from "./resource-actions.ts";
import type { DbCluster, DbInstance } from "./resources.ts";

/**
 * The renames of a switchover. Green's cluster and instances take blue's names; blue's get -old<n>.
 * Endpoints follow names (EndpointDirectory.switchNames): served on ports, blue's name keeps its port
 * and green's port goes to the -old name; served by name, blue's name moves to green's address and the
 * -old name takes blue's. Then every endpoint is repointed at the server that now bears its name.
 */
export function swapIdentities(context: ModelContext, blue: DbCluster, green: DbCluster, oldClusterName: string): Array<{ blue: DbInstance; green: DbInstance }> {
  const { state, endpoints, names } = context;
  const pairs = pairInstances(context, blue, green);
  const blueName = blue.identifier;

  const instanceNames = pairs.map(({ blue: blueInstance, green: greenInstance }) => {
    const oldName = nextFreeName(state.instances, `${blueInstance.identifier}-old`);
    return { blueInstance, greenInstance, blueName: blueInstance.identifier, oldName };
  });
  const customRenames = customEndpointRenames(context, blue, green);
  // Instance identifiers before -> after (green's take blue's, blue's take -old<n>), for custom endpoints' members.
  const instanceRenames = new Map(instanceNames.flatMap(({ greenInstance, blueName: name, oldName }) => [[greenInstance.identifier, name] as const, [name, oldName] as const]));
  endpoints.switchNames([
    { blue: blue.endpointName, green: green.endpointName, old: names.cluster(oldClusterName) },
    { blue: blue.readerEndpointName, green: green.readerEndpointName, old: names.reader(oldClusterName) },
    ...instanceNames.map(({ blueInstance, greenInstance, oldName }) => ({ blue: blueInstance.endpointName, green: greenInstance.endpointName, old: names.instance(oldName) })),
    ...customEndpointMoves(context, customRenames),
  ]);

  state.clusters.delete(blue.identifier);
  state.clusters.delete(green.identifier);
  setClusterName(context, green, blueName);
  setClusterName(context, blue, oldClusterName);
  state.clusters.set(green.identifier, green);
  state.clusters.set(blue.identifier, blue);

  for (const { blueInstance, greenInstance } of instanceNames) {
    state.instances.delete(blueInstance.identifier);
    state.instances.delete(greenInstance.identifier);
  }
  for (const { blueInstance, greenInstance, blueName: name, oldName } of instanceNames) {
    setInstanceName(context, greenInstance, green, name);
    setInstanceName(context, blueInstance, blue, oldName);
    state.instances.set(greenInstance.identifier, greenInstance);
    state.instances.set(blueInstance.identifier, blueInstance);
  }
  applyCustomEndpointRenames(context, customRenames, { production: green, old: blue }, instanceRenames);
  refreshEndpoints(context, green);
  refreshEndpoints(context, blue);
  return pairs;
}

/** Blue and green instances in the order of the deployment's switchover details (writer first). */
function pairInstances(context: ModelContext, blue: DbCluster, green: DbCluster): Array<{ blue: DbInstance; green: DbInstance }> {
  const blueInstances = context.state.clusterInstances(blue);
  const greenInstances = context.state.clusterInstances(green);
  return blueInstances.map((blueInstance, index) => ({ blue: blueInstance, green: greenInstances[index]! }));
}

function setClusterName(context: ModelContext, cluster: DbCluster, name: string): void {
  const { state, names } = context;
  const previous = cluster.identifier;
  cluster.identifier = name;
  cluster.arn = arn(state.location, "cluster", name);
  cluster.endpointName = names.cluster(name);
  cluster.readerEndpointName = names.reader(name);
  cluster.members = cluster.members.slice();
  if (previous !== name) for (const member of cluster.members) state.instances.get(member)!.clusterIdentifier = name;
}

function setInstanceName(context: ModelContext, instance: DbInstance, cluster: DbCluster, name: string): void {
  const { state, names } = context;
  cluster.members = cluster.members.map((member) => (member === instance.identifier ? name : member));
  if (cluster.writer === instance.identifier) cluster.writer = name;
  instance.identifier = name;
  instance.arn = arn(state.location, "db", name);
  instance.endpointName = names.instance(name);
  instance.clusterIdentifier = cluster.identifier;
}

/** mydb-old -> mydb-old1, or the next number no key of `map` has yet (mydb-old2, ...): RDS's names for blue after a switchover. */
export function nextFreeName(map: Map<string, unknown>, prefix: string): string {
  for (let n = 1; ; n++) if (!map.has(`${prefix}${n}`)) return `${prefix}${n}`;
}
