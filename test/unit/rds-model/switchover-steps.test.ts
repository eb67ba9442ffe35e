import { describe, expect, it } from "vitest";
import { SwitchoverStepObservers, type SwitchoverStepNotice } from "../../../fakes/rds/model/switchover-steps.ts";

const notice = (step: SwitchoverStepNotice["step"]): SwitchoverStepNotice => ({ deploymentId: "bgd-1", step, blueCluster: "app", greenCluster: "app-green-abc123" });

describe("switchover step observers", () => {
  it("are awaited before the step goes on, in the order they were added", async () => {
    const observers = new SwitchoverStepObservers();
    const seen: string[] = [];
    observers.observe(async ({ step }) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen.push(`slow ${step}`);
    });
    observers.observe(({ step }) => void seen.push(`fast ${step}`));
    await observers.reached(notice("catch-up"));
    seen.push("step runs");
    expect(seen).toEqual(["slow catch-up", "fast catch-up", "step runs"]);
  });

  it("never let an observer's failure reach the switchover, and the others are still told", async () => {
    const observers = new SwitchoverStepObservers();
    const seen: string[] = [];
    observers.observe(() => {
      throw new Error("the fault injector broke");
    });
    observers.observe(async () => Promise.reject(new Error("so did this one")));
    observers.observe(({ step }) => void seen.push(step));
    await expect(observers.reached(notice("stop-writes"))).resolves.toBeUndefined();
    expect(seen).toEqual(["stop-writes"]);
  });

  it("stop telling an observer once it stops observing", async () => {
    const observers = new SwitchoverStepObservers();
    const seen: string[] = [];
    const stop = observers.observe(({ step }) => void seen.push(step));
    await observers.reached(notice("guardrails"));
    stop();
    await observers.reached(notice("renames"));
    expect(seen).toEqual(["guardrails"]);
  });
});
