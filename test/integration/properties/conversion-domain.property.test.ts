import { describe, expect, it } from "vitest";
import { newRunId } from "../../../harness/lifecycle/run-id.ts";
import { conversionDomain } from "../../../scenarios/conversion-domain.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";
import { testEngine } from "../support/test-engine.ts";

/** Fixed unless asked otherwise: the same runs every time, so a failure in CI replays on a laptop. */
const SEED = Number(process.env.BGH_PROPERTY_SEED ?? 20261122);

/**
 * Property (the conversion-domain scenario, run with more runs than `bgh rehearse` gives it): any value
 * of a source column's domain either arrives on green as the model predicts, the checker reporting
 * exactly the rows that changed, or the applier stops with a conversion error the harness reports, the
 * checker listing the batch missing. Never a silent difference. BGH_PROPERTY_SEED / BGH_PROPERTY_PATH /
 * BGH_PROPERTY_RUNS replay a failure.
 */
describe("conversion replication over a source column's whole domain (fast-check, real MySQL)", () => {
  it("every value arrives intact or is reported, and real MySQL does what the model predicts", { timeout: 420_000 }, async (context) => {
    const engine = await testEngine();
    if (engine.dialect.version.flavor !== "mysql") context.skip(); // ALL_UNSIGNED and 13146 are MySQL's
    const runId = newRunId();
    const outcome = await conversionDomain.run(
      { engine, runId, seed: SEED, log: (line) => console.log(`[conversion-domain] ${line}`) },
      { numRuns: Number(process.env.BGH_PROPERTY_RUNS ?? 60), ...(process.env.BGH_PROPERTY_PATH ? { path: process.env.BGH_PROPERTY_PATH } : {}) },
    );
    const failed = outcome.checks.filter((c) => !c.passed);
    expect(failed, `${failed.map((c) => c.detail).join("\n")}\nReplay: BGH_PROPERTY_SEED=${SEED} npx vitest run ${import.meta.filename}`).toEqual([]);
    expect(outcome.figures.seed).toBe(SEED);
    expect(Number(outcome.figures.runs)).toBeGreaterThan(0);
    expect(await resourcesOfRun(runId)).toEqual([]);
  });
});
