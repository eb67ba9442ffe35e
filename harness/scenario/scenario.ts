import type { EngineImage } from "../images/engine-image.ts";

/**
 * A rehearsal scenario: one file in scenarios/, runnable alone, declaring what it expects. A scenario
 * that exists to show a failure passes when the harness detects exactly that failure.
 */
export interface Scenario<Options = Record<string, unknown>> {
  id: string;
  title: string;
  /** What must happen for the scenario to reach its declared outcome, in words. */
  expectation: string;
  run(context: ScenarioContext, options?: Partial<Options>): Promise<ScenarioOutcome>;
}

export interface ScenarioContext {
  engine: EngineImage;
  runId: string;
  /** A progress line, prefixed with the scenario and elapsed time by the runner. */
  log(line: string): void;
}

export interface ScenarioCheck {
  name: string;
  passed: boolean;
  detail: string;
}

export interface ScenarioOutcome {
  /** True when the scenario reached its declared outcome. */
  reached: boolean;
  checks: ScenarioCheck[];
  /** Figures worth reporting (rows, writes, timings). */
  figures: Record<string, number | string>;
  /** Structured details for reports (comparisons, statuses). */
  details: Record<string, unknown>;
}

export function check(name: string, passed: boolean, detail: string): ScenarioCheck {
  return { name, passed, detail };
}
