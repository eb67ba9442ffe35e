import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { HarnessError } from "../../errors/harness-error.ts";
import { reap } from "../../lifecycle/reaper.ts";
import { newRunId } from "../../lifecycle/run-id.ts";
import { progress } from "../../progress/progress.ts";
import { runScenario, type ScenarioRun } from "../../scenario/run-scenario.ts";
import { SCENARIOS, scenarioById } from "../../scenario/scenario-catalogue.ts";
import { engineLine, parseOptions, resolveEngine } from "./engine-option.ts";

/** `bgh rehearse [scenario...] [--engine IMAGE] [--rows N] [--report DIR]`: exit 0 only if every scenario reached its outcome. */
export async function rehearseCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions("rehearse", args, {
    engine: { type: "string" },
    rows: { type: "string" },
    report: { type: "string" },
  });
  const scenarios = positionals.length ? positionals.map(findScenario) : SCENARIOS;
  const rows = values.rows === undefined ? undefined : positiveInteger(values.rows as string, "--rows");
  const runId = newRunId();
  const orphans = await reap();
  if (orphans.containers.length) progress(`Removed ${orphans.containers.length} container(s) left by crashed runs.`);
  const engine = await resolveEngine(values.engine as string | undefined, runId);
  console.log(`Run ${runId}: ${scenarios.map((s) => s.id).join(", ")}`);

  const runs: ScenarioRun[] = [];
  for (const scenario of scenarios) runs.push(await runScenario(scenario, engine, runId, rows ? { rows } : undefined));

  const reportDir = (values.report as string | undefined) ?? path.join("reports", runId);
  mkdirSync(reportDir, { recursive: true });
  const reportFile = path.join(reportDir, "rehearsal.json");
  writeFileSync(
    reportFile,
    JSON.stringify({ runId, engine: { requested: engine.requested, image: engine.warmImage, flavor: engine.dialect.version.flavor, version: engine.dialect.version.raw, dialect: engine.dialect.name, substitution: engine.substitution ?? null }, scenarios: runs }, null, 2),
  );
  console.log(summary(runs, engineLine(engine), reportFile));
  return runs.every((run) => run.reached) ? 0 : 1;
}

function summary(runs: ScenarioRun[], engine: string, reportFile: string): string {
  const lines = ["", "=".repeat(78), engine];
  for (const run of runs) {
    lines.push(`${run.reached ? "PASS" : "FAIL"}  ${run.id}  (${(run.durationMs / 1000).toFixed(1)} s)  ${run.title}`);
    if (run.error) lines.push(`      error: ${run.error.split("\n").join("\n      ")}`);
    for (const item of run.outcome?.checks ?? []) lines.push(`      ${item.passed ? "ok  " : "FAIL"} ${item.name}: ${item.detail}`);
  }
  const passed = runs.filter((run) => run.reached).length;
  lines.push(`${passed} passed, ${runs.length - passed} failed`, `Record: ${reportFile}`, "=".repeat(78));
  return lines.join("\n");
}

function findScenario(id: string) {
  const scenario = scenarioById(id);
  if (!scenario) {
    throw new HarnessError({ what: "choosing scenarios", cause: `no scenario "${id}"`, fix: `choose among: ${SCENARIOS.map((s) => s.id).join(", ")}` });
  }
  return scenario;
}

function positiveInteger(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new HarnessError({ what: `reading ${option}`, cause: `"${text}" is not a positive whole number`, fix: `give ${option} a number such as 20000` });
  }
  return value;
}
