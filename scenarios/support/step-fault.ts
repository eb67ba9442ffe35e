import type { SwitchoverStep } from "../../fakes/rds/model/switchover-steps.ts";
import { messageOf } from "../../harness/errors/harness-error.ts";
import type { ScenarioRds } from "./scenario-rds.ts";

export interface StepFault {
  /** Whether the fault ran, and what it did or why it failed. */
  readonly outcome: { landed: boolean; detail: string };
  /** Stops watching (the fault runs at most once anyway). */
  stop(): void;
}

/**
 * Runs `fault` once, when the deployment's next switchover reaches `step`, before the step runs (the
 * model awaits its step observers): the fault lands at that step every time, not when a sleep happens
 * to end. `fault` returns what it did, in words.
 */
export function injectAtStep(fake: ScenarioRds, deploymentId: string, step: SwitchoverStep, fault: () => Promise<string>): StepFault {
  const outcome = { landed: false, detail: `the switchover never reached "${step}"` };
  const stop = fake.service.model.context.switchoverSteps.observe(async (notice) => {
    if (notice.deploymentId !== deploymentId || notice.step !== step) return;
    stop();
    try {
      outcome.detail = `at "${step}": ${await fault()}`;
      outcome.landed = true;
    } catch (error) {
      outcome.detail = `at "${step}" the fault itself failed: ${messageOf(error).split("\n")[0]}`;
    }
  });
  return { outcome, stop };
}
