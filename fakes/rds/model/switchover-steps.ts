import { AwaitedObservers, type AwaitedObserver } from "./awaited-observers.ts";
import type { GuardrailResult } from "./switchover-guardrails.ts";

/**
 * The steps of a switchover, in seed 002's order. "renames" is the commit point: a switchover stopped
 * before it is rolled back; from it on, it completes (or is reported failed).
 */
export const SWITCHOVER_STEPS = ["guardrails", "stop-writes", "drop-connections", "catch-up", "renames", "allow-writes"] as const;

export type SwitchoverStep = (typeof SWITCHOVER_STEPS)[number];

export interface SwitchoverStepNotice {
  deploymentId: string;
  step: SwitchoverStep;
  /** The clusters' names as they were when the switchover began (the renames change them). */
  blueCluster: string;
  greenCluster: string;
}

/** Told as a step begins; the switchover waits for it before running the step. */
export type SwitchoverStepObserver = AwaitedObserver<SwitchoverStepNotice>;

/** Told what the guardrails saw, pass or fail, once they have been evaluated (reports show every check). */
export type GuardrailObserver = (deploymentId: string, results: readonly GuardrailResult[]) => void;

/**
 * Observers of switchovers' progress. A rehearsal of faults (a network cut, a killed server) needs them
 * to land at a known step, which the switchover's own pacing would leave to chance: so each observer is
 * awaited before the step runs. The switchover's deadline keeps running meanwhile, as RDS's would.
 * An observer that fails is the observer's own business: it never changes the switchover.
 */
export class SwitchoverStepObservers {
  private readonly steps = new AwaitedObservers<SwitchoverStepNotice>();
  private readonly guardrailObservers = new Set<GuardrailObserver>();

  /** Returns the function that stops observing. */
  observeGuardrails(observer: GuardrailObserver): () => void {
    this.guardrailObservers.add(observer);
    return () => this.guardrailObservers.delete(observer);
  }

  guardrailsEvaluated(deploymentId: string, results: readonly GuardrailResult[]): void {
    for (const observer of [...this.guardrailObservers]) {
      try {
        observer(deploymentId, results);
      } catch {
        // An observer's failure never changes the switchover.
      }
    }
  }

  /** Returns the function that stops observing. */
  observe(observer: SwitchoverStepObserver): () => void {
    return this.steps.observe(observer);
  }

  /** Awaits every observer before the step runs (see the class comment). */
  reached(notice: SwitchoverStepNotice): Promise<void> {
    return this.steps.notify(notice);
  }
}
