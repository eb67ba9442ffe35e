import fc from "fast-check";

/** Fixed unless asked otherwise: the same runs every time, so a failure in CI replays on a laptop. */
const DEFAULT_SEED = 20261122;

export interface SeededPropertyOptions {
  numRuns: number;
  /** Named in the replay line printed on failure. */
  testFile: string;
  /** Shrink a counterexample (cheap runs), or report the first one as found (runs that cost a deployment each). */
  shrink: boolean;
  /**
   * Runs and shrinking stop after this long: shrinking against real servers can otherwise outlast the
   * test's timeout and hide the counterexample. A failure found by then is reported as far as it shrank.
   */
  timeLimitMs: number;
}

/**
 * Checks an async property with the seed from BGH_PROPERTY_SEED (default fixed), replaying only the
 * counterexample's path when BGH_PROPERTY_PATH is set, with BGH_PROPERTY_RUNS overriding the number of
 * runs. On failure the error says how to replay exactly that case, on top of fast-check's own report.
 * Returns how many runs passed.
 */
export async function checkSeededProperty<Ts>(property: fc.IAsyncProperty<Ts>, options: SeededPropertyOptions): Promise<number> {
  const seed = Number(process.env.BGH_PROPERTY_SEED ?? DEFAULT_SEED);
  const path = process.env.BGH_PROPERTY_PATH;
  const numRuns = Number(process.env.BGH_PROPERTY_RUNS ?? options.numRuns);
  for (const [name, value] of [["BGH_PROPERTY_SEED", seed], ["BGH_PROPERTY_RUNS", numRuns]] as const) {
    if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer (got "${process.env[name]}"): unset it or give a whole number`);
  }
  const details = await fc.check(property, {
    seed,
    numRuns,
    endOnFailure: !options.shrink,
    interruptAfterTimeLimit: options.timeLimitMs,
    ...(path ? { path } : {}),
  });
  if (!details.failed) {
    if (details.interrupted) console.warn(`[property] only ${details.numRuns} of ${numRuns} runs fit in ${options.timeLimitMs} ms (seed ${seed})`);
    return details.numRuns;
  }
  const report = (await fc.asyncDefaultReportMessage(details)) ?? "property failed";
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `${report}\n\nWhat failed: ${cause}\n\nReplay this case: BGH_PROPERTY_SEED=${details.seed} BGH_PROPERTY_PATH=${details.counterexamplePath ?? ""} npx vitest run ${options.testFile}`,
    { cause: details.errorInstance },
  );
}
