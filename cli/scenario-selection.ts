import { HarnessError } from "../harness/errors/harness-error.ts";
import { loadScenarioFile } from "../harness/scenario/load-scenario-file.ts";
import type { Scenario } from "../harness/scenario/scenario.ts";
import { isRehearsalFilePath, readRehearsalFile } from "../harness/rehearsal-file/read-rehearsal-file.ts";
import { SCENARIOS, scenarioById } from "../scenarios/catalogue.ts";
import { rehearsalScenario } from "../scenarios/rehearsal/rehearsal-scenario.ts";

/** A CLI argument names a file when it looks like a path; otherwise it is a built-in scenario's id. */
export function isScenarioPath(argument: string): boolean {
  return argument.includes("/") || /\.(ts|mts|js|mjs|ya?ml)$/.test(argument);
}

/** The scenarios the arguments name, in their order (all built-in ones when there are none). */
export async function selectScenarios(argumentsGiven: string[]): Promise<Scenario<any>[]> {
  if (argumentsGiven.length === 0) return SCENARIOS;
  const selected: Scenario<any>[] = [];
  for (const argument of argumentsGiven) {
    const scenario = isRehearsalFilePath(argument) ? rehearsalScenario(readRehearsalFile(argument)) : isScenarioPath(argument) ? await loadScenarioFile(argument) : scenarioById(argument);
    if (!scenario) {
      throw new HarnessError({ what: "choosing scenarios", cause: `no scenario "${argument}"`, fix: `choose among: ${SCENARIOS.map((s) => s.id).join(", ")}, or give the path of a rehearsal file (.yaml) or your own scenario file (.ts)` });
    }
    if (selected.some((other) => other.id === scenario.id)) {
      throw new HarnessError({ what: "choosing scenarios", cause: `"${scenario.id}" is named twice`, fix: "name each scenario once (two rehearsal files with the same id: give one an id: of its own)" });
    }
    selected.push(scenario);
  }
  return selected;
}

export interface Shard {
  index: number;
  count: number;
}

/** Reads `--shard i/n` (1-based i): CI jobs split the catalogue between them. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new HarnessError({ what: "reading --shard", cause: `"${text}" is not i/n with 1 <= i <= n`, fix: "give e.g. --shard 1/3 in the first of three CI jobs, 2/3 in the second, 3/3 in the third" });
  }
  return { index, count };
}

/** Shard i of n takes every n-th scenario starting at the i-th: every scenario in exactly one shard, the slow ones spread. */
export function shardOf<T>(items: T[], shard: Shard): T[] {
  return items.filter((_, position) => position % shard.count === shard.index - 1);
}
