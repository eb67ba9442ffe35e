import { describe, expect, it } from "vitest";
import { newRunId } from "../../../harness/lifecycle/run-id.ts";
import { switchoverFaults } from "../../../scenarios/switchover-faults.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";
import { testEngine } from "../support/test-engine.ts";

// The catalogue test runs the defaults; this runs both faults on another application with keys past
// INT's range, fewer writers and a longer timeout, so nothing in the scenario only holds for its defaults.
// The two runs side by side: each mostly waits out its faulted switchovers.
describe.concurrent("switchover-faults on another application", () => {
  it("rolls both faulted switchovers back within their bound, heals, and loses no acknowledged write", async () => {
    const runId = newRunId();
    const outcome = await switchoverFaults.run(
      { engine: await testEngine(), runId, log: () => undefined },
      { cluster: "payments-db", table: { schema: "pay", table: "transfers", key: "transfer_id", value: "cents" }, writers: 2, firstKey: 9_000_000_000n, maxValue: 10n ** 15n, seed: 17, switchoverTimeoutSeconds: 40 },
    );
    const failed = outcome.checks.filter((c) => !c.passed);
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    const detail = (name: string) => outcome.checks.find((c) => c.name === name)?.detail ?? `no check named ${name}`;
    // The bound follows the timeout asked for: 40 s plus the rollback allowance.
    expect(detail("network cut: the switchover ended within 55 s, rolled back with the cause")).toMatch(/^AVAILABLE after [\d.]+ s: Switchover canceled due to (replication errors on payments-db-green-[a-z0-9]{6}\.|the switchover timeout of 40 s)/);
    expect(detail("killed writer: the switchover ended within 55 s, rolled back with the cause")).toMatch(/Switchover canceled due to the writer payments-db-instance-1-green-[a-z0-9]{6} of payments-db-green-[a-z0-9]{6} not responding/);
    expect(detail("network cut: the fault landed mid-switchover")).toMatch(/^at "stop-writes": /);
    expect(detail("killed writer: the fault landed mid-switchover")).toMatch(/^at "catch-up": /);
    expect(detail("killed writer: after the reboot both environments are as before the switchover")).toMatch(/^clusters payments-db, payments-db-green-[a-z0-9]{6}; payments-db -> \w+ \(writable\); payments-db-green-[a-z0-9]{6} -> \w+ \(read-only\)$/);
    expect(detail("no acknowledged write lost: every one on blue, the primary at the end, with its value")).toMatch(/^\d+ acknowledged, 0 lost, 0 changed, 0 unexpected/);
    expect(Number(outcome.figures.acknowledgedWrites)).toBeGreaterThan(0);
    // The faults really hit the application: some of its writes failed while writes were stopped.
    expect(Number(outcome.figures.failedWrites)).toBeGreaterThan(0);
    expect(Number(outcome.figures.killedWriterSwitchoverSeconds)).toBeLessThan(40);
    expect(outcome.reached).toBe(true);
    expect(await resourcesOfRun(runId)).toEqual([]);
  });

  it("holds every check with the faults placed elsewhere, as a soak places them: the kill as connections drop, both a while after their step", async () => {
    const runId = newRunId();
    const outcome = await switchoverFaults.run({
      engine: await testEngine(),
      runId,
      log: () => undefined,
      seed: 29,
      faultPlacements: { "network-cut": { point: "stop-writes", delayMs: 1500 }, "writer-kill": { point: "drop-connections", delayMs: 1000 } },
    });
    const failed = outcome.checks.filter((c) => !c.passed);
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    const detail = (name: string) => outcome.checks.find((c) => c.name === name)?.detail ?? `no check named ${name}`;
    expect(detail("network cut: the fault landed mid-switchover")).toMatch(/^1500 ms after reaching "stop-writes": green's writer cut/);
    expect(detail("killed writer: the fault landed mid-switchover")).toMatch(/^1000 ms after reaching "drop-connections": green's writer \S+ SIGKILLed/);
    expect(detail("killed writer: the switchover ended within 45 s, rolled back with the cause")).toMatch(/not responding/);
    expect(outcome.reached).toBe(true);
    expect(await resourcesOfRun(runId)).toEqual([]);
  });
});
