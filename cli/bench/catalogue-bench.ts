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
      onFinished: (run) => console.log(`  parallel ${at}: ${run.id} ${run.reached ? "reached" : "NOT reached"} in ${formatDuration(run.durationMs)}`),
    });
    walls.set(at, performance.now() - started);
    const failed = last.filter((run) => !run.reached).map((run) => run.id);
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
      last.map((run) => [run.id, formatDuration(run.durationMs), run.durationMs <= SCENARIO_TARGET_MS ? "MET" : "MISSED", phasesOf(run)]),
    ),
  );
  console.log("\nBy kind of work (wall-clock per kind, overlaps counted once):");
  for (const run of last) console.log(`${run.id.padEnd(30)} ${profileLineOf({ profile: run.profile, durationMs: run.durationMs })}`);
  const slow = last.filter((run) => run.durationMs > SCENARIO_TARGET_MS);
  for (const run of slow) {
    const top = [...run.profile].sort((a, b) => b.ms - a.ms)[0];
    console.log(`\n${run.id} is over ${SCENARIO_TARGET_MS / 1000} s; most of it: ${top ? `${top.kind} ${formatDuration(top.ms)} (longest: ${top.longest.what}, ${formatDuration(top.longest.ms)})` : "nothing timed"}`);
  }
  return 0;
}

/** Top-level phases only (those not inside another), "name 3.2 s", in order. */
function phasesOf(run: ScenarioRun): string {
  const phases = run.recording.timeline.phases;
  const outer = phases.filter((phase) => !phases.some((other) => other !== phase && other.startMs <= phase.startMs && other.endMs >= phase.endMs && (other.startMs < phase.startMs || other.endMs > phase.endMs)));
  return outer.map((phase) => `${phase.name} ${formatDuration(phase.endMs - phase.startMs)}`).join(" · ");
}
