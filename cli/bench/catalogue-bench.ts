import { randomInt } from "node:crypto";
import { engineImageFromEnvironment } from "../../harness/images/engine-image.ts";
import { newRunId } from "../../harness/lifecycle/run-id.ts";
import { formatDuration, profileLineOf } from "../../harness/report/report-facts.ts";
import { defaultParallelism } from "../../harness/scenario/default-parallelism.ts";
import type { ScenarioRun } from "../../harness/scenario/run-scenario.ts";
import { runScenarios } from "../../harness/scenario/run-scenarios.ts";
import { SCENARIOS } from "../../scenarios/catalogue.ts";
import { engineLine } from "../commands/engine-option.ts";
import { table } from "./figures.ts";

const CATALOGUE_TARGET_MS = 150_000;
const SCENARIO_TARGET_MS = 45_000;

/**
 * `bgh bench catalogue`: the whole catalogue one scenario at a time and at the default parallelism,
 * wall time of each with the ratio, and every scenario's time by phase and by kind of work, against
 * the targets (catalogue under 2 min 30 s at default settings, no scenario over 45 s). Set
 * BGH_BENCH_SEQUENTIAL=0 to skip the sequential run (it takes minutes). Asserts nothing.
 */
export async function runCatalogueBench(): Promise<number> {
  const engine = await engineImageFromEnvironment({ runId: newRunId() });
  const parallel = defaultParallelism();
  const seed = randomInt(1, 2 ** 31 - 1);
  console.log(engineLine(engine));
  console.log(`${SCENARIOS.length} scenarios, seed ${seed}; default parallelism on this machine: ${parallel}.\n`);
  const configurations = [...(process.env.BGH_BENCH_SEQUENTIAL === "0" ? [] : [1]), parallel];
  const walls = new Map<number, number>();
  let last: ScenarioRun[] = [];
  for (const at of configurations) {
    const started = performance.now();
    last = await runScenarios(SCENARIOS, engine, newRunId(), {
      parallel: at,
      run: () => ({ seed, log: () => undefined }),
      onFinished: (run) => console.log(`  parallel ${at}: ${run.id} ${run.notApplicable ? "not applicable to this engine" : `${run.reached ? "reached" : "NOT reached"} in ${formatDuration(run.durationMs)}`}`),
    });
    walls.set(at, performance.now() - started);
    const failed = last.filter((run) => !run.reached && !run.notApplicable).map((run) => run.id);
    console.log(`parallel ${at}: ${formatDuration(walls.get(at)!)}${failed.length ? `; NOT at their outcome: ${failed.join(", ")}` : "; every scenario at its declared outcome"}`);
  }
  const sequential = walls.get(1);
  const wall = walls.get(parallel)!;
  if (sequential !== undefined && parallel !== 1) console.log(`sequential / parallel ${parallel} = ${(sequential / wall).toFixed(2)}x`);
  console.log(`catalogue at default settings ${formatDuration(wall)} against target ${formatDuration(CATALOGUE_TARGET_MS)}: ${wall <= CATALOGUE_TARGET_MS ? "MET" : "MISSED"}\n`);

  console.log(`Each scenario (last run, parallel ${configurations.at(-1)}), by phase:`);
  console.log(
    table(
      ["scenario", "time", `<= ${SCENARIO_TARGET_MS / 1000} s`, "phases"],
      last.map((run) => (run.notApplicable
        ? [run.id, "-", "n/a", "not applicable to this engine"]
        : [run.id, formatDuration(run.durationMs), run.durationMs <= SCENARIO_TARGET_MS ? "MET" : "MISSED", phasesOf(run)])),
    ),
  );
  console.log("\nBy kind of work (wall-clock per kind, overlaps counted once):");
  for (const run of last.filter((candidate) => !candidate.notApplicable)) console.log(`${run.id.padEnd(30)} ${profileLineOf({ profile: run.profile, durationMs: run.durationMs })}`);
  for (const run of last.filter((candidate) => candidate.durationMs > SCENARIO_TARGET_MS)) console.log(`\n${whatHoldsBack(run)}`);
  return 0;
}

/** Which phase of a scenario over its target takes longest, and which kind of timed work; or that its own statements do. */
function whatHoldsBack(run: ScenarioRun): string {
  const [phase] = outerPhases(run).sort((a, b) => b.endMs - b.startMs - (a.endMs - a.startMs));
  const [kind] = [...run.profile].sort((a, b) => b.ms - a.ms);
  const lines = [`${run.id} is over ${SCENARIO_TARGET_MS / 1000} s (${formatDuration(run.durationMs)}).`];
  if (phase) lines.push(`  longest phase: ${phase.name}, ${formatDuration(phase.endMs - phase.startMs)}`);
  if (kind) lines.push(`  longest kind of timed work: ${kind.kind}, ${formatDuration(kind.ms)} (longest single: ${kind.longest.what}, ${formatDuration(kind.longest.ms)})`);
  // Kinds overlap (a copy inside a wait), so their sum only bounds the timed work from above.
  const timed = run.profile.reduce((sum, entry) => sum + entry.ms, 0);
  if (timed < run.durationMs / 2) lines.push(`  all timed work together is under half of it (${formatDuration(timed)} at most): the scenario's own statements and checks take the rest`);
  return lines.join("\n");
}

/** Top-level phases only (those not inside another), "name 3.2 s", in order. */
function phasesOf(run: ScenarioRun): string {
  return outerPhases(run).map((phase) => `${phase.name} ${formatDuration(phase.endMs - phase.startMs)}`).join(" · ");
}

function outerPhases(run: ScenarioRun) {
  const phases = run.recording.timeline.phases;
  return phases.filter((phase) => !phases.some((other) => other !== phase && other.startMs <= phase.startMs && other.endMs >= phase.endMs && (other.startMs < phase.startMs || other.endMs > phase.endMs)));
}
