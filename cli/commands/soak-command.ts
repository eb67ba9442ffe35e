import { randomInt } from "node:crypto";
import path from "node:path";
import { defaultParallelism } from "../../harness/scenario/default-parallelism.ts";
import { HarnessError } from "../../harness/errors/harness-error.ts";
import { interceptInterrupt } from "../../harness/lifecycle/cleanup-on-signal.ts";
import { reap } from "../../harness/lifecycle/reaper.ts";
import { newRunId } from "../../harness/lifecycle/run-id.ts";
import { progress } from "../../harness/progress/progress.ts";
import { buildReport } from "../../harness/report/build-report.ts";
import { renderSoakTable, writeReportFiles, type SoakFailure, type SoakSection } from "../../harness/report/index.ts";
import { firstLine } from "../../harness/report/report-facts.ts";
import { formatPlacement, placementArguments } from "../../harness/scenario/fault-points.ts";
import type { ScenarioRun } from "../../harness/scenario/run-scenario.ts";
import type { Scenario } from "../../harness/scenario/scenario.ts";
import { runSoak, runSoakRun, type SoakOptions } from "../../harness/soak/run-soak.ts";
import { statusOfRun, type SoakRunResult } from "../../harness/soak/soak-run.ts";
import { summarizeSoak } from "../../harness/soak/soak-summary.ts";
import { shrinkWorkload } from "../../harness/soak/shrink-workload.ts";
import { formatRemaining, parseDuration } from "../duration-option.ts";
import { LiveProgress } from "../live-progress.ts";
import { selectScenarios } from "../scenario-selection.ts";
import { setArguments } from "../scenario-options.ts";
import { engineLine, parseOptions, resolveEngine } from "./engine-option.ts";
import { toolVersion } from "./tool-version.ts";

const DEFAULT_RUN_TIMEOUT = "30m";

/**
 * `bgh soak [id|file ...] --runs N | --for DURATION`: runs each chosen scenario many times with fresh
 * seeds and fault placements derived from one soak seed, prints a summary per scenario, writes the four
 * reports of the soak and, for every failed run, its own reports with the `bgh rehearse` line that
 * replays it. Exits 0 only if every run reached its scenario's declared outcome.
 */
