import type { EngineImage } from "../images/engine-image.ts";
import type { EngineApplicability } from "./applicability.ts";
import type { ScenarioEnvironment } from "./scenario-environment.ts";
import type { ScenarioOutcome } from "./scenario-outcome.ts";
import { ScenarioRecorder } from "./scenario-recorder.ts";

export { check, type ScenarioCheck, type ScenarioOutcome } from "./scenario-outcome.ts";
export type { EngineApplicability, EngineRange } from "./applicability.ts";

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
}

/** The context's recorder, or a private one when the caller (a test calling run() directly) gave none. */
export function recorderOf(context: ScenarioContext): ScenarioRecorder {
  context.record ??= new ScenarioRecorder();
  return context.record;
}
