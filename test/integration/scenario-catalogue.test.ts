import { describe, it } from "vitest";
import { newRunId } from "../../harness/lifecycle/run-id.ts";
import { notApplicableReason } from "../../harness/scenario/applicability.ts";
import { SCENARIOS } from "../../scenarios/catalogue.ts";
import { resourcesOfRun } from "./support/containers-of-run.ts";
import { testEngine } from "./support/test-engine.ts";

// int-to-bigint has its own test with a smaller data set (int-to-bigint-rehearsal.test.ts),
// conversion-domain its own with more runs (properties/conversion-domain.property.test.ts), and
// engine-upgrade its own on MariaDB 10.11 to 11.8 (scenarios/engine-upgrade.test.ts).
const OWN_TESTS = new Set(["int-to-bigint", "conversion-domain", "engine-upgrade"]);

// Side by side, as `bgh rehearse` runs them by default: scenarios mostly wait, and one after the
// other this file alone took four minutes of a CI run (vitest.config.ts bounds how many at once).
describe.concurrent("the scenario catalogue", () => {
  for (const scenario of SCENARIOS.filter((candidate) => !OWN_TESTS.has(candidate.id))) {
    it(`${scenario.id} reaches its declared outcome: ${scenario.expectation}`, async ({ expect, skip }) => {
      const engine = await testEngine();
      // On an engine the scenario does not apply to (BGH_MYSQL_IMAGE=mariadb:...), it is not run: rehearse reports it not applicable.
      if (notApplicableReason(scenario.appliesTo, engine.dialect.version)) skip();
      const runId = newRunId();
      const outcome = await scenario.run({ engine, runId, log: () => undefined });
      const failed = outcome.checks.filter((c) => !c.passed);
      expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
      expect(outcome.checks.length).toBeGreaterThan(2);
      expect(outcome.reached).toBe(true);
      expect(await resourcesOfRun(runId)).toEqual([]);
    });
  }
});