export async function soakCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions("soak", args, {
    runs: { type: "string" },
    for: { type: "string" },
    seed: { type: "string" },
    engine: { type: "string" },
    parallel: { type: "string" },
    "run-timeout": { type: "string" },
    "stop-on-failure": { type: "boolean", default: false },
    shrink: { type: "boolean", default: false },
    report: { type: "string" },
    rows: { type: "string" },
  });
  if (positionals.length === 0) {
    throw new HarnessError({ what: "reading bgh soak's arguments", cause: "no scenario named", fix: "name the scenarios or rehearsal files to soak, e.g. bgh soak int-to-bigint --runs 50 (`bgh scenarios` lists them)" });
  }
  if (values.runs === undefined && values.for === undefined) {
    throw new HarnessError({ what: "reading bgh soak's options", cause: "neither --runs nor --for says how long to soak", fix: "give --runs N (runs of each scenario) or --for DURATION (e.g. --for 2h), or both (at most N runs, within the time)" });
  }
  const scenarios = await selectScenarios(positionals);
  const runs = values.runs === undefined ? undefined : wholeNumber(values.runs as string, "--runs", 1);
  const forMs = values.for === undefined ? undefined : parseDuration(values.for as string, "--for");
  const soakSeed = values.seed === undefined ? randomInt(1, 2 ** 31 - 1) : wholeNumber(values.seed as string, "--seed", 0);
  const perRunTimeoutMs = parseDuration((values["run-timeout"] as string | undefined) ?? DEFAULT_RUN_TIMEOUT, "--run-timeout");
  const rows = values.rows === undefined ? undefined : wholeNumber(values.rows as string, "--rows", 1);
  const stopOnFailure = values["stop-on-failure"] as boolean;
  const shrink = values.shrink as boolean;
  const options = rows ? { rows } : undefined;

  // Said before anything starts: a scenario that cannot run side by side with itself.
  const exclusive = scenarios.filter((scenario) => scenario.exclusive);
  // As bgh rehearse: as many side by side as the machine carries, unless a scenario cannot share it.
  const parallel = values.parallel === undefined ? (exclusive.length ? 1 : defaultParallelism()) : wholeNumber(values.parallel as string, "--parallel", 1);
  if (parallel > 1 && exclusive.length) {
    throw new HarnessError({
      what: `soaking ${exclusive.map((s) => s.id).join(", ")} with --parallel ${parallel}`,
      cause: exclusive.map((s) => `${s.id} cannot run twice at once: ${s.exclusive}`).join("; "),
      fix: "soak it with --parallel 1 (its runs then follow one another)",
    });
  }
  if (shrink) {
    for (const scenario of scenarios.filter((s) => !s.workloadKnobs?.length)) {
      console.log(`--shrink: ${scenario.id} declares no workload knobs; a failed run is shrunk only if it is property-based (fast-check shrinks its counterexample).`);
    }
  }

  const runId = newRunId();
  const startedAt = new Date().toISOString();
  const orphans = await reap();
  if (orphans.containers.length) progress(`Removed ${orphans.containers.length} container(s) left by crashed runs.`);
  const engine = await resolveEngine(values.engine as string | undefined, runId);
  const argumentOf = (scenario: Scenario<any>) => positionals[scenarios.indexOf(scenario)]!;
  const replayOf = (scenario: Scenario<any>, seed: number, placements: SoakRunResult["spec"]["faultPlacements"], extra?: Record<string, unknown>) =>
    ["npx bgh rehearse", argumentOf(scenario), `--engine ${engine.requested}`, `--seed ${seed}`, ...(rows ? [`--rows ${rows}`] : []), ...setArguments(extra), ...placementArguments(placements)].join(" ");
  const asked = [runs ? `${runs} run(s) of each scenario` : "", forMs ? `for ${values.for}` : ""].filter(Boolean).join(", within ");
  const soakLine = ["npx bgh soak", ...positionals, ...(runs ? [`--runs ${runs}`] : []), ...(forMs ? [`--for ${values.for}`] : []), `--seed ${soakSeed}`, `--engine ${engine.requested}`, ...(rows ? [`--rows ${rows}`] : []), ...(parallel > 1 ? [`--parallel ${parallel}`] : [])].join(" ");
  console.log(`Soak ${runId}, soak seed ${soakSeed}: ${scenarios.map((s) => s.id).join(", ")}, ${asked}${parallel > 1 ? `, ${parallel} at a time` : ""}`);

  const started = Date.now();
  const until = forMs === undefined ? undefined : started + forMs;
  const finished: SoakRunResult[] = [];
  const live = new LiveProgress();
  const total = runs === undefined ? undefined : runs * scenarios.length;
  live.headline = () => headline(finished, total, until, parallel, started);
  const interrupt = new AbortController();
  const release = interceptInterrupt(() => interrupt.abort());
  const soakOptions: SoakOptions = {
    engine,
    runId,
    soakSeed,
    ...(runs === undefined ? {} : { runs }),
    ...(until === undefined ? {} : { until }),
    parallel,
    perRunTimeoutMs,
    stopOnFailure,
    ...(options ? { options } : {}),
    shrink,
    signal: interrupt.signal,
    log: (spec, line) => live.scenarioLine(`${spec.scenario.id}#${spec.run}`, line),
    onStart: (spec, record) => live.started(`${spec.scenario.id}#${spec.run}`, record),
    onFinished: (result) => {
      finished.push(result);
      live.finished(`${result.spec.scenario.id}#${result.spec.run}`, statusOfRun(result) === "passed", result.run.durationMs);
    },
  };
  let outcome: Awaited<ReturnType<typeof runSoak>>;
  try {
    outcome = await runSoak(scenarios, soakOptions);
  } finally {
    live.stop();
  }

  const reportDir = (values.report as string | undefined) ?? path.join("reports", runId);
  const failures: SoakFailure[] = [];
  for (const result of outcome.results.filter((item) => statusOfRun(item) === "failed")) {
    const { spec, run } = result;
    const replay = replayOf(spec.scenario, spec.seed, spec.faultPlacements);
    const dir = path.join(reportDir, "failures", `${spec.scenario.id}-run${spec.run}-seed${spec.seed}`);
    const report = buildReport([run], { runId: spec.runId, startedAt: run.startedAt, seed: spec.seed, engine, reproduce: () => replay, toolVersion: toolVersion() });
    writeReportFiles(report, dir, { stepSummaryFile: "" });
    const failure: SoakFailure = {
      scenario: spec.scenario.id,
      run: spec.run,
      seed: spec.seed,
      faults: Object.entries(spec.faultPlacements ?? {}).map(([fault, placement]) => formatPlacement(fault, placement)),
      why: whyFailed(run),
      replay,
      reportDir: dir,
      ...(run.outcome?.counterexample ? { counterexample: run.outcome.counterexample } : {}),
    };
    if (shrink && spec.scenario.workloadKnobs?.length && !result.timedOut && !interrupt.signal.aborted) {
      console.log(`Shrinking ${spec.scenario.id} run ${spec.run} (seed ${spec.seed}): ${spec.scenario.workloadKnobs.map((knob) => knob.option).join(", ")}`);
      let attempt = 0;
      const shrunk = await shrinkWorkload(spec.scenario.workloadKnobs, options ?? {}, async (candidate) => {
        attempt++;
        const tried = await runSoakRun({ ...spec, runId: `${spec.runId}-s${attempt}` }, { ...soakOptions, options: candidate, onStart: undefined, onFinished: undefined });
        const stillFails = statusOfRun(tried) === "failed" && !tried.timedOut;
        console.log(`  ${JSON.stringify(Object.fromEntries(spec.scenario.workloadKnobs!.map((knob) => [knob.option, candidate[knob.option] ?? knob.default])))}: ${stillFails ? "still fails" : tried.interrupted ? "interrupted" : "passes"}`);
        return stillFails;
      });
      if (Object.keys(shrunk.options).length) failure.shrunk = { options: shrunk.options, tried: shrunk.tried, replay: replayOf(spec.scenario, spec.seed, spec.faultPlacements, shrunk.options) };
    }
    failures.push(failure);
  }
  release();

  const section: SoakSection = {
    seed: soakSeed,
    command: soakLine,
    asked,
    ...(outcome.endedEarly ? { endedEarly: outcome.endedEarly } : {}),
    scenarios: summarizeSoak(outcome.results),
    failures,
  };
  const byRunId = new Map(outcome.results.map((result) => [`${result.spec.scenario.id}#${result.spec.run}`, result]));
  const reportRuns: ScenarioRun[] = outcome.results.map(({ spec, run }) => ({ ...run, id: `${spec.scenario.id}#${spec.run}` }));
  const report = {
    ...buildReport(reportRuns, {
      runId,
      startedAt,
      seed: soakSeed,
      engine,
      toolVersion: toolVersion(),
      reproduce: (ids?: string[]) => {
        const only = ids?.length === 1 ? byRunId.get(ids[0]!) : undefined;
        return only ? replayOf(only.spec.scenario, only.spec.seed, only.spec.faultPlacements) : soakLine;
      },
    }),
    soak: section,
  };
  const written = writeReportFiles(report, reportDir);

  const failed = failures.length;
  const lines = ["", "=".repeat(78), engineLine(engine), `Soak ${runId}: ${asked}${outcome.endedEarly ? ` (${outcome.endedEarly})` : ""}`, "", renderSoakTable(section.scenarios), ""];
  for (const failure of failures) {
    lines.push(`FAIL  ${failure.scenario} run ${failure.run}, seed ${failure.seed}${failure.faults.length ? ` (${failure.faults.join(", ")})` : ""}: ${failure.why}`);
    if (failure.counterexample) lines.push(`      counterexample: ${failure.counterexample}`);
    lines.push(`      reports: ${failure.reportDir}`, `      Replay: ${failure.replay}`);
    if (failure.shrunk) lines.push(`      shrunk to ${JSON.stringify(failure.shrunk.options)} (${failure.shrunk.tried} runs): ${failure.shrunk.replay}`);
  }
  const done = outcome.results.filter((result) => statusOfRun(result) !== "interrupted").length;
  lines.push(`${done} run(s) finished: ${done - failed} passed, ${failed} failed`, `Reports: ${[written.html, written.json, written.junit, written.summary].join(", ")}`, `Replay the soak: ${soakLine}`, "=".repeat(78));
  console.log(lines.join("\n"));
  if (failed > 0) return 1;
  return outcome.endedEarly === "interrupted" ? 130 : 0;
}

