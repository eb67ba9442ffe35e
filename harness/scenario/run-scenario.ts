import { messageOf } from "../errors/harness-error.ts";
import type { EngineImage } from "../images/engine-image.ts";
import { notApplicableReason } from "./applicability.ts";
import { validatePlacements, type FaultPlacements } from "./fault-points.ts";
import type { Scenario, ScenarioOutcome } from "./scenario.ts";
import type { ScenarioEnvironment } from "./scenario-environment.ts";
import { ScenarioRecorder, type ScenarioRecording } from "./scenario-recorder.ts";
import { TimeProfile, withProfile, type ProfileEntry } from "../profile/time-profile.ts";

export interface ScenarioRun {
  id: string;
  title: string;
  expectation: string;
  reached: boolean;
  startedAt: string;
  durationMs: number;
  seed: number;
  /** Where the faults landed, when the run placed them. */
  faultPlacements?: FaultPlacements;
  /** The scenario options the run was given (e.g. { rows }). */
  options?: Record<string, unknown>;
  outcome?: ScenarioOutcome;
  /** The timeline and findings the scenario recorded (also when it threw, up to where it got). */
  recording: ScenarioRecording;
  /** Where the time went, by kind of work (server starts, copies, waits, ...). */
  profile: ProfileEntry[];
  /** Set when the scenario could not run to its end (an error, not a failed check). */
  error?: string;
  /** Set when the scenario does not apply to the engine that ran (it was not started): why. Neither passed nor failed. */
  notApplicable?: string;
  /** The environment left running because the scenario failed and the run keeps failures (`--keep`). */
  kept?: ScenarioEnvironment;
}

export interface RunScenarioOptions {
  seed: number;
  /** Scenario options (e.g. { rows }); unknown keys are the scenario's to ignore. */
  options?: Record<string, unknown>;
  /** Where progress lines go (default: stdout, prefixed with the scenario and elapsed time). */
  log?: (line: string) => void;
  /** Keep the environment of a scenario that does not reach its outcome, instead of removing it. */
  keepOnFailure?: boolean;
  /** Handed the scenario's recorder before it starts (live progress follows its phases). */
  onStart?: (record: ScenarioRecorder) => void;
  /** Where the scenario's declared faults land (checked against its declaration before it starts). */
  faultPlacements?: FaultPlacements;
  /** Property-based scenarios: shrink a counterexample (true) or report the first found (false). */
  shrink?: boolean;
}

/** Runs one scenario with timestamped progress lines; an exception is a result, not a crash. */
export async function runScenario(scenario: Scenario<any>, engine: EngineImage, runId: string, run: RunScenarioOptions): Promise<ScenarioRun> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s`;
  const log = run.log ?? ((line: string) => console.log(`[${scenario.id} ${elapsed()}] ${line}`));
  const record = new ScenarioRecorder();
  run.onStart?.(record);
  let kept: ScenarioEnvironment | undefined;
  const keepOnFailure = run.keepOnFailure ? (environment: ScenarioEnvironment) => void (kept = environment) : undefined;
  const base = {
    id: scenario.id,
    title: scenario.title,
    expectation: scenario.expectation,
    startedAt,
    seed: run.seed,
    ...(run.faultPlacements ? { faultPlacements: run.faultPlacements } : {}),
    ...(run.options ? { options: run.options } : {}),
  };
  const notApplicable = scenario.appliesTo && notApplicableReason(scenario.appliesTo, engine.dialect.version);
  if (notApplicable) {
    log(`not applicable: ${notApplicable}`);
    return { ...base, reached: false, notApplicable, durationMs: 0, recording: await record.finish(), profile: [] };
  }
  let result: Pick<ScenarioRun, "reached" | "outcome" | "error">;
  const profile = new TimeProfile();
  try {
    if (run.faultPlacements) validatePlacements(scenario.id, scenario.faultPoints, run.faultPlacements);
    const placement = run.faultPlacements ? { faultPlacements: run.faultPlacements } : {};
    const shrink = run.shrink === undefined ? {} : { shrink: run.shrink };
    const outcome = await withProfile(profile, () => scenario.run({ engine, runId, log, seed: run.seed, record, keepOnFailure, ...placement, ...shrink }, run.options));
    result = { reached: outcome.reached, outcome };
  } catch (error) {
    log(`ERROR: ${messageOf(error)}`);
    result = { reached: false, error: messageOf(error) };
  }
  const durationMs = Math.round(performance.now() - started);
  return { ...base, ...result, durationMs, recording: await record.finish(), profile: profile.entries(), ...(kept ? { kept } : {}) };
}
