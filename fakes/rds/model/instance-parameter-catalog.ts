import { PARAMETER_FAMILY, PARAMETERS, type ParameterDefinition, type ParameterLevel } from "./parameter-catalog.ts";

/**
 * The DB parameter groups of RDS for MySQL and RDS for MariaDB (families mysql8.0, mysql8.4,
 * mariadb10.11, ...). With no cluster there, the parameters Aurora keeps in the DB cluster parameter
 * group (binlog_format, replication, GTIDs, the event scheduler) live in the DB parameter group, next to
 * read_only. binlog_format applies after a reboot here (seed 004 saw the target group "pending reboot"
 * after changing it); whether there is a binary log at all depends on automated backups
 * (BackupRetentionPeriod > 0), not on this group.
 */
export const INSTANCE_ENGINES = ["mysql", "mariadb"] as const;
export type InstanceEngine = (typeof INSTANCE_ENGINES)[number];

const instanceParameters = (binlogFormat: string, conversionsName: string): ParameterDefinition[] => [
  { name: "binlog_format", level: "instance", applyType: "static", dataType: "string", defaultValue: binlogFormat, allowedValues: "ROW,STATEMENT,MIXED", description: "Binary logging format (the binary log itself exists while automated backups are on)." },
  { name: "binlog_row_image", level: "instance", applyType: "dynamic", dataType: "string", defaultValue: "FULL", allowedValues: "FULL,MINIMAL,NOBLOB", description: "Whether row events log full row images." },
  { name: conversionsName, level: "instance", applyType: "dynamic", dataType: "string", defaultValue: "", allowedValues: "ALL_LOSSY,ALL_NON_LOSSY,ALL_SIGNED,ALL_UNSIGNED", description: "Type conversions allowed when a replica's column type differs from the source's." },
  { name: "gtid-mode", level: "instance", applyType: "static", dataType: "string", defaultValue: "OFF_PERMISSIVE", allowedValues: "OFF,OFF_PERMISSIVE,ON_PERMISSIVE,ON", description: "GTID mode." },
  { name: "enforce_gtid_consistency", level: "instance", applyType: "static", dataType: "string", defaultValue: "OFF", allowedValues: "OFF,ON,WARN", description: "Refuse statements that cannot be logged with GTIDs." },
  { name: "event_scheduler", level: "instance", applyType: "dynamic", dataType: "string", defaultValue: "OFF", allowedValues: "ON,OFF", description: "Blue/green requires it OFF on green." },
  { name: "read_only", level: "instance", applyType: "dynamic", dataType: "boolean", defaultValue: "{TrueIfReplica}", allowedValues: "0,1", description: "Read replicas and the old primary after a switchover are read-only until this is 0 and they are rebooted." },
  { name: "max_connections", level: "instance", applyType: "dynamic", dataType: "integer", defaultValue: "", allowedValues: "1-16000", description: "Maximum client connections." },
  { name: "long_query_time", level: "instance", applyType: "dynamic", dataType: "integer", defaultValue: "10", allowedValues: "0-31536000", description: "Slow query threshold in seconds." },
];

/** DB parameter group families of RDS for MySQL and MariaDB, with their defaults (MIXED binary logs before MySQL 8.4, ROW from 8.4). */
const FAMILIES: Record<string, ParameterDefinition[]> = {
  "mysql5.7": instanceParameters("MIXED", "replica_type_conversions"),
  "mysql8.0": instanceParameters("MIXED", "replica_type_conversions"),
  "mysql8.4": instanceParameters("ROW", "replica_type_conversions"),
  "mariadb10.6": instanceParameters("MIXED", "replica_type_conversions"),
  "mariadb10.11": instanceParameters("MIXED", "replica_type_conversions"),
  "mariadb11.4": instanceParameters("MIXED", "replica_type_conversions"),
  "mariadb11.8": instanceParameters("MIXED", "replica_type_conversions"),
};

export const INSTANCE_FAMILIES: readonly string[] = Object.keys(FAMILIES);

export function instanceFamilyParameters(family: string): ParameterDefinition[] | undefined {
  return FAMILIES[family];
}

/** The DB parameter group family of an engine version: mysql 8.0.40 -> mysql8.0, mariadb 10.11.9 -> mariadb10.11. */
export function parameterFamilyOf(engine: InstanceEngine, engineVersion: string): string | undefined {
  const [major, minor] = engineVersion.split(".");
  const family = `${engine}${major}.${minor}`;
  return FAMILIES[family] ? family : undefined;
}

/** The parameters of a family's groups at one level: Aurora MySQL 3's, or RDS for MySQL/MariaDB's DB parameter groups. */
export function familyParameters(family: string, level: ParameterLevel): ParameterDefinition[] | undefined {
  if (family === PARAMETER_FAMILY) return PARAMETERS.filter((parameter) => parameter.level === level);
  return level === "instance" ? instanceFamilyParameters(family) : undefined;
}
