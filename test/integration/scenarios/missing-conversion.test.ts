import { describe, expect, it } from "vitest";
import { newRunId } from "../../../harness/lifecycle/run-id.ts";
import { missingConversion } from "../../../scenarios/missing-conversion.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";
import { testEngine } from "../support/test-engine.ts";

// The catalogue runs the defaults; the same failure hidden in another schema, types and values must
// be caught the same way.
describe("missing-conversion on another schema", () => {
  it("missing-conversion: a narrowing ALTER on green stops replication, is refused, and ALL_LOSSY cures it", async () => {
    const runId = newRunId();
    const outcome = await missingConversion.run(
      { engine: await testEngine(), runId, log: () => undefined },
      { cluster: "ledger", schema: "books", table: "entries", column: "cents", blueType: "BIGINT", greenType: "INT", values: ["5", "-7", "2147483647"], nextValue: "-2147483648" },
    );
    const failed = outcome.checks.filter((c) => !c.passed);
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    expect(outcome.figures.rows).toBe(4);
    expect(await resourcesOfRun(runId)).toEqual([]);
  });
});
