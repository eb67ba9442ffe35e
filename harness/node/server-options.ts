import type { ServerOptions } from "../engine/dialect.ts";
import { MYSQL_PORT, NODE_PATHS } from "./node-paths.ts";

/**
 * Aurora-like settings for a rehearsal node: row-based binary logging under Aurora's file names,
 * GTIDs on, replicas logging what they apply (green's writer feeds green's reader), 7 days of binary
 * logs, a network cut noticed within seconds, and memory sized for several environments on one small machine.
 */
export function defaultServerOptions(serverId: number): ServerOptions {
  return {
    serverId,
    port: MYSQL_PORT,
    datadir: NODE_PATHS.datadir,
    socket: NODE_PATHS.socket,
    initFile: NODE_PATHS.initFile,
    binlogBasename: "mysql-bin-changelog",
    binlogFormat: "ROW",
    binlogExpireSeconds: 7 * 24 * 3600,
    gtid: true,
    logReplicaUpdates: true,
    replicaNetTimeoutSeconds: 5,
    typeConversions: "",
    readOnly: false,
    compactMemory: true,
  };
}
