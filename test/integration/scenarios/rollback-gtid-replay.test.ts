import { describe, expect, it } from "vitest";
import { HarnessError } from "../../../harness/errors/harness-error.ts";
import { newRunId } from "../../../harness/lifecycle/run-id.ts";
import { rollbackGtidReplay } from "../../../scenarios/rollback-gtid-replay.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";
import { testEngine } from "../support/test-engine.ts";

// The catalogue test runs the defaults; this runs the same journey on other names and values, with one
// value past INT after the switchover: auto-position must still replay both ALTERs, and file/position
// must carry exactly the three new rows, the large value clipped into old blue's INT column.
describe("rollback-gtid-replay on another application", () => {
  it("detects the replayed ALTERs under auto-position and carries only the new rows from file/position", async () => {
    const runId = newRunId();
    const outcome = await rollbackGtidReplay.run(
      { engine: await testEngine(), runId, log: () => undefined },
      {
        cluster: "payroll-db",
        schema: "payroll",
        table: "payslips",
        key: "slip_no",
        value: "net_cents",
        rows: 30,
        firstKey: 1_000_000,
        valueFactor: 3,
        valuesAfterSwitchover: ["3000000000", "-5", "42"],
      },
    );
    const failed = outcome.checks.filter((c) => !c.passed);
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    expect(outcome.reached).toBe(true);
    const detail = (name: string) => outcome.checks.find((c) => c.name === name)?.detail ?? `no check "${name}"`;
    expect(detail("(a) auto-position changes old blue's schema: green's ALTERs replayed")).toContain("columns changed: slip_no int -> bigint, net_cents int -> bigint");
    expect(outcome.figures.replayedAlters).toBe(2);
    expect(detail("(a) green's ALTER GTIDs are in old blue's gtid_executed")).toContain(`replayed ALTER GTIDs ${outcome.figures.replayedAlterGtids}`);
    expect(outcome.figures.postSwitchoverTransactions).toBe(3);
    expect(detail("(b) every post-switchover row arrives, values as INT holds them")).toContain("33 on old blue; 0 missing, 0 extra, 1 changed");
    expect(String(outcome.details.finding)).toContain("slip_no int -> bigint");
    expect(await resourcesOfRun(runId)).toEqual([]);
  });

  it("refuses a reverse replication that could not narrow BIGINT to INT, before starting anything", async () => {
    const runId = newRunId();
    const run = rollbackGtidReplay.run({ engine: await testEngine(), runId, log: () => undefined }, { reverseTypeConversions: "ALL_NON_LOSSY" });
    await expect(run).rejects.toThrow(HarnessError);
    await expect(run).rejects.toThrow(/lacks ALL_LOSSY[\s\S]*Fix: include ALL_LOSSY/);
    expect(await resourcesOfRun(runId)).toEqual([]);
  });
});
