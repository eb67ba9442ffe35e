import { describe, expect, it } from "vitest";
import { newRunId } from "../../harness/lifecycle/run-id.ts";
import { intToBigint } from "../../scenarios/int-to-bigint.ts";
import { resourcesOfRun } from "./support/containers-of-run.ts";
import { testEngine } from "./support/test-engine.ts";

describe("the INT->BIGINT rehearsal of seed 001", () => {
  it("widens green under write load and finds every row of blue on green's writer and reader", async () => {
    const runId = newRunId();
    const lines: string[] = [];
    const outcome = await intToBigint.run({ engine: await testEngine(), runId, log: (line) => lines.push(line) }, { rows: 5000, writers: 2, readers: true });
    const failed = outcome.checks.filter((c) => !c.passed);
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    expect(outcome.reached).toBe(true);
    expect(outcome.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(["green widened to BIGINT", "app.joinit equal on green-writer", "app.joinit equal on green-reader", "green replication healthy"]),
    );
    expect(Number(outcome.figures.acknowledgedWrites)).toBeGreaterThan(0);
    expect(Number(outcome.figures.blueRows)).toBeGreaterThan(4000);
    expect(await resourcesOfRun(runId)).toEqual([]);
  });
});
