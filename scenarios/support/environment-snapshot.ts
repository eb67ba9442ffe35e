import { messageOf } from "../../harness/errors/harness-error.ts";
import type { ScenarioRds } from "./scenario-rds.ts";

/** Where a cluster endpoint leads, as an application connected to it sees it. */
export type EndpointView = { serverUuid: string; readOnly: boolean; superReadOnly: boolean } | { unreachable: string };

/**
 * "Neither environment changed" (seed 002) in an application's terms: the same cluster names, the
 * deployment's source and target unchanged, each cluster endpoint leading to the same server with the
 * same read-only state. Taken before a switchover and after it was refused or rolled back.
 */
export interface EnvironmentSnapshot {
  clusters: string[];
  source: string;
  target: string;
  blue: { cluster: string; endpoint: EndpointView };
  green: { cluster: string; endpoint: EndpointView };
}

export async function snapshotEnvironments(fake: ScenarioRds, deploymentId: string): Promise<EnvironmentSnapshot> {
  const { BlueGreenDeployments } = await fake.rds.describeBlueGreenDeployments({ BlueGreenDeploymentIdentifier: deploymentId });
  const deployment = BlueGreenDeployments![0]!;
  const { DBClusters } = await fake.rds.describeDBClusters({});
  const [blue, green] = [deployment.Source!, deployment.Target!].map((arn) => arn.split(":").at(-1)!) as [string, string];
  return {
    clusters: (DBClusters ?? []).map((cluster) => cluster.DBClusterIdentifier!).sort(),
    source: deployment.Source!,
    target: deployment.Target!,
    blue: { cluster: blue, endpoint: await endpointView(fake, blue) },
    green: { cluster: green, endpoint: await endpointView(fake, green) },
  };
}

async function endpointView(fake: ScenarioRds, cluster: string): Promise<EndpointView> {
  try {
    const connection = await fake.connect(cluster);
    try {
      const dialect = fake.service.model.context.fleet.engine.dialect;
      const [rows] = (await connection.query(`SELECT ${dialect.serverIdentityExpression} AS uuid, @@GLOBAL.read_only AS ro, @@GLOBAL.${dialect.writeFenceVariable} AS sro`)) as unknown as [[{ uuid: string; ro: number | string; sro: number | string }]];
      return { serverUuid: rows[0].uuid, readOnly: Number(rows[0].ro) === 1, superReadOnly: Number(rows[0].sro) === 1 };
    } finally {
      await connection.end().catch(() => undefined);
    }
  } catch (error) {
    return { unreachable: messageOf(error).split("\n")[0]! };
  }
}

/** Same names, same deployment members, each endpoint leading to the same server in the same read-only state. */
export function sameEnvironments(before: EnvironmentSnapshot, after: EnvironmentSnapshot): boolean {
  return JSON.stringify(before) === JSON.stringify(after);
}

/** Blue's endpoint leads to a writable server and green's to a read-only one: the state before any switchover. */
export function blueWritableGreenReadOnly(snapshot: EnvironmentSnapshot): boolean {
  const { blue, green } = snapshot;
  return "serverUuid" in blue.endpoint && !blue.endpoint.readOnly && !blue.endpoint.superReadOnly && "serverUuid" in green.endpoint && green.endpoint.readOnly;
}

export function describeSnapshot(snapshot: EnvironmentSnapshot): string {
  const view = (side: EnvironmentSnapshot["blue"]) =>
    "unreachable" in side.endpoint ? `${side.cluster} -> unreachable (${side.endpoint.unreachable})` : `${side.cluster} -> ${side.endpoint.serverUuid.slice(0, 8)} (${side.endpoint.superReadOnly ? "super-read-only" : side.endpoint.readOnly ? "read-only" : "writable"})`;
  return `clusters ${snapshot.clusters.join(", ")}; ${view(snapshot.blue)}; ${view(snapshot.green)}`;
}
