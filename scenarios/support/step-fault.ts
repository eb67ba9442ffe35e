import type { SwitchoverStep } from "../../fakes/rds/model/switchover-steps.ts";
import { messageOf } from "../../harness/errors/harness-error.ts";
import { sleep } from "../../harness/wait/wait-until.ts";
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
 * to end. `fault` returns what it did, in words. With `delayMs`, the step is held that long before the
 * fault lands (the workload, replication and the switchover's deadline move on meanwhile): a soak
 * moves the moment across runs this way.
 */
export function injectAtStep(fake: ScenarioRds, deploymentId: string, step: SwitchoverStep, fault: () => Promise<string>, delayMs = 0): StepFault {
  const outcome = { landed: false, detail: `the switchover never reached "${step}"` };
  const stop = fake.service.model.context.switchoverSteps.observe(async (notice) => {
    if (notice.deploymentId !== deploymentId || notice.step !== step) return;
    stop();
    const where = delayMs > 0 ? `${delayMs} ms after reaching "${step}"` : `at "${step}"`;
    try {
      if (delayMs > 0) await sleep(delayMs);
      outcome.detail = `${where}: ${await fault()}`;
      outcome.landed = true;
    } catch (error) {
      outcome.detail = `${where} the fault itself failed: ${messageOf(error).split("\n")[0]}`;
    }
  });
  return { outcome, stop };
}
