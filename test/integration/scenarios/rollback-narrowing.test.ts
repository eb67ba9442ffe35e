import { describe, expect, it } from "vitest";
import { newRunId } from "../../../harness/lifecycle/run-id.ts";
import { rollbackNarrowing } from "../../../scenarios/rollback-narrowing.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";
import { testEngine } from "../support/test-engine.ts";

// The catalogue test runs the defaults; this runs every case on another application: other names, a
// negative key and values at BIGINT's minimum and INT UNSIGNED's maximum, no key past the edge among
// the silent rows, and the collision made by two keys past it (the first lands, the second collides).
describe("rollback-narrowing on another application", () => {
  it("shows each narrowing failure exactly and both safe rollbacks losing nothing", async () => {
    const runId = newRunId();
    const outcome = await rollbackNarrowing.run(
      { engine: await testEngine(), runId, log: () => undefined },
      {
        cluster: "payments-db",
        table: { schema: "payments", table: "transfers", key: "transfer_id", value: "cents" },
        initialRows: 50,
        crossingRows: [
          [51n, -5n],
          [52n, 4_294_967_295n],
          [53n, -9_223_372_036_854_775_808n],
          [54n, 2_147_483_646n],
          [-3_000_000_000n, 6n],
        ],
        collidingRows: [
          [4_000_000_000n, 3n],
          [4_100_000_000n, 4n],
        ],
        lossyConversions: "ALL_LOSSY,ALL_NON_LOSSY",
        writers: 2,
        workloadFirstKey: 300_000n,
        workloadJumpKey: 7_000_000_000n,
        seed: 5,
        writeMs: 2_000,
      },
    );
    const failed = outcome.checks.filter((c) => !c.passed);
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    expect(outcome.reached).toBe(true);
    const byName = (start: string) => outcome.checks.find((c) => c.name.startsWith(start))?.detail ?? "";
    expect(byName("case 1 (ALL_NON_LOSSY)")).toMatch(/payments\.transfers.*cannot be converted from type 'bigint' to type 'int'/);
    // 4294967295 and -2^63 clip in place; -3000000000 lands as -2147483648 under another key.
    expect(outcome.figures.clippedRows).toBe(3);
    expect(byName("case 2: the checker finds")).toContain("found changed [transfer_id=52: cents 4294967295 vs 2147483647; transfer_id=53: cents -9223372036854775808 vs -2147483648]");
    expect(byName("case 2: the checker finds")).toContain("missing [transfer_id=-3000000000], extra [transfer_id=-2147483648 (cents 6)]");
    expect(outcome.figures.collidingKey).toBe("2147483647");
    expect(byName("case 3")).toMatch(/Duplicate entry '2147483647'/);
    expect(byName("case 4 (widen old blue first)")).toMatch(/0 lost, 0 changed, 0 unexpected/);
    expect(byName("case 5 (fresh BIGINT cluster)")).toMatch(/0 lost, 0 changed, 0 unexpected/);
    expect(Number(outcome.figures.acknowledgedWrites)).toBeGreaterThan(0);
    expect(await resourcesOfRun(runId)).toEqual([]);
  });
});
