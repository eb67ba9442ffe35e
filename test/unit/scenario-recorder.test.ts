import { describe, expect, it } from "vitest";
import { ScenarioRecorder } from "../../harness/scenario/scenario-recorder.ts";

describe("the scenario recorder", () => {
  it("records phases, even one that throws, and knows the phase running now", async () => {
    const record = new ScenarioRecorder();
    let inner: string | undefined;
    await record.phase("switchover", async () => {
      await record.phase("catch-up", async () => {
        inner = record.currentPhase();
      });
    });
    await expect(record.phase("rollback", async () => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    expect(inner).toBe("catch-up");
    expect(record.currentPhase()).toBeUndefined();
    const { timeline } = await record.finish();
    expect(timeline.phases.map((phase) => phase.name)).toEqual(["switchover", "catch-up", "rollback"]);
    for (const phase of timeline.phases) expect(phase.endMs).toBeGreaterThanOrEqual(phase.startMs);
  });

  it("places a workload's seconds and outage on the scenario's clock", async () => {
    const record = new ScenarioRecorder();
    const startedAt = performance.now() + 5000; // the workload began five seconds into the scenario
    record.workload({ startedAt, timeline: [{ second: 0, acknowledged: 10, failed: 0 }, { second: 2, acknowledged: 3, failed: 4 }], unavailability: { longestMs: 1200, fromMs: 1500, toMs: 2700 } });
    const { timeline } = await record.finish();
    expect(timeline.writes.map((w) => Math.round(w.atMs / 100) * 100)).toEqual([5000, 7000]);
    expect(timeline.writes[1]).toMatchObject({ acknowledged: 3, failed: 4 });
    expect(Math.round(timeline.downtime!.fromMs / 100) * 100).toBe(6500);
    expect(timeline.downtime!.longestMs).toBe(1200);
  });

  it("turns comparisons and the ledger's verdict into findings with key and both values", async () => {
    const record = new ScenarioRecorder();
    record.comparison(
      { table: "shop.orders", leftRows: 3, rightRows: 3, missingOnRight: 1, extraOnRight: 0, changedRows: 1, equal: false, samples: [{ key: "2", column: "total", left: "3000000000", right: "2147483647" }, { key: "3", side: "left-only" }] },
      "old blue",
      "green",
    );
    record.ledgerVerdict(
      { acknowledged: 5, keys: 5, lost: 1, changed: 0, unexpected: 0, inDoubt: 0, ok: false, samples: { lost: [{ key: "9", expected: "17", actual: null }], changed: [], unexpected: [] } },
      { failed: 2 },
      "new primary",
      "shop.orders",
    );
    record.guardrailsEvaluated([
      { name: "replication lag", passed: true, detail: "0 s" },
      { name: "active writes on green", passed: false, detail: "1 open transaction" },
    ]);
    const recording = await record.finish();
    expect(recording.findings).toEqual([
      { subject: "shop.orders", kind: "changed", key: "2", column: "total", expected: "3000000000", actual: "2147483647", detail: "old blue has 3000000000, green has 2147483647" },
      { subject: "shop.orders", kind: "missing", key: "3", detail: "only on old blue" },
      { subject: "shop.orders", kind: "lost-write", key: "9", expected: "17", actual: "(none)", detail: "acknowledged, then missing on the final primary" },
    ]);
    expect(recording.ledger).toEqual({ acknowledged: 5, failed: 2, lost: 1, changed: 0, unexpected: 0, inDoubt: 0, verifiedOn: "new primary" });
    expect(recording.guardrails.map((g) => g.passed)).toEqual([true, false]);
    expect(recording.timeline.marks).toEqual([expect.objectContaining({ kind: "guardrail", label: "refused by: active writes on green", detail: "1 open transaction" })]);
  });
});
