import type { EngineImage } from "../../harness/images/engine-image.ts";
import { waitUntil } from "../../harness/wait/wait-until.ts";
import { FAST_PACING, REALISTIC_PACING } from "./model/clock.ts";
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
}

export interface StartedFakeRds {
  model: RdsModel;
  /** The RDS API endpoint (http://127.0.0.1:PORT). */
  url: string;
  cluster?: { identifier: string; arn: string; port: number; readerPort: number; masterUsername: string; masterPassword: string };
  stop(): Promise<void>;
}

export const BLUE_GREEN_PARAMETER_GROUP = "bgh-binlog-enabled";

/**
 * The fake RDS as a service: the model over real MySQL, its HTTP endpoint, and optionally an Aurora
 * cluster with a custom cluster parameter group that has binary logging on, so that a blue/green
 * deployment can be created from it at once. What `bgh up` runs; usable from tests too.
 */
export async function startFakeRdsService(options: FakeRdsServiceOptions): Promise<StartedFakeRds> {
  const model = new RdsModel({ engine: options.engine, pacing: options.realistic ? REALISTIC_PACING : FAST_PACING, ...options.model });
  const server = new RdsHttpServer(model, { port: options.port ?? 0 });
  const stop = async () => {
    await server.stop();
    await model.shutdown();
  };
  try {
    const { url } = await server.start();
    if (!options.cluster) return { model, url, stop };
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
      const readerPort = model.context.endpoints.lookup(model.state.cluster(spec.identifier).readerEndpointName)?.port;
      return described.Status === "available" && described.Port && readerPort ? { done: true, value: { described, readerPort } } : { done: false, state: String(described.Status) };
    });
    return {
      model,
      url,
      cluster: {
        identifier: spec.identifier,
        arn: String(cluster.described.DBClusterArn),
        port: Number(cluster.described.Port),
        readerPort: cluster.readerPort,
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
