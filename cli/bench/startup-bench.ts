import { BlueGreenEnvironment } from "../../harness/environment/blue-green-environment.ts";
import type { CopyMethod } from "../../harness/environment/consistent-copy.ts";
import type { StartedBlueGreenEnvironment } from "../../harness/environment/started-blue-green-environment.ts";
import { engineLine } from "../commands/engine-option.ts";
import { engineImageFromEnvironment } from "../../harness/images/engine-image.ts";
import { newRunId } from "../../harness/lifecycle/run-id.ts";
import { nodeMemory, type NodeMemory } from "./node-memory.ts";
import { median, table } from "./figures.ts";

const WARM_TARGET_MS = 2500;
const MEMORY_TARGET_MB = 300;

interface Sample {
  totalMs: number;
  phases: Record<string, number>;
}

/**
 * `npm run bench`: time from nothing to a green replica caught up with blue, per phase, cold
 * (data directories initialized at start) against warm (pre-initialized image), for each copy method,
 * and the resident memory of idle nodes. Prints figures and ratios against the targets; asserts nothing.
 */
export async function runStartupBench(): Promise<number> {
  const repetitions = Number(process.env.BGH_BENCH_REPETITIONS ?? 3);
  const engine = await engineImageFromEnvironment({ runId: newRunId() });
  console.log(engineLine(engine));
  console.log(`Machine: ${(await import("node:os")).cpus().length} cores. ${repetitions} repetitions per configuration; medians shown.\n`);

  const methods: CopyMethod[] = engine.dialect.supportsClone ? ["pristine", "dump", "clone"] : ["pristine", "dump"];
  const results: Array<{ label: string; samples: Sample[] }> = [];
  let memory: NodeMemory[] = [];
  for (const cold of [false, true]) {
    for (const method of methods) {
      const samples: Sample[] = [];
      for (let i = 0; i < repetitions; i++) {
        const started = performance.now();
        const environment = await new BlueGreenEnvironment(engine).withCopyMethod(method).withColdStart(cold).start();
        const totalMs = Math.round(performance.now() - started);
        samples.push({ totalMs, phases: Object.fromEntries(environment.phases.map((p) => [p.phase.replace(/ \((pristine|dump|clone)\)/, ""), p.ms])) });
        if (!cold && i === 0 && memory.length === 0) memory = await idleMemory(environment);
        await environment.remove();
      }
      results.push({ label: `${cold ? "cold" : "warm"} ${method}`, samples });
    }
  }

  const phaseNames = [...new Set(results.flatMap((r) => r.samples.flatMap((s) => Object.keys(s.phases))))];
  console.log("Time from nothing to green replicating and caught up with blue (ms, median):");
  console.log(
    table(
      ["configuration", ...phaseNames, "total"],
      results.map((r) => [r.label, ...phaseNames.map((p) => String(median(r.samples.map((s) => s.phases[p] ?? 0)))), String(median(r.samples.map((s) => s.totalMs)))]),
    ),
  );
  console.log("");
  for (const method of methods) {
    const warm = median(results.find((r) => r.label === `warm ${method}`)!.samples.map((s) => s.totalMs));
    const cold = median(results.find((r) => r.label === `cold ${method}`)!.samples.map((s) => s.totalMs));
    const warmSamples = results.find((r) => r.label === `warm ${method}`)!.samples;
    const slowest = phaseNames.map((p) => ({ phase: p, ms: median(warmSamples.map((s) => s.phases[p] ?? 0)) })).sort((a, b) => b.ms - a.ms)[0];
    const heldBack = warm > WARM_TARGET_MS && slowest ? `; held back most by "${slowest.phase}" (${slowest.ms} ms)` : "";
    console.log(`${method}: cold/warm = ${(cold / warm).toFixed(2)}x; warm ${warm} ms against target ${WARM_TARGET_MS} ms: ${warm <= WARM_TARGET_MS ? "MET" : "MISSED"}${heldBack}`);
  }
  console.log("\nResident memory of idle nodes (warm, 3 s after green caught up):");
  console.log(table(["node", "mysqld RSS (MB)", "container memory (MB)", `target <= ${MEMORY_TARGET_MB} MB`], memory.map((m) => [m.node, m.rssMb.toFixed(0), m.cgroupMb.toFixed(0), m.rssMb <= MEMORY_TARGET_MB ? "MET" : "MISSED"])));
  return 0;
}

async function idleMemory(environment: StartedBlueGreenEnvironment) {
  await new Promise((resolve) => setTimeout(resolve, 3000));
  return Promise.all(environment.nodes().map((node) => nodeMemory(node)));
}
