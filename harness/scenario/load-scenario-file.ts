import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { HarnessError, messageOf } from "../errors/harness-error.ts";
import type { Scenario } from "./scenario.ts";

/**
 * Loads a user's own scenario from a TypeScript (or JavaScript) file of the same shape as the built-in
 * ones: a default export, or a single named export, with id, title, expectation and run(). The file is
 * imported as it is (bgh runs under tsx), so it may import the harness like the built-in scenarios do.
 */
export async function loadScenarioFile(file: string): Promise<Scenario<any>> {
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) {
    throw new HarnessError({ what: `loading the scenario file ${file}`, cause: `${absolute} does not exist`, fix: "give the path of a .ts file that exports a scenario, or a built-in scenario id (`bgh scenarios` lists them)" });
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (error) {
    throw new HarnessError({ what: `loading the scenario file ${file}`, cause: messageOf(error), fix: "fix the error above in that file (it is imported as a TypeScript module)" });
  }
  const candidates = [module.default, ...Object.entries(module).filter(([name]) => name !== "default").map(([, value]) => value)].filter(isScenario);
  const unique = [...new Set(candidates)];
  if (unique.length !== 1) {
    throw new HarnessError({
      what: `loading the scenario file ${file}`,
      cause: unique.length === 0 ? "it exports nothing with the shape of a scenario (id, title, expectation, run)" : `it exports ${unique.length} scenarios (${unique.map((s) => s.id).join(", ")})`,
      fix: "export exactly one scenario, preferably as the default export, like scenarios/unsigned-wrap.ts does",
    });
  }
  return unique[0]!;
}

function isScenario(value: unknown): value is Scenario<any> {
  const candidate = value as Partial<Scenario> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.id === "string" &&
    typeof candidate.title === "string" &&
    typeof candidate.expectation === "string" &&
    typeof candidate.run === "function"
  );
}
