import type { SwitchoverStep } from "../../fakes/rds/model/switchover-steps.ts";
import { HarnessError } from "../../harness/errors/harness-error.ts";
import type { StartedMysqlNode } from "../../harness/node/started-mysql-node.ts";
import type { FaultName } from "../../harness/rehearsal-file/rehearsal-definition.ts";
import { injectAtStep } from "../support/step-fault.ts";
import { resolveEndpoint } from "./rehearsal-endpoints.ts";
import type { RehearsalRun } from "./rehearsal-run.ts";

/** What was done to each server, so that `heal` knows what to undo. */
const damage = new WeakMap<StartedMysqlNode, Exclude<FaultName, "heal" | "restart">>();

/**
 * A fault of a rehearsal file on the server behind an endpoint: now, or (at.switchover-phase) when the
 * next switchover reaches that phase, through the same step observer the built-in fault scenarios use.
 */
export async function runFault(run: RehearsalRun, stepName: string, fault: FaultName, on: string, atPhase?: string): Promise<string> {
  if (!atPhase) return applyFault(resolveEndpoint(run, on).node, fault);
  if (!run.deployment) throw new HarnessError({ what: `arming fault ${fault} at ${atPhase}`, cause: "there is no blue/green deployment yet", fix: "put the fault after create-deployment (or after the runbook step that creates it)" });
  // The server is resolved when the phase comes: by then `green` may be the only one still answering.
  const armed = injectAtStep(run.fake, run.deployment.id, atPhase as SwitchoverStep, () => applyFault(resolveEndpoint(run, on).node, fault));
  run.pendingFaults.push({ ...armed, step: stepName });
  return `armed: ${fault} ${on} when the next switchover reaches "${atPhase}"`;
}

async function applyFault(node: StartedMysqlNode, fault: FaultName): Promise<string> {
  switch (fault) {
    case "cut":
      await node.disconnectFromNetwork();
      damage.set(node, "cut");
      return `${node.name} cut from its network`;
    case "kill":
      await node.kill();
      damage.set(node, "kill");
      return `${node.name} killed (SIGKILL)`;
    case "pause":
      await node.pause();
      damage.set(node, "pause");
      return `${node.name} paused`;
    case "restart":
      await node.restart();
      return `${node.name} restarted`;
    case "heal": {
      const done = damage.get(node);
      damage.delete(node);
      if (done === "cut") await node.reconnectToNetwork();
      else if (done === "pause") await node.unpause();
      else if (done === "kill") await node.startAgain();
      return done ? `${node.name} healed (${done} undone)` : `${node.name} had no fault to heal`;
    }
  }
}
