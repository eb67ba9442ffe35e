import { HarnessError } from "../../harness/errors/harness-error.ts";
import { describeStatus, readReplicationStatus, type ReplicationStatus } from "../../harness/replication/replication-status.ts";
import type { StepAssertion } from "../../harness/rehearsal-file/rehearsal-definition.ts";
import { MysqlSession } from "../../harness/sql/mysql-session.ts";
import { waitUntil } from "../../harness/wait/wait-until.ts";
import { resolveEndpoint } from "./rehearsal-endpoints.ts";
import type { RehearsalRun } from "./rehearsal-run.ts";

/**
 * An assert step: every condition it names must hold, checked once or, with wait-seconds, polled
 * until they hold; otherwise the step fails saying what was seen.
 */
export async function runAssertion(run: RehearsalRun, assertion: StepAssertion, waitSeconds: number): Promise<string> {
  const evaluate = async (): Promise<{ ok: boolean; seen: string }> => {
    const seen: string[] = [];
    let ok = true;
    if (assertion.deploymentStatus !== undefined) {
      if (!run.deployment) throw new HarnessError({ what: "checking the deployment's status", cause: "there is no blue/green deployment yet", fix: "assert deployment-status after create-deployment" });
      const { BlueGreenDeployments } = await run.fake.rds.describeBlueGreenDeployments({ BlueGreenDeploymentIdentifier: run.deployment.id });
      const status = BlueGreenDeployments?.[0]?.Status ?? "(none)";
      ok &&= status === assertion.deploymentStatus;
      seen.push(`deployment ${status}${BlueGreenDeployments?.[0]?.StatusDetails ? ` (${BlueGreenDeployments[0].StatusDetails})` : ""}`);
    }
    if (assertion.replication !== undefined || assertion.replicationError !== undefined) {
      const endpoint = resolveEndpoint(run, assertion.on!);
      const status = await readReplicationStatus(endpoint.node, endpoint.node.dialect);
      if (assertion.replication !== undefined) ok &&= replicationState(status) === assertion.replication;
      if (assertion.replicationError !== undefined) ok &&= [status.sqlError?.code, status.ioError?.code].includes(assertion.replicationError);
      seen.push(`${endpoint.name}: ${replicationState(status)} (${status.configured ? describeStatus(status) : "not a replica"})`);
    }
    if (assertion.query !== undefined) {
      const endpoint = resolveEndpoint(run, assertion.on!);
      const session = new MysqlSession(() => ({ ...endpoint.target, database: run.definition.database }));
      try {
        const [row] = await session.query(assertion.query);
        const value = row ? Object.values(row)[0] : undefined;
        const shown = value === null || value === undefined ? null : String(value);
        const wanted = assertion.equals === null || assertion.equals === undefined ? null : String(assertion.equals === true ? 1 : assertion.equals === false ? 0 : assertion.equals);
        ok &&= shown === wanted;
        seen.push(`${assertion.query} on ${endpoint.name} gave ${shown === null ? "NULL" : shown} (expected ${wanted === null ? "NULL" : wanted})`);
      } finally {
        await session.close();
      }
    }
    return { ok, seen: seen.join("; ") };
  };
  if (waitSeconds <= 0) {
    const result = await evaluate();
    if (!result.ok) throw failed(result.seen);
    return result.seen;
  }
  let last = "";
  try {
    return await waitUntil({ what: "the assertion to hold", timeoutMs: waitSeconds * 1000, intervalMs: 500 }, async () => {
      const result = await evaluate();
      last = result.seen;
      return result.ok ? { done: true, value: result.seen } : { done: false, state: result.seen };
    });
  } catch (error) {
    if (last) throw failed(`${last} (still, after ${waitSeconds} s)`);
    throw error;
  }
}

/** running, stopped (configured, threads off, no error), error (a thread stopped on one), none (not a replica). */
export function replicationState(status: ReplicationStatus): "running" | "stopped" | "error" | "none" {
  if (!status.configured) return "none";
  if (status.sqlError || (status.ioError && status.ioThread !== "running")) return "error";
  return status.ioThread === "running" && status.sqlThread === "running" ? "running" : "stopped";
}

function failed(seen: string): HarnessError {
  return new HarnessError({ what: "asserting", cause: `not as expected: ${seen}`, fix: "see each server's state below; if this is the failure the rehearsal shows, declare it under expect.fails" });
}
