import { describe, expect, it } from "vitest";
import { newRunId } from "../../harness/lifecycle/run-id.ts";
import { runScenario } from "../../harness/scenario/run-scenario.ts";
import { SCENARIOS, scenarioById } from "../../scenarios/catalogue.ts";
import { resourcesOfRun } from "./support/containers-of-run.ts";
import { mariadbEngine } from "./support/test-engine.ts";

// The catalogue on MariaDB 10.11, as `bgh rehearse --engine mariadb:10.11` runs it: every scenario that
// applies to MariaDB reaches its outcome (about three minutes here), and those that rehearse MySQL-only behaviour are reported not applicable without starting
// anything. engine-upgrade (MariaDB 10.11 to 11.8) has its own test on another schema.
const MYSQL_ONLY = ["unsigned-wrap", "conversion-domain", "rollback-gtid-replay"];
const OWN_TESTS = new Set(["engine-upgrade", ...MYSQL_ONLY]);

describe("the catalogue on MariaDB 10.11", () => {
  // One after the other: run side by side here, seed-004 once failed within 3 s (1 run in 3, not yet
  // understood; it passes alone and in `bgh rehearse --engine mariadb:10.11`).
  describe("every scenario that applies to MariaDB", () => {
    for (const scenario of SCENARIOS.filter((candidate) => !OWN_TESTS.has(candidate.id))) {
      it(`${scenario.id} reaches its declared outcome on MariaDB`, async () => {
        const runId = newRunId();
        const run = await runScenario(scenario, await mariadbEngine(), runId, { seed: 7, log: () => undefined });
        const failed = run.outcome?.checks.filter((c) => !c.passed);
        expect(run.error).toBeUndefined();
        expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
        expect(run.reached).toBe(true);
        expect(await resourcesOfRun(runId)).toEqual([]);
      });
    }
  });

  it("reports the MySQL-only scenarios not applicable, with their reason, starting nothing", async () => {
    const engine = await mariadbEngine();
    for (const id of MYSQL_ONLY) {
      const runId = newRunId();
      const run = await runScenario(scenarioById(id)!, engine, runId, { seed: 7, log: () => undefined });
      expect(run).toMatchObject({ reached: false, durationMs: 0 });
      expect(run.notApplicable).toMatch(/^applies to MySQL 8\.0\+, not to MariaDB 10\.11\.\d+: .*MariaDB/);
      expect(await resourcesOfRun(runId)).toEqual([]);
    }
  });
});
