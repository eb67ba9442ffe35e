import type { EngineImage } from "../images/engine-image.ts";
import { runScenario, type RunScenarioOptions, type ScenarioRun } from "./run-scenario.ts";
import type { Scenario } from "./scenario.ts";

/**
 * Runs scenarios, at most `parallel` at a time, and returns their results in the order given, whatever
 * order they finished in. Each scenario runs under its own run id, "<runId>-<scenario id>": the
 * harness names networks and removes leftovers by run id, so scenarios running side by side must not
 * share one (`bgh reap --run <runId>` still finds them all).
 */
export async function runScenarios(
  scenarios: Scenario<any>[],
  engine: EngineImage,
  runId: string,
  options: { parallel: number; run: (scenario: Scenario<any>) => RunScenarioOptions; onFinished?: (run: ScenarioRun) => void },
): Promise<ScenarioRun[]> {
  const results: ScenarioRun[] = new Array(scenarios.length);
  let next = 0;
  const worker = async () => {
    while (next < scenarios.length) {
      const position = next++;
      const scenario = scenarios[position]!;
      results[position] = await runScenario(scenario, engine, scenarioRunId(runId, scenario.id), options.run(scenario));
      options.onFinished?.(results[position]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.parallel, scenarios.length)) }, worker));
  return results;
}

export function scenarioRunId(runId: string, scenarioId: string): string {
  return `${runId}-${scenarioId.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`;
}
