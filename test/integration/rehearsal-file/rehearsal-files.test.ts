import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { RehearsalReport } from "../../../harness/report/rehearsal-report.ts";
import { bgh } from "../support/bgh-process.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";
import { tempFolder } from "../support/temp-folder.ts";

const FIXTURES = "test/integration/fixtures/rehearsal-files";

/** `bgh rehearse` as CI runs it; returns its exit code, output and report.json. Stopped (SIGTERM: it cleans up) past `timeoutMs`. */
async function rehearse(args: string[], timeoutMs: number) {
  const reportDir = tempFolder("bgh-rehearsal-files-");
  const run = bgh(["rehearse", ...args, "--seed", "5", "--report", reportDir]);
  const timer = setTimeout(() => run.child.kill("SIGTERM"), timeoutMs);
  const status = await run.exited.finally(() => clearTimeout(timer));
  const output = run.output();
  const report = JSON.parse(readFileSync(path.join(reportDir, "report.json"), "utf8")) as RehearsalReport;
  const read = (name: string) => readFileSync(path.join(reportDir, name), "utf8");
  return { status, output, report, summary: read("summary.md"), junit: read("junit.xml") };
}

// Side by side (vitest.config.ts bounds how many): each test is a `bgh rehearse` child process that
// mostly waits on servers, and one after the other this file was the slowest of the suite.
describe.concurrent("rehearsal files run as scenarios", () => {
  it("passes a rehearsal that shows failures when exactly those happen, and fails one whose step fails unannounced, with what a person needs", async () => {
    const { status, output, report } = await rehearse([`${FIXTURES}/declared-failures.yaml`, `${FIXTURES}/undeclared-failure.yaml`, "--parallel", "2"], 300_000);
    expect(status, output).toBe(1);
    const [declared, undeclared] = report.scenarios;
    expect(declared!.id).toBe("declared-failures");
    expect(declared!.reached, output).toBe(true);
    expect(declared!.checks.map((c) => [c.name, c.passed])).toEqual([
      ['step "boom" fails with "boom"', true],
      ['step "hangs" fails with "timed out"', true],
      ['step "still runs after the declared failures" succeeds', true],
    ]);
    expect(undeclared!.reached).toBe(false);
    const breaks = undeclared!.checks.find((c) => c.name === 'step "breaks" succeeds')!;
    expect(breaks.passed).toBe(false);
    // Exit code, last lines of output, each server's read-only and replication state.
    expect(breaks.detail).toMatch(/exit code 7/);
    expect(breaks.detail).toMatch(/checking the replica \/ ERROR 1045 access denied/);
    expect(breaks.detail).toMatch(/tiny2-instance-1 \(writer of tiny2\) writable, not a replica/);
    expect(undeclared!.checks.find((c) => c.name === 'step "never runs" succeeds')).toMatchObject({ passed: false, detail: "not run: an earlier step failed" });
    expect(output).toMatch(/step 1 \(breaks\) failed: exit code 7/);
    expect(output).toMatch(/each server now:/);
    const runId = /Run (bgh-\S+),/.exec(output)![1]!;
    expect(await resourcesOfRun(runId)).toEqual([]);
  }, 320_000);

  it("confirms bgh plan's prediction for seed 001's change: a rollback by reverse replication stops old blue's applier with 13146", async () => {
    const { status, output, report, summary, junit } = await rehearse([`${FIXTURES}/seed-001-rollback.yaml`], 300_000);
    expect(status, output).toBe(0);
    const [run] = report.scenarios;
    expect(run!.checks.find((c) => c.name === 'step "reverse replication" fails with "13146"')).toMatchObject({ passed: true });
    expect(run!.checks.find((c) => c.name.startsWith("step \"old blue's applier stops"))).toMatchObject({ passed: true });
    const predictions = run!.findings.filter((finding) => finding.kind === "prediction");
    // Replication stops once, on whichever widened table's row comes first: that hazard is confirmed by name, the other not exercised.
    const stops = predictions.filter((finding) => finding.subject.startsWith("back-stops:"));
    expect(stops.map((finding) => finding.subject).sort()).toEqual(["back-stops:joinit.g (back)", "back-stops:joinit_fk.i (back)"]);
    const confirmed = stops.filter((finding) => finding.detail === "confirmed");
    expect(confirmed.map((finding) => finding.actual)).toEqual([expect.stringMatching(/^13146 on app\.joinit(_fk)?$/)]);
    expect(stops.find((finding) => finding.detail !== "confirmed")).toMatchObject({ detail: "not exercised", actual: expect.stringMatching(/^replication stopped first on app\.joinit/) });
    const [hit] = confirmed;
    const column = hit!.subject.includes("joinit_fk") ? "joinit_fk.i" : "joinit.g";
    expect(output).toContain(`prediction - ${hit!.subject}: confirmed`);
    // The prediction beside what was observed in every report, not only report.json and the console.
    expect(hit).toMatchObject({ column });
    expect(summary).toContain("### Prediction beside what was observed: `seed-001-rollback`");
    const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expect(summary).toMatch(new RegExp(`^\\| \`${escaped(hit!.subject)}\` \\| ${escaped(column.replace("_", "\\_"))} \\| replication-stop: .* \\| ✅ yes \\|$`, "m"));
    expect(summary).toMatch(/\| ➖ not exercised \|$/m);
    expect(junit).toMatch(/<property name="prediction\.confirmed" value="1"\/>/);
    expect(junit).toContain(`agrees    ${hit!.subject} [${column}]: predicted replication-stop`);
  }, 320_000);

  it("confirms the predicted wrap of an INT UNSIGNED widened to signed BIGINT: a rehearsal showing the silent change passes when the rows differ exactly so", async () => {
    const { status, output, report } = await rehearse([`${FIXTURES}/unsigned-widening.yaml`], 300_000);
    expect(status, output).toBe(0);
    const [run] = report.scenarios;
    expect(run!.checks.find((c) => c.name.startsWith("tables differ between blue and green"))).toMatchObject({ passed: true, detail: expect.stringMatching(/counters\.counters \(\d+ changed, 0 missing, 0 extra\)/) });
    const changed = run!.findings.filter((finding) => finding.kind === "changed" && finding.column === "hits");
    expect(changed.length).toBeGreaterThan(0);
    // Each changed value is the unsigned one reinterpreted as signed: v - 2^32.
    for (const finding of changed) expect(BigInt(finding.actual!)).toBe(BigInt(finding.expected!) - 2n ** 32n);
    expect(run!.findings.find((finding) => finding.kind === "prediction" && finding.subject === "forward-values:counters.hits (forward)")).toMatchObject({ detail: "confirmed" });
  }, 320_000);

  it("catches the same hazards on a schema and runbook this project has never seen: the plan's silent change and 13146, confirmed from the team's own shell runbook", async () => {
    // zoo-schema.sql: composite keys, signed and unsigned integers at their edges, foreign keys, JSON,
    // DATETIME, ENUM, a trigger, a view, a table without a primary key; the rollback is a shell script.
    const { status, output, report } = await rehearse([`${FIXTURES}/zoo.yaml`], 300_000);
    expect(status, output).toBe(0);
    const [zoo] = report.scenarios;
    expect(zoo!.checks.every((c) => c.passed), output).toBe(true);
    // Each prediction beside what was observed: a finding of kind "prediction" (actual = observed, detail = verdict).
    const verdictOf = (hazard: string) => zoo!.findings.find((each) => each.kind === "prediction" && each.subject.startsWith(hazard));
    expect(verdictOf("forward-values:feeding.grams")).toMatchObject({ detail: "confirmed", actual: expect.stringMatching(/rows of feeding with grams in 2147483648\.\.4294967295 on old blue hold -2147483648\.\.-1 on green/) });
    // Replication stops once, on whichever widened table's row comes first: that hazard is confirmed by name.
    const stops = ["back-stops:animal.weight_g", "back-stops:feeding.grams"].map(verdictOf);
    expect(stops.filter((each) => each?.detail === "confirmed").map((each) => each!.actual)).toEqual([expect.stringMatching(/^13146 on zoo\.(animal|feeding)$/)]);
    expect(verdictOf("no-primary-key:visit_log")).toMatchObject({ detail: "advice" });
    expect(output).toMatch(/workload left out visit_log: no primary key/);
  }, 320_000);

  it("runs the other built-in actions and faults: restored safe point, purge, pause and heal, reverse replication and the built-in rollback", async () => {
    const { status, output, report } = await rehearse([`${FIXTURES}/actions-and-faults.yaml`], 300_000);
    expect(status, output).toBe(0);
    const [run] = report.scenarios;
    expect(run!.checks.filter((c) => !c.passed)).toEqual([]);
    expect(run!.checks.map((c) => c.name)).toContain("no acknowledged write lost or changed (verified on blue)");
    expect(output).toMatch(/acts-restored healed \(pause undone\)/);
    expect(output).toMatch(/new primary read-only, blue caught up, replication stopped and reset; the application writes to blue/);
    expect(output).toMatch(/quick waiters loaded from \S+\/bgh-runbook-bin-\w+\/aws-data/);
  }, 320_000);

  it("runs the seed examples: seed 001's change under load, and seed 000's strategy 2 as a shell runbook", async () => {
    const { status, output, report } = await rehearse(["examples/seed-001/rehearsal.yaml", "examples/seed-000-strategy-2/rehearsal.yaml"], 560_000);
    expect(status, output).toBe(0);
    const [seed001, seed000] = report.scenarios;
    expect(seed001!.id).toBe("seed-001");
    expect(seed001!.checks.every((c) => c.passed)).toBe(true);
    expect(seed001!.checks.find((c) => c.name.startsWith("no acknowledged write lost"))!.detail).toMatch(/joinit: [1-9]\d* acknowledged, 0 lost, 0 changed/);
    expect(seed001!.figures.switchoverMs).toBeGreaterThan(0);
    expect(seed000!.id).toBe("seed-000-strategy-2");
    expect(seed000!.checks.find((c) => c.name === "no acknowledged write lost or changed (verified on blue)")).toMatchObject({ passed: true });
    // The runbook really ran the AWS CLI and the mysql client against the fake RDS and the servers.
    expect(output).toMatch(/\| shop-instance-1: Binary log coordinates in green environment after switchover: file mysql-bin-changelog\.\d+ and position \d+/);
    expect(output).toMatch(/\| Replica running normally\./);
    // Old blue opened only once it had applied the new primary's binary log to its end.
    expect(output).toMatch(/\| the new primary is read-only; its binary log ends at mysql-bin-changelog\.\d+:\d+/);
    expect(output).toMatch(/\| rolled back: old blue takes writes again/);
    const runId = /Run (bgh-\S+),/.exec(output)![1]!;
    expect(await resourcesOfRun(runId)).toEqual([]);
  }, 600_000);
});
