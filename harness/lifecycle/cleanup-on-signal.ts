import { progress } from "../progress/progress.ts";

type Cleanup = () => Promise<void>;

const cleanups = new Set<Cleanup>();
let installed = false;

/**
 * Registers work to run if the process is interrupted (Ctrl-C, CI cancelling a job). Returns the
 * function that unregisters it, to call once the resource is gone by the normal path.
 */
export function onInterrupt(cleanup: Cleanup): () => void {
  installSignalHandlers();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

let interceptor: ((signal: NodeJS.Signals) => void) | undefined;

/**
 * Lets a long command end gracefully on the first Ctrl-C (a soak ends its runs and writes the summary of
 * what finished): while set, the first SIGINT or SIGTERM calls `handler` instead of removing everything
 * and exiting; a second one does that at once. Returns the function that removes the handler.
 */
export function interceptInterrupt(handler: (signal: NodeJS.Signals) => void): () => void {
  installSignalHandlers();
  interceptor = handler;
  return () => {
    if (interceptor === handler) interceptor = undefined;
  };
}

let exitingWith: number | undefined;

/**
 * The exit code a signal's cleanup will end the process with, once a signal is being handled: the
 * command's own result must not overtake it (a `--keep` run released by Ctrl-C exits 130, not 1).
 */
export function exitCodeOfSignal(): number | undefined {
  return exitingWith;
}

function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    const handle = () => {
      if (interceptor) {
        const graceful = interceptor;
        interceptor = undefined;
        process.once(signal, handle);
        progress(`${signal} received: ending the runs in progress (again to stop at once)...`);
        graceful(signal);
        return;
      }
      // Nothing of ours to remove (test runners end their workers this way): exit as the default would.
      if (cleanups.size === 0) process.exit(code);
      exitingWith = code;
      progress(`${signal} received: removing this run's containers and networks...`);
      const pending = [...cleanups].map((cleanup) => cleanup().catch((error) => progress(`cleanup failed: ${String(error)}`)));
      // Bounded: a hung engine must not turn Ctrl-C into a hang. Leftovers are reaped on the next run.
      const deadline = setTimeout(() => process.exit(code), 20_000);
      deadline.unref();
      void Promise.all(pending).then(() => process.exit(code));
    };
    process.once(signal, handle);
  }
}
