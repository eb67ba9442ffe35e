import { randomInt } from "node:crypto";
import path from "node:path";
import { HarnessError } from "../../harness/errors/harness-error.ts";
import { reap } from "../../harness/lifecycle/reaper.ts";
import { newRunId } from "../../harness/lifecycle/run-id.ts";
import { progress } from "../../harness/progress/progress.ts";
import { buildReport } from "../../harness/report/build-report.ts";
import { writeReportFiles } from "../../harness/report/index.ts";
import { shorten } from "../../harness/report/report-facts.ts";
import type { ScenarioRun } from "../../harness/scenario/run-scenario.ts";
import { isRehearsalFilePath, readRehearsalFile } from "../../harness/rehearsal-file/read-rehearsal-file.ts";
import { defaultParallelism } from "../../harness/scenario/default-parallelism.ts";
import { runScenarios } from "../../harness/scenario/run-scenarios.ts";
import { placementArguments, validatePlacements } from "../../harness/scenario/fault-points.ts";
import { parseShard, selectScenarios, shardOf } from "../scenario-selection.ts";
import { parseFaultOptions, parseSetOptions, setArguments } from "../scenario-options.ts";
import { LiveProgress } from "../live-progress.ts";
import { engineLine, parseOptions, resolveEngine } from "./engine-option.ts";
import { holdKeptEnvironments } from "./kept-environments.ts";
import { toolVersion } from "./tool-version.ts";

/**
 * `bgh rehearse`: runs the chosen scenarios (all by default), prints live progress and a one-screen
 * summary, writes report.json, junit.xml, summary.md and report.html, and exits 0 only if every
 * scenario reached its declared outcome. With --keep, the environment of a failed scenario stays up
 * until Ctrl-C, with the details to connect to it.
 */
export async function rehearseCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions("rehearse", args, {
    engine: { type: "string" },
    seed: { type: "string" },
    keep: { type: "boolean", default: false },
    report: { type: "string" },
    parallel: { type: "string" },
    shard: { type: "string" },
    rows: { type: "string" },
    fault: { type: "string", multiple: true },
    set: { type: "string", multiple: true },
  });
  const selected = await selectScenarios(positionals);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard as string);
  const scenarios = shard ? shardOf(selected, shard) : selected;
  const seed = values.seed === undefined ? randomInt(1, 2 ** 31 - 1) : wholeNumber(values.seed as string, "--seed", 0);
  const keep = values.keep as boolean;
  // --keep inspects one failure at a time; otherwise as many side by side as the machine carries.
  const parallel = values.parallel === undefined ? (keep ? 1 : defaultParallelism()) : wholeNumber(values.parallel as string, "--parallel", 1);
  const rows = values.rows === undefined ? undefined : wholeNumber(values.rows as string, "--rows", 1);
  const faultPlacements = parseFaultOptions((values.fault as string[] | undefined) ?? []);
  const setOptions = parseSetOptions((values.set as string[] | undefined) ?? []);
  const scenarioOptions = rows || Object.keys(setOptions).length ? { ...setOptions, ...(rows ? { rows } : {}) } : undefined;
  if (faultPlacements && scenarios.length !== 1) {
    throw new HarnessError({ what: "reading bgh rehearse's options", cause: `--fault places the faults of one scenario, and ${scenarios.length} are chosen`, fix: "name the one scenario whose faults you place (e.g. bgh rehearse switchover-faults --fault writer-kill@stop-writes)" });
  }
  if (faultPlacements) validatePlacements(scenarios[0]!.id, scenarios[0]!.faultPoints, faultPlacements);
  if (keep && parallel > 1) {
    throw new HarnessError({ what: "reading bgh rehearse's options", cause: "--keep holds a failed scenario's environment for you to inspect, which --parallel would interleave", fix: "use --keep without --parallel (run the failing scenario alone)" });
  }

  const runId = newRunId();
  const startedAt = new Date().toISOString();
  const orphans = await reap();
  if (orphans.containers.length) progress(`Removed ${orphans.containers.length} container(s) left by crashed runs.`);
  const engine = await resolveEngine((values.engine as string | undefined) ?? engineDeclaredBy(positionals), runId);
  // A user's scenario is replayed by its file path, a built-in one by its id (positionals and selected correspond one to one).
  const argumentOf = (id: string) => (positionals.length ? positionals[selected.findIndex((s) => s.id === id)]! : id);
  const reproduce = (ids: string[] = scenarios.map((s) => s.id)) => ["npx bgh rehearse", ...ids.map(argumentOf), `--engine ${engine.requested}`, `--seed ${seed}`, ...(rows ? [`--rows ${rows}`] : []), ...setArguments(setOptions), ...placementArguments(faultPlacements)].join(" ");
  if (scenarios.length === 0) {
    console.log(`Run ${runId}: shard ${values.shard} of ${selected.length} scenario(s) is empty; nothing to run.`);
    return 0;
  }
  console.log(`Run ${runId}, seed ${seed}: ${scenarios.map((s) => s.id).join(", ")}${shard ? ` (shard ${shard.index}/${shard.count})` : ""}, ${Math.min(parallel, scenarios.length)} at a time`);

  const live = new LiveProgress();
  const runs = await runScenarios(scenarios, engine, runId, {
    parallel,
    run: (scenario) => ({
      seed,
      keepOnFailure: keep,
      options: scenarioOptions,
      ...(faultPlacements ? { faultPlacements } : {}),
      log: (line) => live.scenarioLine(scenario.id, line),
      onStart: (record) => live.started(scenario.id, record),
    }),
    onFinished: (run) => live.finished(run.id, run.notApplicable !== undefined ? "not-applicable" : run.reached, run.durationMs),
  });
  live.stop();

  const report = buildReport(runs, { runId, startedAt, seed, engine, reproduce, toolVersion: toolVersion() });
  const reportDir = (values.report as string | undefined) ?? path.join("reports", runId);
  const written = writeReportFiles(report, reportDir);
  const files = [written.html, written.json, written.junit, written.summary, ...(written.stepSummary ? [`(summary appended to ${written.stepSummary})`] : [])];
  console.log(summary(runs, engineLine(engine), files, report.reproduce));
  // Not applicable is neither pass nor fail: it does not fail the run.
  const reached = runs.every((run) => run.reached || run.notApplicable !== undefined);
  if (keep) await holdKeptEnvironments(runs, runId);
  return reached ? 0 : 1;
}

