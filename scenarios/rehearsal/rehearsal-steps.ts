import { messageOf } from "../../harness/errors/harness-error.ts";
import { runShellCommand } from "../../harness/process/shell-command.ts";
import type { RehearsalStep } from "../../harness/rehearsal-file/rehearsal-definition.ts";
import { MysqlSession } from "../../harness/sql/mysql-session.ts";
import { runSqlFile } from "../../harness/sql/sql-script.ts";
import { withTimeout } from "../../harness/wait/wait-until.ts";
import { switchoverCoordinates } from "../support/switchover-journey.ts";
import { runAction } from "./rehearsal-actions.ts";
import { runAssertion } from "./rehearsal-assertions.ts";
import { resolveEndpoint } from "./rehearsal-endpoints.ts";
import { runFault } from "./rehearsal-faults.ts";
import type { RehearsalRun } from "./rehearsal-run.ts";
import { describeServerStates, serverStates, type ServerState } from "./server-states.ts";
import { stepEnvironment } from "./step-environment.ts";

/** How one step of a rehearsal ended. */
export interface StepResult {
  name: string;
  index: number;
  kind: RehearsalStep["kind"];
  /** "passed"; "failed"; "failed as expected" (declared under expect.fails and matched); "not run" (an earlier step failed). */
  outcome: "passed" | "failed" | "failed as expected" | "not run";
  durationMs: number;
  /** What it did (passed) or why it failed. */
  detail: string;
  exitCode?: number | null;
  lastLines?: string[];
  /** Each server's read-only and replication state when the step failed. */
  states?: ServerState[];
}

/**
 * Runs the file's steps in order, each as a phase of the scenario's timeline. A step that fails as the
 * file declares (expect.fails, its error or output containing the text) is the rehearsal's point and
 * the next steps run; any other failure stops the steps, with the step's exit code, its last lines of
 * output and every server's state recorded.
 */
export async function runSteps(run: RehearsalRun): Promise<StepResult[]> {
  const results: StepResult[] = [];
  let stopped = false;
  for (const step of run.definition.steps) {
    if (stopped) {
      results.push({ name: step.name, index: step.index, kind: step.kind, outcome: "not run", durationMs: 0, detail: "an earlier step failed" });
      continue;
    }
    run.context.log(`step ${step.index}: ${step.name}`);
    const result = await run.fake.record.phase(step.name, () => runStep(run, step));
    if (result.outcome === "failed") {
      const declared = run.definition.expect.fails.find((failure) => failure.step === step.name);
      result.states = await serverStates(run);
      // The named error may be in the step's own words, its output, or a server's replication state (13146 on old blue).
      const text = [result.detail, ...(result.lastLines ?? []), ...result.states.map((state) => state.replication)].join("\n");
      if (declared && text.includes(declared.with)) result.outcome = "failed as expected";
      else stopped = true;
      const lines = [`step ${step.index} (${step.name}) ${result.outcome}: ${result.detail}`];
      if (result.exitCode !== undefined) lines.push(`  exit code ${result.exitCode}; last lines of its output:`, ...(result.lastLines ?? []).map((line) => `    | ${line}`));
      lines.push("  each server now:", ...describeServerStates(result.states).map((line) => `    ${line}`));
      for (const line of lines) run.context.log(line);
      run.fake.record.mark(result.outcome === "failed" ? "fault" : "note", `step failed: ${step.name}`, result.detail);
    } else {
      run.context.log(`  ${result.detail}`);
    }
    results.push(result);
  }
  return results;
}

async function runStep(run: RehearsalRun, step: RehearsalStep): Promise<StepResult> {
  const started = performance.now();
  const base = { name: step.name, index: step.index, kind: step.kind };
  const timeoutMs = step.timeoutSeconds * 1000;
  if (step.kind === "run") {
    const result = await runShellCommand(step.command, {
      cwd: run.definition.folder,
      env: stepEnvironment(run, step.env),
      timeoutMs,
      onLine: (line) => run.context.log(`  | ${line}`),
      runId: run.context.runId,
    });
    await followRunbook(run);
    const ok = result.exitCode === 0 && !result.timedOut;
    const detail = ok ? `exit code 0 in ${(result.durationMs / 1000).toFixed(1)} s` : result.timedOut ? `timed out after ${step.timeoutSeconds} s (its process group was killed)` : `exit code ${result.exitCode ?? result.signal}`;
    return { ...base, outcome: ok ? "passed" : "failed", durationMs: result.durationMs, detail, exitCode: result.exitCode, lastLines: result.lastLines };
  }
  try {
    const detail = await withTimeout(`step "${step.name}"`, timeoutMs, runBuiltIn(run, step), `raise its timeout-seconds (now ${step.timeoutSeconds})`);
    return { ...base, outcome: "passed", durationMs: Math.round(performance.now() - started), detail };
  } catch (error) {
    return { ...base, outcome: "failed", durationMs: Math.round(performance.now() - started), detail: messageOf(error).replace(/\s+/g, " ") };
  }
}

async function runBuiltIn(run: RehearsalRun, step: Exclude<RehearsalStep, { kind: "run" }>): Promise<string> {
  switch (step.kind) {
    case "sql": {
      const endpoint = resolveEndpoint(run, step.on);
      const session = new MysqlSession(() => ({ ...endpoint.target, database: run.definition.database }));
      try {
        await runSqlFile(session, step.file);
      } finally {
        await session.close();
      }
      return `ran on ${endpoint.name} (${endpoint.rdsName})`;
    }
    case "action":
      return runAction(run, step.action, step.with, step.timeoutSeconds * 1000);
    case "fault":
      return runFault(run, step.name, step.fault, step.on, step.atSwitchoverPhase);
    case "assert":
      return runAssertion(run, step.assert, step.waitSeconds);
  }
}

/**
 * After a runbook step, learn what it did through the API as the built-in actions would have: the
 * deployment it created, and the coordinates of the switchover it ran, so that later built-in steps
 * and endpoint names (green) work whichever way the runbook did it.
 */
async function followRunbook(run: RehearsalRun): Promise<void> {
  try {
    const { state } = run.fake.service.model;
    if (!run.deployment) {
      const { BlueGreenDeployments } = await run.fake.rds.describeBlueGreenDeployments({});
      const found = BlueGreenDeployments?.find((deployment) => deployment.Status !== "DELETING" && deployment.Target);
      if (found) {
        const switched = found.Status === "SWITCHOVER_COMPLETED";
        const green = switched ? run.definition.cluster.name : found.Target!.split(":").at(-1)!;
        const writer = state.writerOf(state.cluster(green));
        if (writer.node) run.deployment = { id: found.BlueGreenDeploymentIdentifier!, green, greenInstance: writer.identifier, greenWriter: writer.node };
      }
    }
    if (run.deployment && !run.coordinates) {
      const { BlueGreenDeployments } = await run.fake.rds.describeBlueGreenDeployments({ BlueGreenDeploymentIdentifier: run.deployment.id });
      if (BlueGreenDeployments?.[0]?.Status === "SWITCHOVER_COMPLETED") run.coordinates = await switchoverCoordinates(run.fake, run.definition.cluster.name);
    }
  } catch (error) {
    run.context.log(`(could not read the deployment the runbook left: ${messageOf(error).split("\n")[0]})`);
  }
}
