import type { ServerOptions } from "../../../harness/engine/dialect.ts";
import type { ParameterGroup } from "./parameter-groups.ts";

/**
 * What a cluster's and an instance's parameter groups mean for the real server. GTIDs are on only when
 * gtid-mode is ON (Aurora's default OFF_PERMISSIVE replicates by file and position); read_only follows
 * the instance group, and green's instances are read-only unless their group says otherwise.
 * binlog_format OFF (Aurora's default: no binary log) is kept as the instance's state, not applied to
 * the server: Aurora readers share the writer's storage, but here readers replicate from the writer's
 * binary log, so every server logs. The refusal it causes (seed 004) is decided from that state.
 */
export function serverSettings(clusterGroup: ParameterGroup, dbGroup: ParameterGroup, role: { replica: boolean }): Partial<ServerOptions> {
  // RDS for MySQL and MariaDB keep the binary log and replication parameters in the DB parameter group.
  const value = (name: string) => (dbGroup.definition(name) ? dbGroup.value(name) : clusterGroup.value(name));
  const binlogFormat = value("binlog_format") ?? "OFF";
  const readOnly = dbGroup.value("read_only") ?? "{TrueIfReplica}";
  return {
    binlogFormat: binlogFormat === "OFF" ? "ROW" : (binlogFormat as ServerOptions["binlogFormat"]),
    gtid: value("gtid-mode") === "ON",
    typeConversions: value("replica_type_conversions") ?? "",
    readOnly: readOnly === "{TrueIfReplica}" ? role.replica : readOnly === "1",
  };
}

/** The server variable and value a dynamic parameter sets, or undefined for one the server does not take at run time. */
export function dynamicSetting(name: string, value: string): { variable: string; value: string } | undefined {
  switch (name) {
    case "replica_type_conversions":
    case "binlog_row_image":
    case "event_scheduler":
    case "max_connections":
    case "long_query_time":
      return value === "" ? undefined : { variable: name, value };
    case "read_only":
      return value === "{TrueIfReplica}" ? undefined : { variable: "read_only", value: value === "1" ? "ON" : "OFF" };
    default:
      return undefined;
  }
}
