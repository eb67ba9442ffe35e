import type { WorkloadKnob } from "../scenario/scenario.ts";

export interface ShrinkResult {
  /** The smallest knob values that still failed (only knobs lowered from their start). */
  options: Record<string, number>;
  /** How many runs shrinking made. */
  tried: number;
}

/**
 * Lowers a failing run's workload knobs (writers, rows, duration...) one at a time to the smallest
 * value that still fails, by bisection between the knob's minimum and its value in the failed run,
 * the seed and fault placement unchanged. `fails(options)` runs the scenario once with those options.
 * Bisection assumes that less work fails less often; where it does not, the result is still a value
 * that failed, only perhaps not the smallest. At most `maxRuns` runs in all: each is a whole scenario.
 */
export async function shrinkWorkload(
  knobs: readonly WorkloadKnob[],
  start: Record<string, unknown>,
  fails: (options: Record<string, unknown>) => Promise<boolean>,
  maxRuns = 12,
): Promise<ShrinkResult> {
  const current: Record<string, unknown> = { ...start };
  const lowered: Record<string, number> = {};
  let tried = 0;
  for (const knob of knobs) {
    const value = typeof current[knob.option] === "number" ? (current[knob.option] as number) : knob.default;
    let failing = value;
    let passing = knob.min - 1;
    while (failing - passing > 1 && tried < maxRuns) {
      const candidate = Math.floor((failing + passing) / 2);
      tried++;
      if (await fails({ ...current, [knob.option]: candidate })) failing = candidate;
      else passing = candidate;
    }
    current[knob.option] = failing;
    if (failing !== value) lowered[knob.option] = failing;
  }
  return { options: lowered, tried };
}
