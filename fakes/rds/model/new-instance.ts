import { arn } from "./arn.ts";
import { newResourceId } from "./identifiers.ts";
import type { ModelContext } from "./model-context.ts";
import type { DbCluster, DbInstance } from "./resources.ts";
import { validateTags } from "./tags.ts";

/** What differs between an Aurora cluster member and an RDS for MySQL/MariaDB instance at creation. */
export interface NewInstanceFields {
  identifier: string;
  instanceClass: string;
  parameterGroupName: string;
  runningBinlogFormat: string;
  promotionTier: number;
  tags: unknown;
}

/**
 * A DB instance registered as creating in its cluster (or replication group), and what settles its
 * `ready` once its server is up or has failed. Cluster members and standalone instances are both made
 * here, so the two shapes cannot drift apart.
 */
export function registerNewInstance(context: ModelContext, cluster: DbCluster, fields: NewInstanceFields): [DbInstance, () => void] {
  const { state, names } = context;
  let settle!: () => void;
  const instance: DbInstance = {
    identifier: fields.identifier,
    resourceId: newResourceId("db"),
    arn: arn(state.location, "db", fields.identifier),
    clusterIdentifier: cluster.identifier,
    instanceClass: fields.instanceClass,
    status: "creating",
    parameterGroupName: fields.parameterGroupName,
    pendingReboot: false,
    runningBinlogFormat: fields.runningBinlogFormat,
    promotionTier: fields.promotionTier,
    createdAt: state.clock.now(),
    tags: validateTags(fields.tags),
    endpointName: names.instance(fields.identifier),
    ready: new Promise<void>((resolve) => (settle = resolve)),
  };
  state.instances.set(fields.identifier, instance);
  cluster.members.push(fields.identifier);
  return [instance, settle];
}
