import { execSync } from "node:child_process";
import os from "node:os";
import { describe, expect, it } from "vitest";
import { endCommandsOfRun, runShellCommand } from "../../../harness/process/shell-command.ts";

const options = { cwd: os.tmpdir(), env: { ...process.env, GREETING: "hello" }, timeoutMs: 10_000 };

function running(marker: string): boolean {
  return execSync("ps -eo args").toString().split("\n").some((line) => line.includes(marker) && !line.includes("ps -eo"));
}

describe("runShellCommand", () => {
  it("returns the exit code and the last lines, with the environment given", async () => {
    const result = await runShellCommand('for i in $(seq 1 30); do echo "line $i"; done; echo "$GREETING" >&2; exit 3', { ...options, keepLines: 5 });
    expect(result).toMatchObject({ exitCode: 3, timedOut: false, lastLines: ["line 27", "line 28", "line 29", "line 30", "hello"] });
  });

  it("stops at the first failing command (bash -e, pipefail)", async () => {
    const result = await runShellCommand("false | cat\necho not reached", options);
    expect(result.exitCode).toBe(1);
    expect(result.lastLines).toEqual([]);
  });

  it("kills the whole process group on timeout, leaving nothing running", async () => {
    const marker = `bgh-shell-test-${process.pid}-${Date.now()}`;
    const result = await runShellCommand(`(exec -a ${marker} sleep 300) & echo started; sleep 300`, { ...options, timeoutMs: 500 });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).not.toBe(0);
    expect(result.lastLines[0]).toBe("started");
    expect(result.lastLines.at(-1)).toMatch(/no end after 1 s: SIGTERM/);
    expect(running(marker)).toBe(false);
  });

  it("ends what the command left in the background when it exits", async () => {
    const marker = `bgh-shell-bg-${process.pid}-${Date.now()}`;
    const result = await runShellCommand(`(exec -a ${marker} sleep 300) > /dev/null 2>&1 & echo done`, options);
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, lastLines: ["done"] });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(running(marker)).toBe(false);
  });

  it("ends a run's commands when the run is ended from outside (a soak's timeout or Ctrl-C), and only that run's", async () => {
    const marker = `bgh-shell-run-${process.pid}-${Date.now()}`;
    const ours = runShellCommand(`(exec -a ${marker} sleep 300) & echo started; sleep 300`, { ...options, runId: "run-a" });
    const other = runShellCommand("sleep 1; echo other finished", { ...options, runId: "run-b" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    endCommandsOfRun("run-a");
    const result = await ours;
    expect(result.timedOut).toBe(false);
    expect(result.exitCode ?? result.signal).not.toBe(0);
    expect(result.lastLines.at(-1)).toMatch(/its run was ended: SIGTERM/);
    expect(running(marker)).toBe(false);
    expect(await other).toMatchObject({ exitCode: 0, lastLines: ["other finished"] });
    // A step the ended run reaches afterwards (it was finishing a built-in step) does not start.
    const late = await runShellCommand(`exec -a ${marker}-late sleep 300`, { ...options, runId: "run-a" });
    expect(late).toMatchObject({ exitCode: null, lastLines: ["(bgh: not started: its run was ended)"] });
    expect(running(`${marker}-late`)).toBe(false);
  });
});
