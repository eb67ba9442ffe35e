import { describe, expect, it } from "vitest";
import { newRunId } from "../../../harness/lifecycle/run-id.ts";
import { rollbackReverseReplication } from "../../../scenarios/rollback-reverse-replication.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";
import { testEngine } from "../support/test-engine.ts";

// The catalogue test runs the defaults; this runs the same journey on another schema, key type and
// key range, so nothing in the scenario only holds for its own names.
describe("rollback-reverse-replication on another application", () => {
  it("rolls back a different table without losing an acknowledged write", async () => {
    const runId = newRunId();
    const outcome = await rollbackReverseReplication.run(
      { engine: await testEngine(), runId, log: () => undefined },
      { cluster: "billing-db", table: { schema: "billing", table: "invoices", key: "invoice_no", value: "amount_cents" }, keyType: "INT", writers: 2, firstKey: 70_000n, seed: 5 },
    );
    const failed = outcome.checks.filter((c) => !c.passed);
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    expect(outcome.checks.map((c) => c.name)).toContain("every acknowledged write of the journey is on old blue with its value");
    expect(Number(outcome.figures.acknowledgedWrites)).toBeGreaterThan(0);
    expect(await resourcesOfRun(runId)).toEqual([]);
  });
});
