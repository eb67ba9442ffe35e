import { describe, expect, it } from "vitest";
import { parseServerVersion } from "../../harness/engine/server-version.ts";
import { notApplicableReason } from "../../harness/scenario/applicability.ts";
import { runScenario } from "../../harness/scenario/run-scenario.ts";
import type { EngineImage } from "../../harness/images/engine-image.ts";
import { dialectFor } from "../../harness/engine/select-dialect.ts";
import type { Scenario } from "../../harness/scenario/scenario.ts";

const mariadb = parseServerVersion("10.11.14-MariaDB-0+deb12u2");
const mysql97 = parseServerVersion("9.7.4-2");
const mysql80 = parseServerVersion("8.0.36");

describe("engines a scenario applies to", () => {
  it("applies everywhere when it declares nothing", () => {
    expect(notApplicableReason(undefined, mariadb)).toBeUndefined();
  });

  it("names the engines it applies to, the engine that ran and the scenario's reason", () => {
    const mysqlOnly = { engines: [{ flavor: "mysql" as const, from: "8.0" }], reason: "MariaDB has no ALL_UNSIGNED" };
    expect(notApplicableReason(mysqlOnly, mysql97)).toBeUndefined();
    expect(notApplicableReason(mysqlOnly, mariadb)).toBe("applies to MySQL 8.0+, not to MariaDB 10.11.14: MariaDB has no ALL_UNSIGNED");
  });

  it("honours version bounds: from is inclusive, below exclusive", () => {
    const range = { engines: [{ flavor: "mysql" as const, from: "8.0", below: "8.4" }, { flavor: "mariadb" as const, from: "10.6" }], reason: "r" };
    expect(notApplicableReason(range, mysql80)).toBeUndefined();
    expect(notApplicableReason(range, mysql97)).toBe("applies to MySQL 8.0 to below 8.4, MariaDB 10.6+, not to MySQL 9.7.4: r");
    expect(notApplicableReason(range, mariadb)).toBeUndefined();
    expect(notApplicableReason(range, parseServerVersion("10.5.9-MariaDB"))).toMatch(/not to MariaDB 10\.5\.9/);
  });

  it("makes the runner skip the scenario without starting it", async () => {
    let started = false;
    const scenario: Scenario = {
      id: "mysql-only",
      title: "t",
      expectation: "e",
      appliesTo: { engines: [{ flavor: "mysql" }], reason: "needs CLONE" },
      run: async () => {
        started = true;
        return { reached: true, checks: [], figures: {}, details: {} };
      },
    };
    const engine = { requested: "mariadb:10.11", baseImage: "b", warmImage: "w", dialect: dialectFor(mariadb) } as EngineImage;
    const run = await runScenario(scenario, engine, "run-1", { seed: 1, log: () => undefined });
    expect(started).toBe(false);
    expect(run).toMatchObject({ reached: false, notApplicable: "applies to MySQL, not to MariaDB 10.11.14: needs CLONE", durationMs: 0 });
  });
});
