import { deploymentReaches } from "../../fakes/rds/api-waits.ts";
import type { ScenarioRds } from "./scenario-rds.ts";

/** How one switchover ended, as a user's script sees it through the API. */
export interface SwitchoverAttempt {
  status: string;
  statusDetails: string;
  /** From the SwitchoverBlueGreenDeployment call to the status that ended it. */
  seconds: number;
  /** The deployment's events since the call, oldest first. */
  events: string[];
}

/** Seconds a switchover may run past its own timeout before the wait calls it hung: rollback and polling included. */
const GRACE_SECONDS = 60;

/**
 * Starts a switchover and polls until it has ended: AVAILABLE (refused or rolled back),
 * SWITCHOVER_COMPLETED or SWITCHOVER_FAILED. The wait is bounded by the switchover's own timeout plus
 * a grace period, so a switchover that never ends fails the scenario with what it last showed.
 */
export async function attemptSwitchover(fake: Pick<ScenarioRds, "rds">, deploymentId: string, timeoutSeconds: number): Promise<SwitchoverAttempt> {
  const began = new Date();
  await fake.rds.switchoverBlueGreenDeployment({ BlueGreenDeploymentIdentifier: deploymentId, SwitchoverTimeout: timeoutSeconds });
  const ended = await deploymentReaches(fake.rds, deploymentId, ["AVAILABLE", "SWITCHOVER_COMPLETED", "SWITCHOVER_FAILED"], (timeoutSeconds + GRACE_SECONDS) * 1000);
  const seconds = (Date.now() - began.getTime()) / 1000;
  const { Events } = await fake.rds.describeEvents({ SourceType: "blue-green-deployment", SourceIdentifier: deploymentId, StartTime: began });
  return { status: ended.Status!, statusDetails: ended.StatusDetails ?? "", seconds, events: (Events ?? []).map((event) => event.Message ?? "") };
}

/** How many times a switchover refused for green's lag is tried again before the refusal stands. */
const LAG_REFUSALS_TRIED_AGAIN = 3;

/**
 * A switchover as an operator runs one under load: `settle` (wait until green has caught up with
 * blue), switch over, and if RDS refuses at once for green's replica lag (a loaded machine can put
 * green seconds behind between the wait and the guardrail's look), settle again and try again, at
 * most LAG_REFUSALS_TRIED_AGAIN more times. Every other ending is returned as it came, with the lag
 * refusals that came before it, so a scenario that needs the switchover to get past its guardrails
 * (to land a fault mid-switchover) is not undone by a moment's lag, and its report says it happened.
 */
export async function attemptSwitchoverPastLag(
  fake: Pick<ScenarioRds, "rds">,
  deploymentId: string,
  timeoutSeconds: number,
  settle: () => Promise<void>,
): Promise<SwitchoverAttempt & { lagRefusals: string[] }> {
  const lagRefusals: string[] = [];
  for (;;) {
    await settle();
    const attempt = await attemptSwitchover(fake, deploymentId, timeoutSeconds);
    const refusedForLag = attempt.status === "AVAILABLE" && /^Switchover canceled due to replica lag on \S+ of \d+ s exceeds /.test(attempt.statusDetails);
    if (!refusedForLag || lagRefusals.length === LAG_REFUSALS_TRIED_AGAIN) return { ...attempt, lagRefusals };
    lagRefusals.push(attempt.statusDetails);
  }
}

/** The cancellation as RDS words it, in StatusDetails and in the deployment's events (seed 002's "canceled due to"). */
export function canceledWith(attempt: SwitchoverAttempt, blue: string, green: string, reason: RegExp): boolean {
  return (
    attempt.status === "AVAILABLE" &&
    new RegExp(`^Switchover canceled due to ${reason.source}`).test(attempt.statusDetails) &&
    attempt.events.some((message) => new RegExp(`^Switchover from DB cluster ${escapeRegExp(blue)} to ${escapeRegExp(green)} was canceled due to ${reason.source}`).test(message)) &&
    attempt.events.includes("Switchover canceled on blue/green deployment.") &&
    !attempt.events.some((message) => message.includes("Renamed databases"))
  );
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
