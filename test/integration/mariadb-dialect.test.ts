import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareTable } from "../../harness/checks/row-comparison.ts";
import { BlueGreenEnvironment } from "../../harness/environment/blue-green-environment.ts";
import type { StartedBlueEnvironment } from "../../harness/environment/started-blue-environment.ts";
import type { StartedBlueGreenEnvironment } from "../../harness/environment/started-blue-green-environment.ts";
import { waitUntil } from "../../harness/wait/wait-until.ts";
import { mariadbEngine } from "./support/test-engine.ts";

// The MariaDB dialect against a real MariaDB: old statement names, its own GTID scheme, no CLONE
// (so green is copied by a consistent dump), slave_type_conversions.
describe("a blue/green environment on MariaDB", () => {
  let environment: StartedBlueGreenEnvironment;
  let blue: StartedBlueEnvironment | undefined;
  beforeAll(async () => {
    const engine = await mariadbEngine();
    expect(engine.dialect.name).toBe("mariadb");
    blue = await new BlueGreenEnvironment(engine).withReaders().startBlue();
    await blue.blue.writer.run(["CREATE DATABASE m", "CREATE TABLE m.t (id INT PRIMARY KEY, v INT NOT NULL)", "INSERT INTO m.t VALUES (1, 1), (2, 2)"]);
    environment = await blue.createGreen();
  });
  afterAll(async () => {
    await environment?.remove();
    await blue?.remove();
  });

  it("copies blue by dump and replicates by MariaDB GTID to green's writer and reader", async () => {
    expect(environment.copyPoint.method).toBe("dump");
    expect(environment.copyPoint.gtidSet).toMatch(/^\d+-\d+-\d+/);
    const status = await environment.greenReplicationStatus();
    expect(status).toMatchObject({ configured: true, ioThread: "running", sqlThread: "running", autoPosition: true });
    await environment.blue.writer.query("INSERT INTO m.t VALUES (3, 3)");
    await environment.waitForGreenCatchUp();
    expect(await compareTable(environment.blue.writer, environment.green.writer, { schema: "m", table: "t" })).toMatchObject({ equal: true, leftRows: 3 });
  });

  it("reports MariaDB's conversion error and recovers with slave_type_conversions", async () => {
    await environment.green.writer.query("ALTER TABLE m.t MODIFY v BIGINT NOT NULL");
    await environment.blue.writer.query("INSERT INTO m.t VALUES (4, 4)");
    const status = await waitUntil({ what: "green's applier to stop", timeoutMs: 30_000 }, async () => {
      const current = await environment.greenReplicationStatus();
      return current.sqlError ? { done: true, value: current } : { done: false, state: current.sqlThread };
    });
    expect(status.sqlError).toMatchObject({ kind: "type-conversion", code: 1677 });
    await environment.setTypeConversions("green", "ALL_NON_LOSSY");
    const [variable] = await environment.green.writer.query("SELECT @@GLOBAL.slave_type_conversions AS v");
    expect(variable!.v).toBe("ALL_NON_LOSSY");
    await environment.startGreenReplication();
    await environment.waitForGreenCatchUp();
    expect(await environment.green.writer.query("SELECT v FROM m.t WHERE id = 4")).toEqual([{ v: "4" }]);
  });
});
