import type { FaultPlacements } from "../scenario/fault-points.ts";
import type { ScenarioRun } from "../scenario/run-scenario.ts";
import type { Scenario } from "../scenario/scenario.ts";

/** One run a soak schedules: which scenario, its run number, seed and fault placement. */
export interface SoakRunSpec {
  scenario: Scenario<any>;
  /** 1-based, per scenario. */
  run: number;
  seed: number;
  faultPlacements?: FaultPlacements;
  /** Its own run id: its containers and networks are named (and removed) by it. */
  runId: string;
}

/** What became of one scheduled run. */
export interface SoakRunResult {
  spec: SoakRunSpec;
  run: ScenarioRun;
  /** Ended by the soak's per-run timeout: a failure. */
  timedOut?: boolean;
  /** Cut short by Ctrl-C: neither passed nor failed. */
  interrupted?: boolean;
}

/** Passed, failed (including timed out) or interrupted: the three ways a soak counts a run. */
export function statusOfRun(result: SoakRunResult): "passed" | "failed" | "interrupted" {
  if (result.interrupted) return "interrupted";
  return result.run.reached && !result.timedOut ? "passed" : "failed";
}
