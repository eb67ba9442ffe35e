import type { Connection } from "mysql2/promise";
import { startFakeRdsService, type StartedFakeRds } from "../../fakes/rds/fake-rds-service.ts";
import type { EndpointServing } from "../../fakes/rds/backing/endpoint-serving.ts";
import type { RdsModelOptions } from "../../fakes/rds/model/rds-model.ts";
import { typedRdsApi, type TypedRdsApi } from "../../fakes/rds/typed-api.ts";
import { recorderOf, type ScenarioContext } from "../../harness/scenario/scenario.ts";
import type { ConnectionDetails } from "../../harness/scenario/scenario-environment.ts";
import type { ScenarioRecorder } from "../../harness/scenario/scenario-recorder.ts";
import { generateCredentials } from "../../harness/secrets/credentials.ts";
import { openConnection, type ConnectionTarget } from "../../harness/sql/mysql-session.ts";
import { recordRds } from "./record-rds.ts";

export interface ScenarioRds {
  service: StartedFakeRds;
  rds: TypedRdsApi;
  /** The scenario's recorder (journeys record their phases on it). */
  record: ScenarioRecorder;
  /** The blue cluster the scenario starts from. */
  cluster: NonNullable<StartedFakeRds["cluster"]>;
  /** The master user at a cluster's (writer) endpoint, by the cluster's current name (default: the blue cluster's). */
  target(clusterIdentifier?: string): ConnectionTarget;
  connect(clusterIdentifier?: string): Promise<Connection>;
  stop(): Promise<void>;
  /** The same as stop(), under the name usingEnvironment (and `--keep`) expects. */
  remove(): Promise<void>;
  /** Every cluster's writer and reader endpoint and the RDS API, for `--keep`. */
  connectionDetails(): ConnectionDetails;
}

/**
 * The fake RDS with one cluster (writer only unless `readers` is given), labelled with the scenario's
 * run: what the RDS scenarios start from. `model` passes the model's own options (guardrail thresholds, pacing).
 */
export async function startScenarioRds(
  context: ScenarioContext,
  clusterIdentifier: string,
  options: { readers?: number; model?: Omit<Partial<RdsModelOptions>, "engine" | "runId">; endpoints?: EndpointServing; engine?: "aurora-mysql" | "mysql" | "mariadb"; engineVersion?: string } = {},
): Promise<ScenarioRds> {
  const service = await startFakeRdsService({
    engine: context.engine,
    ...(options.endpoints ? { endpoints: options.endpoints } : {}),
    cluster: {
      identifier: clusterIdentifier,
      readers: options.readers ?? 0,
      masterUsername: "admin",
      masterPassword: generateCredentials().rootPassword,
      ...(options.engine ? { engine: options.engine } : {}),
      ...(options.engineVersion ? { engineVersion: options.engineVersion } : {}),
    },
    model: { ...options.model, runId: context.runId },
  });
  // The report's timeline: RDS events, switchover steps and every replica's lag, from the start.
  const record = recorderOf(context);
  const stopRecording = recordRds(record, service);
  const cluster = service.cluster!;
  const { state, context: model } = service.model;
  const target = (identifier = clusterIdentifier): ConnectionTarget => {
    // Its RDS host name when names are served, else 127.0.0.1 and the endpoint's port.
    const { address: host, port } = model.endpoints.lookup(state.cluster(identifier).endpointName)!;
    return { host, port, user: cluster.masterUsername, password: cluster.masterPassword };
  };
  const stop = async () => {
    await stopRecording();
    await service.stop();
  };
  const connectionDetails = (): ConnectionDetails => ({
    rdsEndpoint: service.url,
    endpoints: [...state.clusters.values()].flatMap((each) =>
      [
        { name: `${each.identifier} (writer)`, endpoint: each.endpointName },
        { name: `${each.identifier} (reader)`, endpoint: each.readerEndpointName },
      ].flatMap(({ name, endpoint }) => {
        const served = model.endpoints.lookup(endpoint);
        return served ? [{ name, host: served.address, port: served.port, user: cluster.masterUsername, password: cluster.masterPassword }] : [];
      }),
    ),
  });
  const connect = (identifier = clusterIdentifier): Promise<Connection> => openConnection(target(identifier));
  return { service, rds: typedRdsApi(service.model), record, cluster, target, connect, stop, remove: stop, connectionDetails };
}
