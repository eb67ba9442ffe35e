import type { Connection } from "mysql2/promise";
import { startFakeRdsService, type StartedFakeRds } from "../../fakes/rds/fake-rds-service.ts";
import { typedRdsApi, type TypedRdsApi } from "../../fakes/rds/typed-api.ts";
import type { ScenarioContext } from "../../harness/scenario/scenario.ts";
import { generateCredentials } from "../../harness/secrets/credentials.ts";
import { openConnection, type ConnectionTarget } from "../../harness/sql/mysql-session.ts";

export interface ScenarioRds {
  service: StartedFakeRds;
  rds: TypedRdsApi;
  /** The blue cluster the scenario starts from. */
  cluster: NonNullable<StartedFakeRds["cluster"]>;
  /** The master user at a cluster's (writer) endpoint, by the cluster's current name (default: the blue cluster's). */
  target(clusterIdentifier?: string): ConnectionTarget;
  connect(clusterIdentifier?: string): Promise<Connection>;
  stop(): Promise<void>;
}

/**
 * The fake RDS with one cluster (writer only unless `readers` is given), labelled with the scenario's
 * run: what the RDS scenarios start from.
 */
export async function startScenarioRds(context: ScenarioContext, clusterIdentifier: string, options: { readers?: number } = {}): Promise<ScenarioRds> {
  const service = await startFakeRdsService({
    engine: context.engine,
    cluster: { identifier: clusterIdentifier, readers: options.readers ?? 0, masterUsername: "admin", masterPassword: generateCredentials().rootPassword },
    model: { runId: context.runId },
  });
  const cluster = service.cluster!;
  const target = (identifier = clusterIdentifier): ConnectionTarget => {
    const port = service.model.context.endpoints.lookup(service.model.state.cluster(identifier).endpointName)!.port;
    return { host: "127.0.0.1", port, user: cluster.masterUsername, password: cluster.masterPassword };
  };
  return { service, rds: typedRdsApi(service.model), cluster, target, connect: (identifier) => openConnection(target(identifier)), stop: () => service.stop() };
}
