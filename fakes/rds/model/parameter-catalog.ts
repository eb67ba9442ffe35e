/**
 * The Aurora MySQL 3 (family aurora-mysql8.0) parameters the fake knows: the ones blue/green
 * rehearsals touch. Each says whether it is applied to the running server at once (dynamic) or only
 * after a reboot (static), and which server variable it is.
 */
export type ApplyType = "dynamic" | "static";
export type ParameterLevel = "cluster" | "instance";

export interface ParameterDefinition {
  name: string;
  level: ParameterLevel;
  applyType: ApplyType;
  dataType: "string" | "integer" | "boolean";
  /** Aurora's default in the default.aurora-mysql8.0 groups ("" = engine default). */
  defaultValue: string;
  allowedValues?: string;
  description: string;
}

export const PARAMETER_FAMILY = "aurora-mysql8.0";

export const PARAMETERS: ParameterDefinition[] = [
  { name: "binlog_format", level: "cluster", applyType: "static", dataType: "string", defaultValue: "OFF", allowedValues: "ROW,STATEMENT,MIXED,OFF", description: "Binary logging format. OFF disables the binary log (Aurora's default); blue/green deployments need it on." },
  { name: "binlog_row_image", level: "cluster", applyType: "dynamic", dataType: "string", defaultValue: "FULL", allowedValues: "FULL,MINIMAL,NOBLOB", description: "Whether row events log full row images." },
  { name: "replica_type_conversions", level: "cluster", applyType: "dynamic", dataType: "string", defaultValue: "", allowedValues: "ALL_LOSSY,ALL_NON_LOSSY,ALL_SIGNED,ALL_UNSIGNED", description: "Type conversions allowed when a replica's column type differs from the source's (seed 001 sets ALL_NON_LOSSY on green)." },
  { name: "gtid-mode", level: "cluster", applyType: "static", dataType: "string", defaultValue: "OFF_PERMISSIVE", allowedValues: "OFF,OFF_PERMISSIVE,ON_PERMISSIVE,ON", description: "GTID mode." },
  { name: "enforce_gtid_consistency", level: "cluster", applyType: "static", dataType: "string", defaultValue: "OFF", allowedValues: "OFF,ON,WARN", description: "Refuse statements that cannot be logged with GTIDs." },
  { name: "event_scheduler", level: "cluster", applyType: "dynamic", dataType: "string", defaultValue: "OFF", allowedValues: "ON,OFF", description: "Blue/green requires it OFF on green." },
  { name: "read_only", level: "instance", applyType: "dynamic", dataType: "boolean", defaultValue: "{TrueIfReplica}", allowedValues: "0,1", description: "The old primary stays read-only after switchover until this is 0 and it is rebooted." },
  { name: "max_connections", level: "instance", applyType: "dynamic", dataType: "integer", defaultValue: "", allowedValues: "1-16000", description: "Maximum client connections." },
  { name: "long_query_time", level: "instance", applyType: "dynamic", dataType: "integer", defaultValue: "10", allowedValues: "0-31536000", description: "Slow query threshold in seconds." },
];

export function parameterDefinition(name: string, level: ParameterLevel): ParameterDefinition | undefined {
  return PARAMETERS.find((parameter) => parameter.name === name && parameter.level === level);
}