/**
 * One screen: a line per scenario, and only for those that missed their outcome the failed checks and
 * the error; everything else is in the reports.
 */
function summary(runs: ScenarioRun[], engine: string, files: string[], reproduce: string): string {
  const lines = ["", "=".repeat(78), engine];
  for (const run of runs) {
    const checks = run.outcome?.checks ?? [];
    const passedChecks = checks.filter((item) => item.passed).length;
    if (run.notApplicable !== undefined) {
      lines.push(`N/A   ${run.id.padEnd(30)}      -     not applicable: ${oneLine(run.notApplicable, 200)}`);
      continue;
    }
    lines.push(`${run.reached ? "PASS" : "FAIL"}  ${run.id.padEnd(30)} ${(run.durationMs / 1000).toFixed(1).padStart(6)} s   ${passedChecks}/${checks.length} checks`);
    if (run.reached) continue;
    if (run.error) lines.push(`      error: ${oneLine(run.error, 300)}`);
    for (const item of checks.filter((check) => !check.passed)) lines.push(`      FAIL ${item.name}: ${oneLine(item.detail)}`);
  }
  const passed = runs.filter((run) => run.reached).length;
  const notApplicable = runs.filter((run) => run.notApplicable !== undefined).length;
  lines.push(`${passed} passed, ${runs.length - passed - notApplicable} failed${notApplicable ? `, ${notApplicable} not applicable` : ""}`, `Reports: ${files.join(", ")}`, `Replay: ${reproduce}`, "=".repeat(78));
  return lines.join("\n");
}

/** Details can be long (row samples): the summary keeps each check on one screen line's worth. */
function oneLine(text: string, max = 160): string {
  return shorten(text.replace(/\s+/g, " "), max);
}

/** The engine the rehearsal files among the arguments declare (--engine and BGH_MYSQL_IMAGE aside); they must agree, as one run has one engine. */
function engineDeclaredBy(argumentsGiven: string[]): string | undefined {
  const declared = argumentsGiven.filter(isRehearsalFilePath).flatMap((file) => {
    const engine = readRehearsalFile(file).engine;
    return engine ? [{ file, engine }] : [];
  });
  const engines = [...new Set(declared.map((each) => each.engine))];
  if (engines.length > 1) {
    throw new HarnessError({ what: "choosing the engine", cause: `the rehearsal files declare different engines: ${declared.map((each) => `${each.file}: ${each.engine}`).join(", ")}`, fix: "run them in separate bgh rehearse commands, or give --engine to run all on one" });
  }
  return process.env.BGH_MYSQL_IMAGE ? undefined : engines[0];
}

function wholeNumber(text: string, option: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new HarnessError({ what: `reading ${option}`, cause: `"${text}" is not a whole number of at least ${min}`, fix: `give ${option} a number such as ${Math.max(min, 2)}` });
  }
  return value;
}
