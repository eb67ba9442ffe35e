import { describe, expect, it } from "vitest";
import { newRunId } from "../../../harness/lifecycle/run-id.ts";
import { unsignedWrap } from "../../../scenarios/unsigned-wrap.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";
import { testEngine } from "../support/test-engine.ts";

// The catalogue runs the defaults (INT UNSIGNED -> BIGINT); here the same failure hides in other
// names, another pair of types and other values, and must be caught the same way.
describe("unsigned-wrap on another schema and type pair", () => {
  it("catches SMALLINT UNSIGNED values wrapping into a signed INT, row for row", async () => {
    const runId = newRunId();
    const outcome = await unsignedWrap.run(
      { engine: await testEngine(), runId, log: () => undefined },
      { schema: "warehouse", table: "bins", column: "units", blueType: "SMALLINT UNSIGNED", greenType: "INT", values: ["12", "32767", "40000", "65535", "32768"] },
    );
    const failed = outcome.checks.filter((c) => !c.passed);
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    // 40000, 65535 and 32768 wrap (rows 3, 4 and 5); 12 and 32767 do not.
    expect(outcome.figures.wrappedRows).toBe(3);
    expect(await resourcesOfRun(runId)).toEqual([]);
  });
});
