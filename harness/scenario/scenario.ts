import type { EngineImage } from "../images/engine-image.ts";
import type { EngineApplicability } from "./applicability.ts";
import type { FaultPlacements, FaultPointDeclaration } from "./fault-points.ts";
import type { ScenarioEnvironment } from "./scenario-environment.ts";
import type { ScenarioOutcome } from "./scenario-outcome.ts";
import { ScenarioRecorder } from "./scenario-recorder.ts";

export { check, type ScenarioCheck, type ScenarioOutcome } from "./scenario-outcome.ts";
export type { EngineApplicability, EngineRange } from "./applicability.ts";
export { placementOf, type FaultPlacement, type FaultPlacements, type FaultPointDeclaration } from "./fault-points.ts";

/**
 * A rehearsal scenario: one file in scenarios/, runnable alone, declaring what it expects. A scenario
 * that exists to show a failure passes when the harness detects exactly that failure.
 */
export interface Scenario<Options = Record<string, unknown>> {
  id: string;
  title: string;
  /** What must happen for the scenario to reach its declared outcome, in words. */
  expectation: string;
  /**
   * The engines it applies to (absent: every engine the harness runs). On another engine the runner
   * does not start it and reports it as not applicable, with `appliesTo.reason`.
   */
  appliesTo?: EngineApplicability;
  run(context: ScenarioContext, options?: Partial<Options>): Promise<ScenarioOutcome>;
  /**
   * The faults the scenario injects and where each may land without its checks ceasing to hold. A run
   * places them through context.faultPlacements (a soak moves them across runs); unplaced, each lands
   * at its first point at once.
   */
  faultPoints?: readonly FaultPointDeclaration[];
  /**
   * Numeric options that set how much work a run does (writers, rows, duration): `bgh soak --shrink`
   * lowers them, one at a time, to the smallest that still fails.
   */
  workloadKnobs?: readonly WorkloadKnob[];
  /**
   * Set when the scenario cannot run more than once at a time on a machine (it needs a resource it cannot
   * share, e.g. a fixed port): the reason, which a soak with --parallel says before starting.
   */
  exclusive?: string;
}

/** One option of a scenario that scales its workload; its value in a run is `options[option] ?? default`. */
export interface WorkloadKnob {
  option: string;
  /** Its value when the run gives none (the scenario's default). */
  default: number;
  /** The smallest value the scenario accepts. */
  min: number;
  description: string;
}

export interface ScenarioContext {
  engine: EngineImage;
  runId: string;
  /** A progress line, prefixed with the scenario and elapsed time by the runner. */
  log(line: string): void;
  /** Seed for everything random in the scenario (workloads, generated values): the same seed replays the same run. */
  seed?: number;
  /** Where the scenario records its timeline and findings for the report; the runner provides one. */
  record?: ScenarioRecorder;
  /**
   * Set when the run keeps the environment of a scenario that fails (`--keep`): usingEnvironment hands
   * the environment here instead of removing it.
   */
  keepOnFailure?: (environment: ScenarioEnvironment) => void;
  /** Where each declared fault lands in this run (see Scenario.faultPoints); absent: the defaults. */
  faultPlacements?: FaultPlacements;
  /**
   * For a property-based scenario: whether to shrink a counterexample it finds (fast-check) or report
   * the first one as found. Absent: the scenario's own default.
   */
  shrink?: boolean;
}

/** The context's recorder, or a private one when the caller (a test calling run() directly) gave none. */
export function recorderOf(context: ScenarioContext): ScenarioRecorder {
  context.record ??= new ScenarioRecorder();
  return context.record;
}
