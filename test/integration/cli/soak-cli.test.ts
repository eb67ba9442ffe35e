import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runSeed } from "../../../harness/soak/soak-seeds.ts";
import { argumentsOf, bgh } from "../support/bgh-process.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";
import { failsFor, LOST_BELOW, valuesFor } from "../fixtures/soak/lossy-rows.ts";
import { tempFolder } from "../support/temp-folder.ts";

const FIXTURE = "test/integration/fixtures/soak/lossy-rows.ts";

/** The first soak seed whose first `runs` runs of the fixture fail exactly where `pattern` says ("F" fails, "p" passes). */
function soakSeedWhere(pattern: string, writes = 30): number {
  for (let seed = 1; seed < 10_000; seed++) {
    const outcome = [...pattern].map((_, index) => (failsFor(runSeed(seed, "lossy-rows", index + 1), writes) ? "F" : "p")).join("");
    if (outcome === pattern) return seed;
  }
  throw new Error(`no soak seed gives ${pattern}`);
}

// Side by side: each test is its own soak (its own run id and report folder) that mostly waits on servers.
describe.concurrent("bgh soak", () => {
  it("finds the seeds a broken scenario fails in, keeps each failed run's reports, and hands back a replay line that fails again", async () => {
    const soakSeed = soakSeedWhere("pFpF");
    const reportDir = tempFolder("bgh-soak-");
    const soak = bgh(["soak", FIXTURE, "--runs", "4", "--parallel", "2", "--seed", String(soakSeed), "--report", reportDir]);
    const [, runId] = await soak.waitFor(/Soak (\S+), soak seed/, 120_000);
    expect(await soak.exited, soak.output()).toBe(1);
    // Live progress: runs done and failures so far.
    expect(soak.output()).toMatch(/soak: 4\/4 runs done, 2 failed/);
    expect(soak.output()).toMatch(/lossy-rows\s+4\s+2\s+2\s/);

    const report = JSON.parse(readFileSync(path.join(reportDir, "report.json"), "utf8"));
    expect(report.seed).toBe(soakSeed);
    expect(report.soak.scenarios).toEqual([expect.objectContaining({ id: "lossy-rows", runs: 4, passed: 2, failed: 2 })]);
    expect(report.scenarios.map((run: { id: string; reached: boolean }) => [run.id, run.reached])).toEqual([["lossy-rows#1", true], ["lossy-rows#2", false], ["lossy-rows#3", true], ["lossy-rows#4", false]]);
    const failures = report.soak.failures as Array<{ run: number; seed: number; replay: string; reportDir: string; faults: string[] }>;
    expect(failures.map((failure) => [failure.run, failure.seed])).toEqual([[2, runSeed(soakSeed, "lossy-rows", 2)], [4, runSeed(soakSeed, "lossy-rows", 4)]]);
    for (const file of ["report.json", "junit.xml", "summary.md", "report.html"]) expect(existsSync(path.join(reportDir, file)), file).toBe(true);
    for (const failure of failures) {
      const own = JSON.parse(readFileSync(path.join(failure.reportDir, "report.json"), "utf8"));
      expect(own.scenarios).toHaveLength(1);
      expect(own.scenarios[0].reached).toBe(false);
      expect(own.reproduce).toBe(failure.replay);
      expect(failure.replay).toMatch(new RegExp(`^npx bgh rehearse ${FIXTURE} --engine \\S+ --seed ${failure.seed} --fault lose-rows@(after|before)-catch-up\\+\\d+ms$`));
      expect(soak.output()).toContain(`Replay: ${failure.replay}`);
    }
    expect(readFileSync(path.join(reportDir, "summary.md"), "utf8")).toContain(failures[0]!.replay);
    expect(await resourcesOfRun(runId!)).toEqual([]);

    // The replay line, run as printed, fails again in the same way.
    const replay = bgh([...argumentsOf(failures[0]!.replay), "--report", tempFolder("bgh-replay-")]);
    expect(await replay.exited, replay.output()).toBe(1);
    const lost = valuesFor(failures[0]!.seed, 30).filter((value) => value < LOST_BELOW).length;
    expect(replay.output()).toContain(`FAIL every row written on blue is on green: 30 written, ${30 - lost} on green`);
  }, 600_000);

  it("stops at the first failure and shrinks the workload to the smallest that still fails", async () => {
    const soakSeed = soakSeedWhere("F");
    const seed = runSeed(soakSeed, "lossy-rows", 1);
    const smallest = valuesFor(seed, 30).findIndex((value) => value < LOST_BELOW) + 1;
    const reportDir = tempFolder("bgh-soak-");
    const soak = bgh(["soak", FIXTURE, "--runs", "5", "--parallel", "1", "--seed", String(soakSeed), "--stop-on-failure", "--shrink", "--report", reportDir]);
    const [, runId] = await soak.waitFor(/Soak (\S+), soak seed/, 120_000);
    expect(await soak.exited, soak.output()).toBe(1);
    const report = JSON.parse(readFileSync(path.join(reportDir, "report.json"), "utf8"));
    expect(report.soak.endedEarly).toBe("stopped at the first failure");
    expect(report.scenarios).toHaveLength(1);
    const [failure] = report.soak.failures;
    expect(failure.seed).toBe(seed);
    expect(failure.shrunk.options).toEqual({ writes: smallest });
    expect(failure.shrunk.replay).toBe(`${failure.replay.replace(/ --fault .*/, "")} --set writes=${smallest}${failure.replay.match(/ --fault .*/)?.[0] ?? ""}`);
    expect(await resourcesOfRun(runId!)).toEqual([]);
  }, 900_000);

  it("ends a run that outlives the per-run timeout, counts it failed with its seed, and leaves nothing running", async () => {
    const reportDir = tempFolder("bgh-soak-");
    // Two seconds: the run is still starting its servers.
    const soak = bgh(["soak", FIXTURE, "--runs", "1", "--seed", "3", "--run-timeout", "2s", "--report", reportDir]);
    const [, runId] = await soak.waitFor(/Soak (\S+), soak seed/, 120_000);
    expect(await soak.exited, soak.output()).toBe(1);
    const report = JSON.parse(readFileSync(path.join(reportDir, "report.json"), "utf8"));
    expect(report.soak.scenarios[0]).toMatchObject({ runs: 1, failed: 1, timedOut: 1 });
    const [failure] = report.soak.failures;
    expect(failure.seed).toBe(runSeed(3, "lossy-rows", 1));
    expect(failure.why).toMatch(/timed out: still running after the soak's per-run timeout of 2 s/);
    expect(await resourcesOfRun(runId!)).toEqual([]);
  }, 300_000);

  it("on Ctrl-C ends the runs in progress, removes their containers and writes the summary of what finished", async () => {
    const reportDir = tempFolder("bgh-soak-");
    const soak = bgh(["soak", FIXTURE, "--runs", "3", "--parallel", "1", "--seed", "3", "--report", reportDir]);
    const [, runId] = await soak.waitFor(/Soak (\S+), soak seed/, 120_000);
    await soak.waitFor(/PASS {2}lossy-rows#1|FAIL {2}lossy-rows#1/, 240_000);
    // Run 2 is starting its servers now.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    soak.child.kill("SIGINT");
    expect(await soak.exited, soak.output()).toBe(failsFor(runSeed(3, "lossy-rows", 1), 30) ? 1 : 130);
    const report = JSON.parse(readFileSync(path.join(reportDir, "report.json"), "utf8"));
    expect(report.soak.endedEarly).toBe("interrupted");
    expect(report.soak.scenarios[0]).toMatchObject({ runs: 1, interrupted: 1 });
    expect(soak.output()).toMatch(/1 run\(s\) finished/);
    expect(await resourcesOfRun(runId!)).toEqual([]);
  }, 400_000);

  it("refuses a soak without a length and an unknown scenario before starting anything", async () => {
    const noLength = bgh(["soak", "int-to-bigint"]);
    expect(await noLength.exited).not.toBe(0);
    expect(noLength.output()).toMatch(/neither --runs nor --for[\s\S]*--runs N/);
    const unknown = bgh(["soak", "no-such-scenario", "--runs", "2"]);
    expect(await unknown.exited).not.toBe(0);
    expect(unknown.output()).toMatch(/no scenario "no-such-scenario"/);
    const badFor = bgh(["soak", "int-to-bigint", "--for", "soon"]);
    expect(await badFor.exited).not.toBe(0);
    expect(badFor.output()).toMatch(/--for 90s, 30m, 2h or 1h30m/);
    // A replay line's fault placement is checked against what the scenario declares, before anything starts.
    const badPoint = bgh(["rehearse", "switchover-faults", "--fault", "writer-kill@renames"]);
    expect(await badPoint.exited).not.toBe(0);
    expect(badPoint.output()).toMatch(/"writer-kill" cannot land at "renames"[\s\S]*choose one of: catch-up, drop-connections, stop-writes/);
    const twoScenarios = bgh(["rehearse", "int-to-bigint", "switchover-faults", "--fault", "writer-kill@catch-up"]);
    expect(await twoScenarios.exited).not.toBe(0);
    expect(twoScenarios.output()).toMatch(/--fault places the faults of one scenario/);
  });
});
