import { describe, expect, it } from "vitest";
import { HarnessError } from "../../../harness/errors/harness-error.ts";
import { newRunId } from "../../../harness/lifecycle/run-id.ts";
import { binlogPurged } from "../../../scenarios/binlog-purged.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";
import { testEngine } from "../support/test-engine.ts";

// The catalogue test runs the defaults; this runs the same journey on another application, key range
// and number of writes after the stop point, so that nothing in the scenario only holds for its own names.
describe("binlog-purged on another application", () => {
  it("detects the 1236 on the purged coordinates and recovers up to the stop point from a safe-point copy", async () => {
    const runId = newRunId();
    const outcome = await binlogPurged.run(
      { engine: await testEngine(), runId, log: () => undefined },
      {
        cluster: "tickets-db",
        table: { schema: "helpdesk", table: "tickets", key: "ticket_id", value: "priority" },
        writers: 3,
        firstKey: 5_000_000_000n,
        maxValue: 1000n,
        seed: 9,
        phaseMs: 1200,
        writesAfterStopPoint: 7,
      },
    );
    const failed = outcome.checks.filter((c) => !c.passed);
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    expect(outcome.reached).toBe(true);
    const detail = (name: string) => outcome.checks.find((c) => c.name === name)?.detail ?? `no check "${name}"`;
    expect(detail("reverse replication stops with 1236: the source purged the binary log it starts from")).toMatch(/\(binlog-unavailable\) Got fatal error 1236 .*Could not find first log file name/);
    expect(detail("the checker finds exactly the writes after the stop point missing from the restore")).toContain("7 missing (7 written after the stop point), 0 extra, 0 changed");
    expect(detail("every acknowledged write up to the stop point is on the restored copy, none changed")).toMatch(/ 0 lost, 0 changed, 0 unexpected/);
    expect(Number(outcome.figures.acknowledgedWrites)).toBeGreaterThan(0);
    expect(Number(outcome.figures.purgedBinaryLogs)).toBeGreaterThan(0);
    expect(await resourcesOfRun(runId)).toEqual([]);
  });

  it("refuses a run with no write after the stop point, before starting anything", async () => {
    const runId = newRunId();
    const run = binlogPurged.run({ engine: await testEngine(), runId, log: () => undefined }, { writesAfterStopPoint: 0 });
    await expect(run).rejects.toThrow(HarnessError);
    await expect(run).rejects.toThrow(/writesAfterStopPoint is 0[\s\S]*Fix: give at least one write after the stop point/);
    expect(await resourcesOfRun(runId)).toEqual([]);
  });
});
