import { describe, expect, it } from "vitest";
import { newRunId } from "../../../harness/lifecycle/run-id.ts";
import { writeOnGreen } from "../../../scenarios/write-on-green.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";
import { testEngine } from "../support/test-engine.ts";

// The catalogue runs the defaults; the same failure hidden in another schema, types and values must
// be caught the same way.
describe("write-on-green on another schema", () => {
  it("write-on-green: a different colliding row is the one divergence reported", async () => {
    const runId = newRunId();
    const outcome = await writeOnGreen.run(
      { engine: await testEngine(), runId, log: () => undefined },
      { cluster: "tickets", schema: "helpdesk", table: "queues", column: "label", rows: [[10, "inbox"], [20, "urgent"], [30, "spam"]], collision: { key: 25, onGreen: "test-queue", onBlue: "billing" }, after: [40, "sales"] },
    );
    const failed = outcome.checks.filter((c) => !c.passed);
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    expect(outcome.checks.find((c) => c.name === "the comparison reports exactly the skipped row")?.detail).toContain("25:billing->test-queue");
    expect(await resourcesOfRun(runId)).toEqual([]);
  });
});
