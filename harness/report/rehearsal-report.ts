import type { ProfileEntry } from "../profile/time-profile.ts";
import type { ScenarioCheck } from "../scenario/scenario-outcome.ts";
import type { SoakSection } from "./soak-section.ts";

/**
 * What one `bgh rehearse` run records: the data every report file (report.json, junit.xml,
 * summary.md, report.html) is rendered from. Times inside a scenario are milliseconds since that
 * scenario started, so its chart needs no clock arithmetic.
 */
export interface RehearsalReport {
  tool: { name: string; version: string };
  runId: string;
  startedAt: string;
  finishedAt: string;
  /** The command line that replays this run (same scenarios, engine, seed). */
  reproduce: string;
  seed: number;
  engine: {
    requested: string;
    image: string;
    flavor: string;
    version: string;
    dialect: string;
    /** Set when the requested image could not be had and another engine stood in for it. */
    substitution: string | null;
  };
  scenarios: ScenarioReport[];
  /** failed counts scenarios that ran and missed their outcome; notApplicable those that do not apply to the engine (neither). */
  totals: { scenarios: number; reached: number; failed: number; notApplicable: number };
  /** Set for a soak's report: the summary per scenario and the failed runs' replay lines (scenarios then lists every run). */
  soak?: SoakSection;
}

export interface ScenarioReport {
  id: string;
  title: string;
  /** What the scenario declares must happen (its expectation). */
  declaredOutcome: string;
  /** What happened, in one line: "reached", the first failed check, or the error. */
  actualOutcome: string;
  reached: boolean;
  startedAt: string;
  durationMs: number;
  seed: number;
  /** The command line that replays just this scenario. */
  reproduce: string;
  /** Set when the scenario could not run to its end (an exception, not a failed check). */
  error?: string;
  /** Set when the scenario does not apply to the engine that ran (it was not started): why. Neither passed nor failed. */
  notApplicable?: string;
  checks: ScenarioCheck[];
  figures: Record<string, number | string>;
  timeline: ScenarioTimeline;
  /** Differences the checkers found, with sample rows (key and both values). */
  findings: Finding[];
  /** The application's acknowledged writes, verified at the end (absent when the scenario ran no ledger). */
  ledger?: LedgerTotals;
  /** Guardrail results as the fake RDS reported them (absent when no switchover was attempted). */
  guardrails: GuardrailResult[];
  /**
   * Where the time went: per kind of work, the wall-clock time during which at least one piece of it
   * ran (overlaps counted once; kinds may overlap each other), with the longest piece. The phases are
   * in the timeline.
   */
  profile: ProfileEntry[];
  /** RDS events of the scenario's resources, in order. */
  events: Array<{ atMs: number; source: string; message: string }>;
  /** Where the environment was left running (`--keep`), with how to connect and remove it. */
  kept?: KeptEnvironment;
}

export interface ScenarioTimeline {
  phases: Array<{ name: string; startMs: number; endMs: number }>;
  /** Instants worth a marker on the chart: faults injected, guardrail verdicts, notable events. */
  marks: Array<{ atMs: number; kind: "fault" | "guardrail" | "event" | "note"; label: string; detail?: string }>;
  /** Application writes per second (atMs is the start of the second). */
  writes: Array<{ atMs: number; acknowledged: number; failed: number }>;
  /** Replication lag of each replica over time (seconds; null while the replica is not applying). */
  lag: Array<{ replica: string; samples: Array<{ atMs: number; seconds: number | null; state: string }> }>;
  /** The longest stretch without an acknowledged write, if a workload ran. */
  downtime?: { fromMs: number; toMs: number; longestMs: number };
}

export interface Finding {
  /** schema.table, or the scenario's own name for what was compared. */
  subject: string;
  kind: "changed" | "missing" | "extra" | "schema" | "replication" | "lost-write" | "changed-write" | "prediction";
  key?: string;
  column?: string;
  expected?: string;
  actual?: string;
  detail: string;
}

export interface LedgerTotals {
  acknowledged: number;
  failed: number;
  lost: number;
  changed: number;
  unexpected: number;
  inDoubt: number;
  /** Where the ledger was verified (the final primary). */
  verifiedOn: string;
}

export interface GuardrailResult {
  atMs: number;
  name: string;
  passed: boolean;
  detail: string;
}

export interface KeptEnvironment {
  /** MySQL endpoints by name (e.g. "blue writer", "cluster endpoint"). */
  endpoints: Array<{ name: string; host: string; port: number; user: string }>;
  /** The fake RDS endpoint, when one runs. */
  rdsEndpoint?: string;
  /** Lines to paste into a shell (AWS CLI environment, mysql command lines). */
  connect: string[];
  remove: string;
}
