import type { StartedNetwork } from "testcontainers";
import type { ServerOptions } from "../engine/dialect.ts";
import type { EngineImage } from "../images/engine-image.ts";
import type { NodeCredentials } from "../secrets/credentials.ts";
import type { ClusterNodeSpec } from "./cluster.ts";
import type { CopyMethod } from "./consistent-copy.ts";

export type ReplicationMode = "gtid" | "file-position";

export interface EnvironmentSettings {
  runId: string;
  engine: EngineImage;
  credentials: NodeCredentials;
  readers: boolean;
  replicationMode: ReplicationMode;
  /** Undefined: pristine when blue is untouched, else CLONE where the engine has it, else a consistent dump. */
  copyMethod?: CopyMethod;
  /** Per environment, as Aurora sets it per cluster parameter group. */
  typeConversions: { blue: string; green: string };
  serverOptions: Partial<ServerOptions>;
  cold: boolean;
}

/** Server ids must be unique across everything that replicates: blue's from 1, green's from 101. */
export const BLUE_SERVER_ID_BASE = 1;
export const GREEN_SERVER_ID_BASE = 101;

export function clusterSpec(settings: EnvironmentSettings, network: StartedNetwork, cluster: "blue" | "green", serverIdBase: number): ClusterNodeSpec {
  return {
    engine: settings.engine,
    runId: settings.runId,
    credentials: settings.credentials,
    network,
    cluster,
    reader: settings.readers,
    serverIdBase,
    serverOptions: { gtidDomainId: cluster === "blue" ? 1 : 2, ...settings.serverOptions, typeConversions: settings.typeConversions[cluster] },
    cold: settings.cold,
  };
}

