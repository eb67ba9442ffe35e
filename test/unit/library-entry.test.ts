import { describe, expect, it } from "vitest";
import * as fakes from "blue-green-harness/fakes";
import * as harness from "blue-green-harness";
import * as scenarios from "blue-green-harness/scenarios";

// Users import the package by its name from their own suites; the entry points must resolve and
// carry the pieces the README promises.
describe("the package's entry points", () => {
  it("export the environment, workload, checkers, runner, fake RDS and scenarios", () => {
    for (const name of ["BlueGreenEnvironment", "engineImageFromEnvironment", "startLedgerWorkload", "compareServers", "compareTable", "runScenario", "usingEnvironment", "waitForCatchUp", "writeReportFiles", "startSchemaWorkload", "RowLedger", "readSchema", "generateData", "loadDataFile", "runSqlFile", "planHazards", "renderPlan"]) {
      expect(typeof (harness as Record<string, unknown>)[name], name).toBe("function");
    }
    for (const name of ["startFakeRdsService", "typedRdsApi", "mockRdsClient", "RdsHttpServer"]) expect(typeof (fakes as Record<string, unknown>)[name], name).toBe("function");
    expect(scenarios.SCENARIOS.map((scenario) => scenario.id)).toContain("int-to-bigint");
    expect(typeof scenarios.deployAndSwitchOver).toBe("function");
  });
});
