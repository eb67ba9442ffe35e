import fc from "fast-check";
import { HarnessError } from "../errors/harness-error.ts";

export interface SeededCheckOptions {
  seed: number;
  numRuns: number;
  /** Replays only this counterexample (fast-check's path), as printed by a failure. */
  path?: string;
  /** Shrink a counterexample (cheap runs), or report the first one as found (expensive runs). */
  shrink: boolean;
  /** Runs and shrinking stop after this long: shrinking against real servers could otherwise run for ever. */
  timeLimitMs: number;
}

export type SeededCheckResult =
  | { failed: false; runs: number; interrupted: boolean }
  | { failed: true; runs: number; counterexample: string; path: string; cause: string; report: string };

/**
 * A fast-check property run from a given seed, so that the same seed replays the same runs exactly (and
 * a path replays one counterexample). The result is data, for scenarios to report; nothing throws for a
 * failed property.
 */
export async function checkSeeded<Ts>(property: fc.IAsyncProperty<Ts>, options: SeededCheckOptions): Promise<SeededCheckResult> {
  for (const [name, value] of [["seed", options.seed], ["numRuns", options.numRuns]] as const) {
    if (!Number.isSafeInteger(value)) throw new HarnessError({ what: "running a seeded property", cause: `${name} is ${value}, not a whole number`, fix: `give ${name} as a whole number` });
  }
  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: options.numRuns,
    endOnFailure: !options.shrink,
    interruptAfterTimeLimit: options.timeLimitMs,
    ...(options.path ? { path: options.path } : {}),
  });
  if (!details.failed) return { failed: false, runs: details.numRuns, interrupted: details.interrupted };
  return {
    failed: true,
    runs: details.numRuns,
    counterexample: fc.stringify(details.counterexample),
    path: details.counterexamplePath ?? "",
    cause: details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance),
    report: (await fc.asyncDefaultReportMessage(details)) ?? "property failed",
  };
}
