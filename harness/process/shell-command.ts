import { spawn } from "node:child_process";
import { onInterrupt } from "../lifecycle/cleanup-on-signal.ts";

export interface ShellCommandResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The last lines the command wrote (stdout and stderr interleaved as they came). */
  lastLines: string[];
  durationMs: number;
}

export interface ShellCommandOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Each line of output as it comes. */
  onLine?: (line: string) => void;
  /** How many of the last lines to keep for the result (default 20). */
  keepLines?: number;
  /** The run it belongs to: `endCommandsOfRun` ends it with the run (a soak's timeout or Ctrl-C). */
  runId?: string;
}

/** Running commands' process-group enders, by run id. */
const running = new Map<string, Set<() => void>>();
/**
 * Runs ended from outside. Kept for the life of the process (an id per ended run): a run that is still
 * finishing a built-in step when it is ended may reach its next runbook step later, which must not start.
 */
const endedRuns = new Set<string>();

/**
 * Ends every command still running for a run (SIGTERM to each process group, SIGKILL after the grace
 * period), and refuses to start any later one of that run: a run ended from outside (a soak's per-run
 * timeout or its Ctrl-C) must not leave a runbook looping against servers that are gone.
 */
export function endCommandsOfRun(runId: string): void {
  endedRuns.add(runId);
  for (const end of running.get(runId) ?? []) end();
}

/** Time a timed-out command's process group gets after SIGTERM before SIGKILL. */
const GRACE_MS = 3000;

/**
 * Runs a command with `bash -e -o pipefail -c` in a process group of its own, so that a timeout (or
 * the end of the rehearsal) ends the command and everything it started: SIGTERM to the group, SIGKILL
 * after a grace period. Never rejects: a command that cannot start reports exit code 127 with why.
 */
export function runShellCommand(command: string, options: ShellCommandOptions): Promise<ShellCommandResult> {
  const started = performance.now();
  const keep = options.keepLines ?? 20;
  const lines: string[] = [];
  const take = (line: string) => {
    lines.push(line);
    if (lines.length > keep) lines.shift();
    options.onLine?.(line);
  };
  if (options.runId && endedRuns.has(options.runId)) {
    return Promise.resolve({ exitCode: null, signal: "SIGTERM", timedOut: false, lastLines: ["(bgh: not started: its run was ended)"], durationMs: 0 });
  }
  return new Promise((resolve) => {
    const child = spawn("bash", ["-e", "-o", "pipefail", "-c", command], { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // The group is gone already.
      }
    };
    const end = (why: string) => {
      take(`(bgh: ${why}: SIGTERM to the step's process group)`);
      signalGroup("SIGTERM");
      killTimer ??= setTimeout(() => signalGroup("SIGKILL"), GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      end(`no end after ${Math.round(options.timeoutMs / 1000)} s`);
    }, options.timeoutMs);
    let closed: () => void = () => undefined;
    const whenClosed = new Promise<void>((done) => (closed = done));
    // Ctrl-C of `bgh rehearse`, and a run ended by its soak: the group ends with it. The interrupt's
    // cleanup waits for the group to go (SIGKILL after the grace period), or the process would exit
    // first and leave a runbook that ignores SIGTERM running in its own group.
    const forgetInterrupt = onInterrupt(async () => {
      end("interrupted");
      await whenClosed;
    });
    const endWithRun = () => end("its run was ended");
    if (options.runId) running.set(options.runId, (running.get(options.runId) ?? new Set()).add(endWithRun));
    for (const stream of [child.stdout, child.stderr]) {
      let partial = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        const parts = (partial + chunk).split("\n");
        partial = parts.pop() ?? "";
        for (const line of parts) take(line);
      });
      stream.on("end", () => {
        if (partial) take(partial);
        partial = "";
      });
    }
    let spawnError: Error | undefined;
    child.on("error", (error) => (spawnError = error));
    // Whatever the shell left running in its group (a forgotten `&`) ends with it, and so do its pipes.
    child.on("exit", () => signalGroup("SIGKILL"));
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      forgetInterrupt();
      if (options.runId) {
        running.get(options.runId)?.delete(endWithRun);
        if (running.get(options.runId)?.size === 0) running.delete(options.runId);
      }
      if (killTimer) clearTimeout(killTimer);
      if (spawnError) take(`(bgh: could not start bash: ${spawnError.message})`);
      closed();
      resolve({ exitCode: spawnError ? 127 : code, signal, timedOut, lastLines: lines, durationMs: Math.round(performance.now() - started) });
    });
  });
}
