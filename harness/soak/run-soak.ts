import { messageOf } from "../errors/harness-error.ts";
import type { EngineImage } from "../images/engine-image.ts";
import { reap } from "../lifecycle/reaper.ts";
import { runScenario, type ScenarioRun } from "../scenario/run-scenario.ts";
import { scenarioRunId } from "../scenario/run-scenarios.ts";
import type { Scenario } from "../scenario/scenario.ts";
import { ScenarioRecorder } from "../scenario/scenario-recorder.ts";
import { sleep } from "../wait/wait-until.ts";
import { runPlacements, runSeed } from "./soak-seeds.ts";
import type { SoakRunResult, SoakRunSpec } from "./soak-run.ts";
import { statusOfRun } from "./soak-run.ts";
import { endCommandsOfRun } from "../process/shell-command.ts";

/** How long a run that was ended (timeout, Ctrl-C) gets to clean up after its containers are removed. */
const END_GRACE_MS = 60_000;

export interface SoakOptions {
  engine: EngineImage;
  /** The soak's run id; each run's is "<runId>-<scenario>-r<run>". */
  runId: string;
  soakSeed: number;
  /** Runs per scenario; without it the soak goes on until `until`. */
  runs?: number;
  /** No run starts after this time (epoch ms). */
  until?: number;
  parallel: number;
  /** A run still going after this long is ended and counted failed. */
  perRunTimeoutMs: number;
  stopOnFailure: boolean;
  /** Scenario options every run gets (e.g. { rows }). */
  options?: Record<string, unknown>;
  /** Property-based scenarios shrink a counterexample they find. */
  shrink?: boolean;
  /** Aborting it (Ctrl-C) starts no more runs and ends those in progress. */
  signal?: AbortSignal;
  log?: (spec: SoakRunSpec, line: string) => void;
  onStart?: (spec: SoakRunSpec, record: ScenarioRecorder) => void;
  onFinished?: (result: SoakRunResult) => void;
}

export interface SoakOutcome {
  results: SoakRunResult[];
  endedEarly?: "interrupted" | "stopped at the first failure";
}

/**
 * Runs each scenario many times, `parallel` runs at a time, each with a fresh seed and fault placement
 * derived from the soak's seed, in rounds (run 1 of every scenario, then run 2, ...) so that a soak cut
 * short by time or Ctrl-C has covered every scenario evenly. A run is bounded by the per-run timeout:
 * past it, its containers are removed (its waits then fail and it returns) and it counts as failed with
 * its seed. Results come back in the order the runs were scheduled.
 */
export async function runSoak(scenarios: Scenario<any>[], options: SoakOptions): Promise<SoakOutcome> {
  const results: SoakRunResult[] = [];
  let scheduled = 0;
  let stop: SoakOutcome["endedEarly"];
  options.signal?.addEventListener("abort", () => (stop ??= "interrupted"), { once: true });
  const next = (): SoakRunSpec | undefined => {
    if (stop || options.signal?.aborted) return undefined;
    if (options.until !== undefined && Date.now() >= options.until) return undefined;
    const run = Math.floor(scheduled / scenarios.length) + 1;
    if (options.runs !== undefined && run > options.runs) return undefined;
    const scenario = scenarios[scheduled % scenarios.length]!;
    scheduled++;
    const seed = runSeed(options.soakSeed, scenario.id, run);
    const faultPlacements = runPlacements(scenario.faultPoints, seed, run);
    return { scenario, run, seed, runId: `${scenarioRunId(options.runId, scenario.id)}-r${run}`, ...(faultPlacements ? { faultPlacements } : {}) };
  };
  const worker = async () => {
    for (let spec = next(); spec; spec = next()) {
      const position = scheduled - 1;
      const result = await runSoakRun(spec, options);
      results[position] = result;
      options.onFinished?.(result);
      if (options.stopOnFailure && statusOfRun(result) === "failed") stop ??= "stopped at the first failure";
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.parallel) }, worker));
  return { results: results.filter(Boolean), ...(stop ? { endedEarly: stop } : {}) };
}

/** One run under the soak's timeout and Ctrl-C: either ends it by removing its containers, then waits (bounded) for it to clean up. */
export async function runSoakRun(spec: SoakRunSpec, options: SoakOptions): Promise<SoakRunResult> {
  const log = options.log ? (line: string) => options.log!(spec, line) : () => undefined;
  const startedAt = new Date();
  const running = runScenario(spec.scenario, options.engine, spec.runId, {
    seed: spec.seed,
    log,
    ...(options.options ? { options: options.options } : {}),
    ...(spec.faultPlacements ? { faultPlacements: spec.faultPlacements } : {}),
    ...(options.shrink === undefined ? {} : { shrink: options.shrink }),
    onStart: (record) => options.onStart?.(spec, record),
  });
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const ended = new Promise<"timeout" | "interrupt">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), options.perRunTimeoutMs);
    onAbort = () => resolve("interrupt");
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener("abort", onAbort, { once: true });
  });
  const first = await Promise.race([running, ended]);
  clearTimeout(timer);
  if (onAbort) options.signal?.removeEventListener("abort", onAbort);
  if (typeof first === "object") return { spec, run: first };

  const why = first === "timeout" ? `timed out: still running after the soak's per-run timeout of ${Math.round(options.perRunTimeoutMs / 1000)} s` : "interrupted (Ctrl-C)";
  log(`${why}; removing its containers`);
  endCommandsOfRun(spec.runId);
  await removeRun(spec.runId, log);
  const late = await Promise.race([running, sleep(END_GRACE_MS).then(() => undefined)]);
  // It may have started more before it noticed: remove whatever is left.
  await removeRun(spec.runId, log);
  const run: ScenarioRun = late ?? (await abandoned(spec, why, startedAt));
  const error = run.error ? `${why} (then: ${run.error.split("\n")[0]})` : why;
  return { spec, run: { ...run, reached: false, error }, ...(first === "timeout" ? { timedOut: true } : { interrupted: true }) };
}

async function removeRun(runId: string, log: (line: string) => void): Promise<void> {
  try {
    await reap({ runId });
  } catch (error) {
    log(`removing the containers of ${runId} failed: ${messageOf(error).split("\n")[0]} (npx bgh reap --run ${runId})`);
  }
}

/** A run that did not even return after its containers were removed: recorded with what is known. */
async function abandoned(spec: SoakRunSpec, why: string, startedAt: Date): Promise<ScenarioRun> {
  return {
    id: spec.scenario.id,
    title: spec.scenario.title,
    expectation: spec.scenario.expectation,
    reached: false,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    seed: spec.seed,
    profile: [],
    ...(spec.faultPlacements ? { faultPlacements: spec.faultPlacements } : {}),
    recording: await new ScenarioRecorder().finish(),
    error: `${why}; it did not return within ${END_GRACE_MS / 1000} s after its containers were removed`,
  };
}
