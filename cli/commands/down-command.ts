import { reap } from "../../harness/lifecycle/reaper.ts";
import { progress } from "../../harness/progress/progress.ts";
import { waitUntil } from "../../harness/wait/wait-until.ts";
import { parseOptions } from "./engine-option.ts";
import { rmSync } from "node:fs";
import { clearUpState, processAlive, readUpState, upAwsDataDir } from "./up-state.ts";

/** `bgh down`: stops a detached `bgh up` and removes its servers, endpoints and network. */
export async function downCommand(args: string[]): Promise<number> {
  parseOptions("down", args, {});
  const state = readUpState();
  if (!state) {
    console.log("No detached `bgh up` is recorded; nothing to stop. (`bgh reap --all` removes any bgh container.)");
    return 0;
  }
  if (processAlive(state.pid)) {
    progress(`Stopping bgh up (pid ${state.pid})...`);
    process.kill(state.pid, "SIGTERM");
    try {
      await waitUntil({ what: `bgh up (pid ${state.pid}) to stop`, timeoutMs: 120_000, intervalMs: 250 }, async () => (processAlive(state.pid) ? { done: false, state: "running" } : { done: true, value: undefined }));
    } catch {
      progress(`bgh up (pid ${state.pid}) did not stop in time: killing it.`);
      process.kill(state.pid, "SIGKILL");
    }
  }
  // Whatever the process could not remove (it was killed, or crashed earlier) goes now.
  const removed = await reap({ runId: state.runId });
  rmSync(upAwsDataDir(), { recursive: true, force: true });
  clearUpState();
  console.log(`Stopped.${removed.containers.length ? ` Removed ${removed.containers.length} leftover container(s).` : ""}`);
  return 0;
}
