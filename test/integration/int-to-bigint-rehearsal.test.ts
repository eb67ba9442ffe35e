import { describe, expect, it } from "vitest";
import { newRunId } from "../../harness/lifecycle/run-id.ts";
import { intToBigint } from "../../scenarios/int-to-bigint.ts";
import { resourcesOfRun } from "./support/containers-of-run.ts";
import { testEngine } from "./support/test-engine.ts";

// The catalogue runs seed 001's defaults from `bgh rehearse`; this runs it smaller, under another
// cluster and database name and another key range, so nothing in it holds only for its defaults.
describe("the INT->BIGINT rehearsal of seed 001", () => {
  it("widens green, switches over under write load, loses nothing and takes keys past 2^31", async () => {
    const runId = newRunId();
    const outcome = await intToBigint.run(
      { engine: await testEngine(), runId, log: () => undefined },
      { cluster: "legacy-orders", database: "legacy", rows: 3000, writers: 2, readers: 1, keysBelowIntMax: 250_000, seed: 7 },
    );
    const failed = outcome.checks.filter((c) => !c.passed);
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    expect(outcome.reached).toBe(true);
    expect(outcome.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        "the new primary is BIGINT",
        "no acknowledged write lost or changed",
        "keys past 2147483647 accepted after the switchover",
        "legacy.joinit on the new primary equal to old blue",
        "legacy.joinit_fk on the new primary equal to old blue",
      ]),
    );
    expect(Number(outcome.figures.acknowledgedWrites)).toBeGreaterThan(0);
    expect(Number(outcome.figures.downtimeMs)).toBeGreaterThan(0);
    // A reader of the new primary was compared too.
    expect(outcome.checks.filter((c) => /^legacy\.joinit on reader /.test(c.name))).toHaveLength(1);
    expect(await resourcesOfRun(runId)).toEqual([]);
  });
});
