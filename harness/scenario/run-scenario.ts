import { messageOf } from "../errors/harness-error.ts";
import type { EngineImage } from "../images/engine-image.ts";
import type { Scenario, ScenarioOutcome } from "./scenario.ts";

export interface ScenarioRun {
  id: string;
  title: string;
  expectation: string;
  reached: boolean;
  durationMs: number;
  outcome?: ScenarioOutcome;
  /** Set when the scenario could not run to its end (an error, not a failed check). */
  error?: string;
}

/** Runs one scenario with timestamped progress lines; an exception is a result, not a crash. */
export async function runScenario(scenario: Scenario<any>, engine: EngineImage, runId: string, options?: Record<string, unknown>): Promise<ScenarioRun> {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s`;
  const log = (line: string) => console.log(`[${scenario.id} ${elapsed()}] ${line}`);
  const base = { id: scenario.id, title: scenario.title, expectation: scenario.expectation };
  try {
    const outcome = await scenario.run({ engine, runId, log }, options);
    return { ...base, reached: outcome.reached, durationMs: Math.round(performance.now() - started), outcome };
  } catch (error) {
    log(`ERROR: ${messageOf(error)}`);
    return { ...base, reached: false, durationMs: Math.round(performance.now() - started), error: messageOf(error) };
  }
}
