import { newRunId } from "../../harness/lifecycle/run-id.ts";
import { reap } from "../../harness/lifecycle/reaper.ts";
import { progress } from "../../harness/progress/progress.ts";
import { parseOptions, resolveEngine } from "./engine-option.ts";

/**
 * Everything a run needs before its first container: a Docker engine, leftovers of crashed runs
 * removed, the engine image (pulled or built) and its pre-initialized twin. Idempotent and quick
 * once done; `npm test` runs it first so that test workers never race to build the same image.
 */
export async function prepareCommand(args: string[]): Promise<number> {
  const { values } = parseOptions("prepare", args, { engine: { type: "string" } });
  const runId = newRunId();
  const orphans = await reap();
  if (orphans.containers.length + orphans.networks.length + orphans.hostBlocks.length > 0) {
    progress(`Removed leftovers of crashed runs: ${[...orphans.containers, ...orphans.networks, ...orphans.hostBlocks.map((run) => `hosts-file names of ${run}`)].join(", ")}`);
  }
  await resolveEngine(values.engine as string | undefined, runId);
  return 0;
}
