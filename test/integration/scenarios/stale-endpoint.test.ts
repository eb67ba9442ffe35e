import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { newRunId } from "../../../harness/lifecycle/run-id.ts";
import { ScenarioRecorder } from "../../../harness/scenario/scenario-recorder.ts";
import { staleEndpoint } from "../../../scenarios/stale-endpoint.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";
import { testEngine } from "../support/test-engine.ts";

// The catalogue runs the defaults; here another schema and cluster name, as a user's would be.
describe("stale-endpoint on another schema", () => {
  it("a client that cached the cluster endpoint's address, and a pool that kept connections opened within the TTL, write to old blue and every such write fails read-only; a resolving client follows", async () => {
    const runId = newRunId();
    const record = new ScenarioRecorder();
    const outcome = await staleEndpoint.run(
      { engine: await testEngine(), runId, log: () => undefined, record },
      { cluster: "payments", table: { schema: "ledger", table: "transfers", key: "transfer_id", value: "cents" }, writers: 3, seed: 5 },
    );
    const failed = outcome.checks.filter((c) => !c.passed);
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    expect(outcome.reached).toBe(true);
    expect(Number(outcome.figures.staleWritesReadOnly)).toBeGreaterThan(0);
    expect(outcome.figures.staleWritesReadOnly).toBe(outcome.figures.staleWritesFailed);
    // The pool: still on old blue after its resolver caught up, each failure counted and attributed to old blue's address.
    expect(Number(outcome.figures.pooledStaleWritesReadOnly)).toBeGreaterThan(0);
    expect(outcome.figures.pooledStaleWritesReadOnly).toBe(outcome.figures.pooledStaleWritesFailed);
    expect(Number(outcome.figures.pooledAcknowledged)).toBeGreaterThan(0);
    // The timeline shows rds_topology's statuses and the DNS moves beside the switchover's steps.
    const labels = (await record.finish()).timeline.marks.map((mark) => mark.label);
    for (const label of ["switchover: renames", "rds_topology: SWITCHOVER_INITIATED", "rds_topology: SWITCHOVER_IN_PROGRESS", "rds_topology: SWITCHOVER_IN_POST_PROCESSING", "DNS: blue's names now resolve to green's addresses"]) {
      expect(labels).toContain(label);
    }
    expect(labels.indexOf("rds_topology: SWITCHOVER_IN_PROGRESS")).toBeLessThan(labels.indexOf("DNS: blue's names now resolve to green's addresses"));
    // Nothing left: containers, networks, names.
    expect(await resourcesOfRun(runId)).toEqual([]);
    expect(readFileSync("/etc/hosts", "utf8")).not.toContain(runId);
  });
});
