import { describe, expect, it } from "vitest";
import { newRunId } from "../../../harness/lifecycle/run-id.ts";
import { guardrails } from "../../../scenarios/guardrails.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";
import { testEngine } from "../support/test-engine.ts";

// The catalogue test runs the defaults; this runs every guardrail on another application, other
// thresholds and a lag limit of its own, so nothing in the scenario only holds for its defaults.
describe("guardrails on another application with other thresholds", () => {
  it("refuses each condition with its own reason, changes nothing, then switches over", async () => {
    const runId = newRunId();
    const outcome = await guardrails.run(
      { engine: await testEngine(), runId, log: () => undefined },
      {
        cluster: "billing-db",
        table: { schema: "billing_archive", table: "invoice_line_items_2024", key: "invoice_no", value: "amount_cents" },
        firstKey: 5_000,
        rows: 7,
        // Long enough that the ALTER passes the 80 characters the model quotes of it.
        ddlColumn: "reconciliation_note",
        switchoverTimeoutSeconds: 30,
        guardrails: { longWriteSeconds: 3, longDdlSeconds: 3, lagDivisor: 15 },
        // RDS's own length here; the catalogue runs the default, compressed timeout.
        switchoverTimeoutScale: 1,
      },
    );
    const failed = outcome.checks.filter((c) => !c.passed);
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    const detail = (name: string) => outcome.checks.find((c) => c.name === name)?.detail ?? `no check named ${name}`;
    // floor(30 / 15): the limit comes from the options, and the lag induced went past it.
    expect(outcome.figures.lagLimitSeconds).toBe(2);
    expect(Number(outcome.figures.lagInducedSeconds)).toBeGreaterThan(2);
    expect(detail("replication lag: switchover refused with its reason")).toMatch(/replica lag on billing-db-green-[a-z0-9]{6} of \d+ s exceeds the 2 s allowed by a switchover timeout of 30 s/);
    expect(detail("active writes on green: switchover refused with its reason")).toMatch(/active writes on billing-db-green-[a-z0-9]{6}: 1 open write transaction/);
    expect(detail("long-running writes on blue: switchover refused with its reason")).toContain("long-running active writes on billing-db: 1 write transaction(s) open longer than 3 s");
    expect(detail("long-running DDL on blue: switchover refused with its reason")).toContain('long-running DDL statements on billing-db: "ALTER TABLE `billing_archive`.`invoice_line_items_2024` ADD COLUMN `reconcil');
    expect(detail("long-running DDL on blue: neither environment changed")).toContain("left reconciliation_note on neither side");
    expect(detail("switchover timeout: switchover refused with its reason")).toContain("the switchover timeout of 30 s being exceeded. No changes were made to either environment");
    for (const name of ["replication lag", "active writes on green", "long-running writes on blue", "long-running DDL on blue", "switchover timeout"]) {
      expect(detail(`${name}: neither environment changed`)).toMatch(/^clusters billing-db, billing-db-green-[a-z0-9]{6}; billing-db -> \w+ \(writable\); billing-db-green-[a-z0-9]{6} -> \w+ \(read-only\); billing_archive\.invoice_line_items_2024: 7 rows/);
    }
    expect(Number(outcome.figures.switchoverTimeoutSeconds)).toBeGreaterThanOrEqual(30);
    expect(detail("every row of old blue is on the new primary, values equal")).toContain("7 rows on the left, 7 on the right");
    expect(outcome.reached).toBe(true);
    expect(await resourcesOfRun(runId)).toEqual([]);
  });
});