/** Runs done, failures so far and the time left, for the live status line. */
function headline(finished: SoakRunResult[], total: number | undefined, until: number | undefined, parallel: number, started: number): string {
  const done = finished.filter((result) => statusOfRun(result) !== "interrupted").length;
  const failed = finished.filter((result) => statusOfRun(result) === "failed").length;
  const now = Date.now();
  let left = "time left unknown";
  if (until !== undefined) left = `${formatRemaining(until - now)} left`;
  if (total !== undefined && done > 0) {
    const estimate = ((now - started) / done) * (total - done);
    left = `~${formatRemaining(until === undefined ? estimate : Math.min(estimate, until - now))} left`;
  }
  void parallel;
  return `soak: ${done}${total === undefined ? "" : `/${total}`} runs done, ${failed} failed, ${left}`;
}

function whyFailed(run: ScenarioRun): string {
  if (run.error) return firstLine(run.error);
  const check = run.outcome?.checks.find((item) => !item.passed);
  return check ? `${check.name}: ${firstLine(check.detail)}` : "its outcome was not reached";
}

function wholeNumber(text: string, option: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new HarnessError({ what: `reading ${option}`, cause: `"${text}" is not a whole number of at least ${min}`, fix: `give ${option} a number such as ${Math.max(min, 2)}` });
  }
  return value;
}
