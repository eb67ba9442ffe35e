import type { EngineImage } from "../../harness/images/engine-image.ts";
import { waitUntil } from "../../harness/wait/wait-until.ts";
import { newRunId } from "../../harness/lifecycle/run-id.ts";
import { chooseEndpointServing, endpointServingFromEnv, type EndpointServing } from "./backing/endpoint-serving.ts";
import { FAST_PACING, REALISTIC_PACING } from "./model/clock.ts";
import { DEFAULT_TOPOLOGY_SCALE, scaledTimeline } from "./topology/topology-timeline.ts";
import { RdsModel, type RdsModelOptions } from "./model/rds-model.ts";
import { RdsHttpServer } from "./wire/rds-http-server.ts";

export interface FakeRdsServiceOptions {
  engine: EngineImage;
  /** Port of the RDS API on 127.0.0.1 (0: any free port). */
  port?: number;
  /** The blue cluster to start, ready for a blue/green deployment. */
  cluster?: { identifier: string; readers: number; masterUsername: string; masterPassword: string; engine?: "aurora-mysql" | "mysql" | "mariadb"; engineVersion?: string };
  /** Stretch provisioning and switchover to RDS-like durations, for testing a client's timeouts. */
  realistic?: boolean;
  model?: Partial<RdsModelOptions>;
  /**
   * "names": RDS host names on port 3306, resolved through the hosts file, and mysql.rds_topology on
   * the servers during deployments; "ports" (default, or BGH_ENDPOINTS): 127.0.0.1 ports. Names fall
   * back to ports, saying why, where the hosts file cannot be written.
   */
  endpoints?: EndpointServing;
  /** Scale of mysql.rds_topology's timeline (default 0.5; 1 with `realistic`). */
  topologyScale?: number;
}

export interface StartedFakeRds {
  model: RdsModel;
  /** The RDS API endpoint (http://127.0.0.1:PORT). */
  url: string;
  /** How the endpoints are served ("names" only where the hosts file could be written). */
  endpoints: EndpointServing;
  cluster?: {
    identifier: string;
    arn: string;
    /** The writer endpoint's host: its RDS name when names are served, else 127.0.0.1. */
    host: string;
    port: number;
    readerHost: string;
    readerPort: number;
    masterUsername: string;
    masterPassword: string;
  };
  stop(): Promise<void>;
}

export const BLUE_GREEN_PARAMETER_GROUP = "bgh-binlog-enabled";

/**
 * The fake RDS as a service: the model over real MySQL, its HTTP endpoint, and optionally an Aurora
 * cluster with a custom cluster parameter group that has binary logging on, so that a blue/green
 * deployment can be created from it at once. What `bgh up` runs; usable from tests too.
 */
export async function startFakeRdsService(options: FakeRdsServiceOptions): Promise<StartedFakeRds> {
  const runId = options.model?.runId ?? newRunId();
  const timeline = scaledTimeline(options.topologyScale ?? (options.realistic ? 1 : DEFAULT_TOPOLOGY_SCALE));
  const chosen = chooseEndpointServing(options.endpoints ?? endpointServingFromEnv() ?? "ports", runId, timeline);
  const model = new RdsModel({
    engine: options.engine,
    pacing: options.realistic ? REALISTIC_PACING : FAST_PACING,
    ...(chosen.directory ? { endpoints: chosen.directory, topology: timeline } : {}),
    ...options.model,
    runId,
  });
  const server = new RdsHttpServer(model, { port: options.port ?? 0 });
  const stop = async () => {
    await server.stop();
    await model.shutdown();
  };
  try {
    const { url } = await server.start();
    if (!options.cluster) return { model, url, endpoints: chosen.serving, stop };
    const spec = options.cluster;
    await model.handle("CreateDBClusterParameterGroup", { DBClusterParameterGroupName: BLUE_GREEN_PARAMETER_GROUP, DBParameterGroupFamily: "aurora-mysql8.0", Description: "Binary logging on, as blue/green deployments require" });
    await model.handle("ModifyDBClusterParameterGroup", { DBClusterParameterGroupName: BLUE_GREEN_PARAMETER_GROUP, Parameters: [{ ParameterName: "binlog_format", ParameterValue: "ROW", ApplyMethod: "pending-reboot" }] });
    const engine = spec.engine ?? "aurora-mysql";
    await model.handle("CreateDBCluster", { DBClusterIdentifier: spec.identifier, Engine: engine, ...(spec.engineVersion ? { EngineVersion: spec.engineVersion } : {}), MasterUsername: spec.masterUsername, MasterUserPassword: spec.masterPassword, DBClusterParameterGroupName: BLUE_GREEN_PARAMETER_GROUP });
    for (let index = 0; index <= spec.readers; index++) {
      await model.handle("CreateDBInstance", { DBInstanceIdentifier: `${spec.identifier}-instance-${index + 1}`, DBInstanceClass: "db.r6g.large", Engine: engine, DBClusterIdentifier: spec.identifier });
    }
    await model.settled();
    const cluster = await waitUntil({ what: `cluster ${spec.identifier} to be available`, timeoutMs: 180_000 }, async () => {
      const described = ((await model.handle("DescribeDBClusters", { DBClusterIdentifier: spec.identifier })).DBClusters as Array<Record<string, unknown>>)[0]!;
      const reader = model.context.endpoints.lookup(model.state.cluster(spec.identifier).readerEndpointName);
      return described.Status === "available" && described.Port && reader ? { done: true, value: { described, reader } } : { done: false, state: String(described.Status) };
    });
    return {
      model,
      url,
      endpoints: chosen.serving,
      cluster: {
        identifier: spec.identifier,
        arn: String(cluster.described.DBClusterArn),
        host: String(cluster.described.Endpoint),
        port: Number(cluster.described.Port),
        readerHost: cluster.reader.address,
        readerPort: cluster.reader.port,
        masterUsername: spec.masterUsername,
        masterPassword: spec.masterPassword,
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
