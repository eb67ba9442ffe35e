import { describe, expect, it } from "vitest";
import { newRunId } from "../../../harness/lifecycle/run-id.ts";
import { seed004 } from "../../../scenarios/seed-004.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";
import { testEngine } from "../support/test-engine.ts";

// The catalogue test runs the defaults; this runs seed 004's journey on another cluster, parameter
// group, binlog_format, table and rows, so nothing in the scenario only holds for its own names.
describe("seed-004 on another application", () => {
  it("refuses binlog off, fails with 1236 on the idle source, and switches over after a write on blue", async () => {
    const runId = newRunId();
    const outcome = await seed004.run(
      { engine: await testEngine(), runId, log: () => undefined },
      {
        cluster: "shop-db",
        parameterGroup: "shop-cluster-params",
        binlogFormat: "ROW",
        schema: "shop",
        table: "carts",
        columns: ["cart_id", "customer", "items"],
        initialRows: [
          [7, 501, 3],
          [8, 502, 0],
          [9, 503, 12],
        ],
        cureRow: [42, 600, 1],
        syncRow: [43, 601, 2],
      },
    );
    const failed = outcome.checks.filter((c) => !c.passed);
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    const byName = new Map(outcome.checks.map((c) => [c.name, c.detail]));
    expect(byName.get("binlog off: the deployment is refused with RDS's words")).toBe("SourceClusterNotSupportedFault: Blue Green Deployments requires cluster parameter group has binlog enabled.");
    expect(byName.get("the switchover is refused with seed 004's replication error (IOError 1236)")).toMatch(/^AVAILABLE: Switchover canceled due to replication errors on shop-db-green-[a-z0-9]{6}\. Correct the replication errors and then switch over\. Read Replica Replication Error - IOError: 1236, reason: /);
    expect(byName.get("the switchover completes: the cluster endpoint serves the former green with every row")).toMatch(/^SWITCHOVER_COMPLETED .*with 5 rows \(expected 5\)$/);
    // Green asked for the binary log file after blue's newest: the one a freshly enabled binary log would name.
    const asked = Number(/\.(\d+)$/.exec(String(outcome.figures.greenAskedFor))?.[1]);
    const newest = Number(/\.(\d+)$/.exec(String(outcome.figures.blueNewestLog))?.[1]);
    expect(asked).toBe(newest + 1);
    expect(outcome.figures.rows).toBe(5);
    expect(outcome.reached).toBe(true);
    expect(await resourcesOfRun(runId)).toEqual([]);
  });

  it("refuses options that cannot describe the table, naming the cause", async () => {
    const context = { engine: await testEngine(), runId: newRunId(), log: () => undefined };
    await expect(seed004.run(context, { columns: ["id", "qty"], initialRows: [[1, 2]], cureRow: [3, 4, 5], syncRow: [6, 7] })).rejects.toThrow(/row \[3,4,5\] must have 2 integers \(id, qty\)/);
    await expect(seed004.run(context, { columns: ["id"], initialRows: [[5]], cureRow: [5], syncRow: [6] })).rejects.toThrow(/keys \(id\) must differ/);
  });
});
