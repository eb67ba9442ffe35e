import { reap } from "../../harness/lifecycle/reaper.ts";
import { parseOptions } from "./engine-option.ts";

/** Removes what crashed runs left behind (Ryuk cannot run without a registry, so this is our reaper). */
export async function reapCommand(args: string[]): Promise<number> {
  const { values } = parseOptions("reap", args, { all: { type: "boolean", default: false }, run: { type: "string" } });
  const runId = values.run as string | undefined;
  const result = await reap(runId ? { runId } : { all: values.all as boolean });
  const removed = [...result.containers.map((c) => `container ${c}`), ...result.networks.map((n) => `network ${n}`), ...result.hostBlocks.map((r) => `hosts-file names of ${r}`)];
  console.log(removed.length ? `Removed ${removed.length}: ${removed.join(", ")}` : "Nothing to remove.");
  if (!values.all && !runId) console.log("(Resources of runs still in progress, and kept ones, were left alone; --all removes them too.)");
  return 0;
}
