import path from "node:path";
import type { ActionName, FaultName, RehearsalDefinition, RehearsalStep, StepAssertion } from "./rehearsal-definition.ts";

type Files = string | string[];
type Parameters = Record<string, string | number | boolean>;

/** The file's data as the JSON Schema has already accepted it (kebab-case keys, as written). */
export interface RawRehearsal {
  name: string;
  id?: string;
  description?: string;
  engine?: string;
  cluster: { name: string; readers?: number; parameters?: Parameters; "instance-parameters"?: Parameters; "binlog-retention-hours"?: number };
  database?: string;
  schema: Files;
  data?: { rows?: number | Record<string, number>; files?: Files };
  workload?: { tables?: string[]; writers?: number; rate?: number };
  green?: { sql?: Files; parameters?: Parameters; "instance-parameters"?: Parameters };
  timeouts?: { "step-seconds"?: number };
  "rollback-window-hours"?: number;
  steps: RawStep[];
  expect?: {
    "no-lost-writes"?: boolean | { on?: string };
    "tables-equal"?: [string, string];
    "tables-differ"?: [string, string];
    "max-write-outage-seconds"?: number;
    fails?: Array<{ step: string; with: string }>;
  };
}

export interface RawStep {
  name?: string;
  run?: string;
  env?: Record<string, string>;
  sql?: string;
  on?: string;
  action?: ActionName;
  with?: Record<string, unknown>;
  fault?: FaultName;
  at?: { "switchover-phase"?: string };
  assert?: { "deployment-status"?: string; replication?: StepAssertion["replication"]; "replication-error"?: number; query?: string; equals?: StepAssertion["equals"]; on?: string };
  "wait-seconds"?: number;
  "timeout-seconds"?: number;
}

export const DEFAULT_STEP_TIMEOUT_SECONDS = 600;

/** Fills in defaults, resolves paths against the file's folder and names every step. */
export function normalizeRehearsal(raw: RawRehearsal, file: string, lineOf: (segments: Array<string | number>) => number): RehearsalDefinition {
  const folder = path.dirname(file);
  const files = (value: Files | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]).map((each) => path.resolve(folder, each));
  const stepTimeoutSeconds = raw.timeouts?.["step-seconds"] ?? DEFAULT_STEP_TIMEOUT_SECONDS;
  const steps = raw.steps.map((step, position) => normalizeStep(step, position, lineOf(["steps", position]), stepTimeoutSeconds, folder));
  // An unnamed step is called by what it does; two that do the same get their position too.
  const uses = new Map<string, number>();
  for (const step of steps) uses.set(step.name, (uses.get(step.name) ?? 0) + 1);
  for (const step of steps) if (raw.steps[step.index - 1]!.name === undefined && uses.get(step.name)! > 1) step.name = `${step.name} (step ${step.index})`;
  const noLost = raw.expect?.["no-lost-writes"];
  return {
    file,
    folder,
    id: raw.id ?? scenarioIdOf(file),
    name: raw.name,
    ...(raw.description === undefined ? {} : { description: raw.description }),
    ...(raw.engine === undefined ? {} : { engine: raw.engine }),
    cluster: {
      name: raw.cluster.name,
      readers: raw.cluster.readers ?? 0,
      parameters: strings(raw.cluster.parameters),
      instanceParameters: strings(raw.cluster["instance-parameters"]),
      ...(raw.cluster["binlog-retention-hours"] === undefined ? {} : { binlogRetentionHours: raw.cluster["binlog-retention-hours"] }),
    },
    database: raw.database ?? raw.cluster.name.replace(/-/g, "_"),
    schema: files(raw.schema),
    data: { ...(raw.data?.rows === undefined ? {} : { rows: raw.data.rows }), files: files(raw.data?.files) },
    ...(raw.workload ? { workload: { writers: raw.workload.writers ?? 2, ...(raw.workload.tables ? { tables: raw.workload.tables } : {}), ...(raw.workload.rate ? { rate: raw.workload.rate } : {}) } } : {}),
    green: { sql: files(raw.green?.sql), parameters: strings(raw.green?.parameters), instanceParameters: strings(raw.green?.["instance-parameters"]) },
    stepTimeoutSeconds,
    ...(raw["rollback-window-hours"] === undefined ? {} : { rollbackWindowHours: raw["rollback-window-hours"] }),
    steps,
    expect: {
      ...(noLost === undefined || noLost === false ? {} : { noLostWrites: { on: (typeof noLost === "object" ? noLost.on : undefined) ?? "cluster" } }),
      ...(raw.expect?.["tables-equal"] ? { tablesEqual: raw.expect["tables-equal"] } : {}),
      ...(raw.expect?.["tables-differ"] ? { tablesDiffer: raw.expect["tables-differ"] } : {}),
      ...(raw.expect?.["max-write-outage-seconds"] === undefined ? {} : { maxWriteOutageSeconds: raw.expect["max-write-outage-seconds"] }),
      fails: raw.expect?.fails ?? [],
    },
  };
}

function normalizeStep(step: RawStep, position: number, line: number, defaultTimeout: number, folder: string): RehearsalStep {
  const index = position + 1;
  const base = { index, line, timeoutSeconds: step["timeout-seconds"] ?? defaultTimeout };
  const named = (label: string) => step.name ?? label;
  if (step.run !== undefined) return { ...base, kind: "run", name: named(firstLine(step.run)), command: step.run, env: step.env ?? {} };
  if (step.sql !== undefined) return { ...base, kind: "sql", name: named(`${path.basename(step.sql)} on ${step.on}`), file: path.resolve(folder, step.sql), on: step.on! };
  if (step.action !== undefined) return { ...base, kind: "action", name: named(step.action), action: step.action, with: step.with ?? {} };
  if (step.fault !== undefined) {
    const phase = step.at?.["switchover-phase"];
    return { ...base, kind: "fault", name: named(`${step.fault} ${step.on}${phase ? ` at ${phase}` : ""}`), fault: step.fault, on: step.on!, ...(phase ? { atSwitchoverPhase: phase } : {}) };
  }
  const raw = step.assert!;
  const assert: StepAssertion = {
    ...(raw["deployment-status"] === undefined ? {} : { deploymentStatus: raw["deployment-status"] }),
    ...(raw.replication === undefined ? {} : { replication: raw.replication }),
    ...(raw["replication-error"] === undefined ? {} : { replicationError: raw["replication-error"] }),
    ...(raw.query === undefined ? {} : { query: raw.query }),
    ...("equals" in raw ? { equals: raw.equals ?? null } : {}),
    ...(raw.on === undefined ? {} : { on: raw.on }),
  };
  return { ...base, kind: "assert", name: named(`assert ${Object.keys(raw).join(", ")}`), assert, waitSeconds: step["wait-seconds"] ?? 0 };
}

/** A scenario id from the file's name: `rehearsals/Orders Widening.yaml` -> `orders-widening`. */
export function scenarioIdOf(file: string): string {
  const base = path.basename(file).replace(/\.ya?ml$/i, "");
  const stem = base === "rehearsal" ? path.basename(path.dirname(file)) : base;
  return stem.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "rehearsal";
}

function strings(parameters: Parameters | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(parameters ?? {}).map(([key, value]) => [key, String(value)]));
}

function firstLine(command: string): string {
  const line = command.trim().split("\n")[0]!;
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
