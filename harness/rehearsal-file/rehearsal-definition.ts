/**
 * A rehearsal file as bgh understands it once read and validated: paths resolved against the file's
 * folder, defaults filled in, every step named. Nothing here knows YAML or the fake RDS.
 */
export interface RehearsalDefinition {
  /** The file it came from (absolute), and its folder (where relative paths and shell steps start). */
  file: string;
  folder: string;
  id: string;
  name: string;
  description?: string;
  engine?: string;
  cluster: {
    name: string;
    readers: number;
    parameters: Record<string, string>;
    instanceParameters: Record<string, string>;
    binlogRetentionHours?: number;
  };
  /** The database the schema files load into when they do not choose one themselves. */
  database: string;
  schema: string[];
  data: { rows?: number | Record<string, number>; files: string[] };
  workload?: { tables?: string[]; writers: number; rate?: number };
  green: { sql: string[]; parameters: Record<string, string>; instanceParameters: Record<string, string> };
  stepTimeoutSeconds: number;
  /** How long after the switchover a rollback must stay possible (bgh plan holds binlog retention to it). */
  rollbackWindowHours?: number;
  steps: RehearsalStep[];
  expect: RehearsalExpectations;
}

interface StepBase {
  /** Given in the file, or made from the step's kind and position ("3: switchover"). */
  name: string;
  /** 1-based position in the file, for messages. */
  index: number;
  /** Where the step starts in the file. */
  line: number;
  timeoutSeconds: number;
}

export type RehearsalStep =
  | (StepBase & { kind: "run"; command: string; env: Record<string, string> })
  | (StepBase & { kind: "sql"; file: string; on: string })
  | (StepBase & { kind: "action"; action: ActionName; with: Record<string, unknown> })
  | (StepBase & { kind: "fault"; fault: FaultName; on: string; atSwitchoverPhase?: string })
  | (StepBase & { kind: "assert"; assert: StepAssertion; waitSeconds: number });

export interface StepAssertion {
  deploymentStatus?: string;
  replication?: "running" | "stopped" | "error" | "none";
  replicationError?: number;
  query?: string;
  equals?: string | number | boolean | null;
  on?: string;
}

export interface RehearsalExpectations {
  /** Verify the ledger on this endpoint (undefined: no ledger expectation). */
  noLostWrites?: { on: string };
  tablesEqual?: [string, string];
  /** A rehearsal that shows a silent change passes when these two differ. */
  tablesDiffer?: [string, string];
  maxWriteOutageSeconds?: number;
  fails: Array<{ step: string; with: string }>;
}

export const ACTION_NAMES = [
  "create-deployment",
  "change-green",
  "wait",
  "switchover",
  "reverse-replication",
  "move-application-back",
  "restore-safe-point",
  "purge-binlogs",
  "delete-deployment",
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

export const FAULT_NAMES = ["cut", "kill", "pause", "restart", "heal"] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

/**
 * What each action accepts under `with:` (and what it means), so that a misspelt option is named
 * with the valid ones rather than ignored.
 */
export const ACTION_OPTIONS: Record<ActionName, Record<string, string>> = {
  "create-deployment": { name: "the deployment's name (default: <cluster>-bg)" },
  "change-green": { replication: "stopped (default: stopped around green's SQL, as seed 001 does) or as-is (the SQL stops it itself)" },
  wait: { status: "the deployment status to wait for, e.g. AVAILABLE", "caught-up": "an endpoint whose replication must catch up (e.g. green): within 2 s of its source now, as an operator checks lag before a switchover" },
  switchover: { "timeout-seconds": "SwitchoverTimeout (30-3600, default 300)" },
  "reverse-replication": { from: "coordinates (default: the switchover event's) or auto-position", "type-conversions": "replica_type_conversions set on old blue first", on: "the endpoint that replicates back (default: blue)" },
  "move-application-back": { to: "the endpoint the application moves to (default: blue)", rollback: "true (default): seed 000's cut-back first (new primary read-only, catch-up, rds_stop_replication, rds_reset_external_master); false: the runbook did it, only the application moves" },
  "restore-safe-point": { name: "the restored copy's name (default: <cluster>-restored)", from: "the endpoint copied (default: cluster)" },
  "purge-binlogs": { on: "the endpoint whose binary logs are purged (default: cluster)" },
  "delete-deployment": {},
};

/** Endpoint names a step or expectation may use besides the blue cluster's instance identifiers. */
export const ENDPOINT_NAMES: Record<string, string> = {
  cluster: "the cluster endpoint the application uses (blue before switchover, the new primary after)",
  reader: "the cluster's reader endpoint",
  blue: "blue's writer, whatever its cluster is called (old blue after switchover)",
  green: "green's writer (the new primary after switchover)",
  "blue-reader": "blue's reader endpoint",
  "green-reader": "green's reader endpoint",
  restored: "the copy restore-safe-point made",
};

/** The blue cluster's instance identifiers, as the fake RDS names them. */
export function blueInstanceNames(cluster: { name: string; readers: number }): string[] {
  return Array.from({ length: cluster.readers + 1 }, (_, index) => `${cluster.name}-instance-${index + 1}`);
}

export function validEndpointNames(cluster: { name: string; readers: number }): string[] {
  return [...Object.keys(ENDPOINT_NAMES), ...blueInstanceNames(cluster)];
}
