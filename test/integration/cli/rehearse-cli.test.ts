import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openConnection } from "../../../harness/sql/mysql-session.ts";
import { bgh } from "../support/bgh-process.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";
import { tempFolder } from "../support/temp-folder.ts";

const USER_SCENARIO = "test/integration/fixtures/user-scenarios/green-row-check.ts";


// Side by side: each test is its own `bgh` process with its own run id and report folder.
describe.concurrent("bgh rehearse from the command line", () => {
  it("runs a user's scenario file, writes the four reports, and exits 0 when it reaches its outcome", async () => {
    const reportDir = tempFolder("bgh-report-");
    const run = bgh(["rehearse", USER_SCENARIO, "--seed", "7", "--report", reportDir]);
    expect(await run.exited, run.output()).toBe(0);
    for (const file of ["report.json", "junit.xml", "summary.md", "report.html"]) expect(existsSync(path.join(reportDir, file)), file).toBe(true);
    const report = JSON.parse(readFileSync(path.join(reportDir, "report.json"), "utf8"));
    expect(report.totals).toEqual({ scenarios: 1, reached: 1, failed: 0, notApplicable: 0 });
    expect(report.seed).toBe(7);
    expect(report.scenarios[0].figures.seed).toBe(7);
    expect(report.reproduce).toContain(`${USER_SCENARIO} --engine`);
    expect(report.scenarios[0].timeline.phases.map((phase: { name: string }) => phase.name)).toContain("environment");
    expect(run.output()).toMatch(/PASS {2}green-row-check/);
  });

  it("keeps a failed scenario's environment with --keep, says how to connect, and removes it on Ctrl-C", async () => {
    const reportDir = tempFolder("bgh-report-");
    const run = bgh(["rehearse", USER_SCENARIO, "--seed", "42", "--keep", "--report", reportDir], { BGH_FIXTURE_EXPECTED: "2" });
    try {
      const [, runId] = await run.waitFor(/Run (\S+), seed 42/, 120_000);
      const [, host, port, user, password] = await run.waitFor(/green-writer\s+mysql -h (\S+) -P (\d+) -u (\S+) -p'([^']+)'/, 240_000);
      await run.waitFor(/Ctrl-C removes them/, 10_000);
      // The one-screen summary names the failed check with its detail.
      expect(run.output()).toMatch(/FAIL  green-row-check[\s\S]*FAIL green holds the expected value: green has 1, expected 2/);
      // The kept server answers with the scenario's data, as a developer poking at it would see.
      const connection = await openConnection({ host: host!, port: Number(port), user: user!, password: password! });
      const [rows] = (await connection.query("SELECT v FROM fixture.t WHERE id = 1")) as unknown as [Array<{ v: number }>];
      await connection.end();
      expect(rows[0]?.v).toBe(1);
      expect(await resourcesOfRun(runId!)).not.toEqual([]);

      const report = JSON.parse(readFileSync(path.join(reportDir, "report.json"), "utf8"));
      expect(report.scenarios[0].reached).toBe(false);
      expect(report.scenarios[0].actualOutcome).toContain("green holds the expected value");
      expect(report.scenarios[0].reproduce).toBe(`npx bgh rehearse ${USER_SCENARIO} --engine ${report.engine.requested} --seed 42`);
      expect(report.scenarios[0].kept.endpoints.length).toBeGreaterThan(1);
      expect(readFileSync(path.join(reportDir, "report.json"), "utf8")).not.toContain(password!);
      expect(readFileSync(path.join(reportDir, "junit.xml"), "utf8")).toContain("<failure");

      run.child.kill("SIGINT");
      expect(await run.exited).toBe(130);
      expect(await resourcesOfRun(runId!)).toEqual([]);
    } finally {
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
    }
  });

  it("runs scenarios side by side with --parallel, each in its own containers, and splits them with --shard", async () => {
    const reportDir = tempFolder("bgh-report-");
    const both = bgh(["rehearse", "unsigned-wrap", USER_SCENARIO, "--parallel", "2", "--seed", "3", "--report", reportDir]);
    const [, runId] = await both.waitFor(/Run (\S+), seed 3/, 120_000);
    expect(await both.exited, both.output()).toBe(0);
    const report = JSON.parse(readFileSync(path.join(reportDir, "report.json"), "utf8"));
    expect(report.scenarios.map((scenario: { id: string; reached: boolean }) => [scenario.id, scenario.reached])).toEqual([["unsigned-wrap", true], ["green-row-check", true]]);
    // Both ran at once: each started before the other finished.
    const [first, second] = report.scenarios.map((scenario: { startedAt: string; durationMs: number }) => ({ start: Date.parse(scenario.startedAt), end: Date.parse(scenario.startedAt) + scenario.durationMs }));
    expect(first.start < second.end && second.start < first.end).toBe(true);
    expect(await resourcesOfRun(runId!)).toEqual([]);

    const shard = bgh(["rehearse", "unsigned-wrap", USER_SCENARIO, "--shard", "2/2", "--seed", "3", "--report", tempFolder("bgh-report-")]);
    await shard.waitFor(/Run \S+, seed 3: green-row-check \(shard 2\/2\)/, 120_000);
    expect(await shard.exited, shard.output()).toBe(0);
  });

  it("refuses an unknown scenario and a bad shard, naming the fix", async () => {
    const unknown = bgh(["rehearse", "no-such-scenario"]);
    expect(await unknown.exited).not.toBe(0);
    expect(unknown.output()).toMatch(/no scenario "no-such-scenario"[\s\S]*choose among: int-to-bigint/);
    const shard = bgh(["rehearse", "--shard", "3/2"]);
    expect(await shard.exited).not.toBe(0);
    expect(shard.output()).toMatch(/--shard[\s\S]*1 <= i <= n/);
    const missingFile = bgh(["rehearse", "./nowhere/my-scenario.ts"]);
    expect(await missingFile.exited).not.toBe(0);
    expect(missingFile.output()).toMatch(/does not exist/);
  });

  it("lists the catalogue, a line per scenario", async () => {
    const list = bgh(["scenarios"]);
    expect(await list.exited).toBe(0);
    for (const id of ["int-to-bigint", "rollback-reverse-replication", "binlog-purged"]) expect(list.output()).toContain(id);
  });
});
