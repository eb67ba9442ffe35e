/**
 * What a soak (`bgh soak`: scenarios run many times over fresh seeds and fault placements) adds to a
 * report: a summary row per scenario and, for every failed run, where its own reports are and the line
 * that replays it exactly.
 */
export interface SoakSection {
  /** The soak's seed: every run's seed and fault placement derive from it, so `--seed` replays the soak. */
  seed: number;
  /** The command line that replays the whole soak. */
  command: string;
  /** What was asked: "50 runs each" or "for 2h". */
  asked: string;
  /** Set when the soak ended early: Ctrl-C, or --stop-on-failure after a failed run. */
  endedEarly?: "interrupted" | "stopped at the first failure";
  scenarios: SoakScenarioRow[];
  failures: SoakFailure[];
}

export interface SoakScenarioRow {
  id: string;
  runs: number;
  passed: number;
  failed: number;
  /** Runs ended by the soak's per-run timeout (counted in failed too). */
  timedOut: number;
  /** Runs cut short by Ctrl-C: not counted as passed or failed. */
  interrupted: number;
  /** Ledger totals over every run that verified a ledger (null when none did). */
  acknowledged: number | null;
  lost: number | null;
  changed: number | null;
  inDoubt: number | null;
  /** The longest stretch without an acknowledged write in any run, and the seed of that run. */
  longestOutage: { ms: number; seed: number } | null;
  slowestRun: { ms: number; seed: number } | null;
}

export interface SoakFailure {
  scenario: string;
  /** 1-based run number within its scenario. */
  run: number;
  seed: number;
  /** Where the faults landed in that run (FAULT@POINT+DELAYms). */
  faults: string[];
  why: string;
  /** `npx bgh rehearse ... --seed N ...`: replays the run exactly. */
  replay: string;
  /** The folder holding the run's own four reports. */
  reportDir: string;
  /** A property-based scenario's counterexample. */
  counterexample?: string;
  /** With --shrink, for a workload: the smallest options that still failed, and the line that replays that. */
  shrunk?: { options: Record<string, unknown>; replay: string; tried: number };
}
