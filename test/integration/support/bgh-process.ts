import { spawn } from "node:child_process";
import path from "node:path";

const BGH = path.resolve("cli/bgh.mjs");

/** bgh as a user runs it: a child process (CI mode: plain progress lines) whose output is read as it comes. */
export function bgh(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BGH, ...args], { env: { ...process.env, CI: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const waiters: Array<{ pattern: RegExp; resolve: (match: RegExpMatchArray) => void }> = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of [...waiters]) {
      const match = output.match(waiter.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    /** Resolves with the first match of `pattern` in the output; fails after `timeoutMs`, showing the output. */
    waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
      const found = output.match(pattern);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${output}`)), timeoutMs);
        waiters.push({ pattern, resolve: (match) => (clearTimeout(timer), resolve(match)) });
      });
    },
  };
}

/** The arguments of a printed `npx bgh ...` line, to run it as printed. */
export function argumentsOf(commandLine: string): string[] {
  return commandLine.trim().replace(/^npx bgh\s+/, "").split(/\s+/);
}
