import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installRdsProcedures, RDS_MESSAGES } from "../../../fakes/rds/procedures/index.ts";
import { BlueGreenEnvironment } from "../../../harness/environment/blue-green-environment.ts";
import type { StartedBlueGreenEnvironment } from "../../../harness/environment/started-blue-green-environment.ts";
import { reap } from "../../../harness/lifecycle/reaper.ts";
import { waitUntil } from "../../../harness/wait/wait-until.ts";
import { testEngine } from "../support/test-engine.ts";
import { callForMessages } from "./support/procedure-calls.ts";
import { describeRdsProcedures } from "./support/rds-procedure-suite.ts";

// The engine the harness resolves by default (BGH_MYSQL_IMAGE, else MySQL; 9.7.4 on machines without a registry).
describeRdsProcedures("the default MySQL engine", testEngine);

// With GTIDs on (the harness's default) MySQL ignores the skip counter, so the suite above skips by
// empty transaction in both modes; without GTIDs the counter is the way, as on RDS.
describe("rds_skip_repl_error on MySQL without GTIDs", () => {
  let environment: StartedBlueGreenEnvironment;
  beforeAll(async () => {
    environment = await new BlueGreenEnvironment(await testEngine()).withServerOptions({ gtid: false }).withReplicationMode("file-position").start();
    await installRdsProcedures(environment.green.writer, environment.green.writer.dialect);
    await environment.blue.writer.run(["CREATE DATABASE plain", "CREATE TABLE plain.t (id INT PRIMARY KEY)"]);
    await environment.waitForGreenCatchUp();
  });
  afterAll(async () => {
    const runId = environment?.runId;
    try {
      await environment?.remove();
    } finally {
      if (runId) await reap({ runId });
    }
  });

  it("skips the anonymous transaction in error with the skip counter", async () => {
    const green = environment.green.writer;
    await green.run(["SET SESSION sql_log_bin = 0", "INSERT INTO plain.t VALUES (1)", "SET SESSION sql_log_bin = 1"]);
    await environment.blue.writer.query("INSERT INTO plain.t VALUES (1)");
    const failing = await waitUntil({ what: "green's applier to fail", timeoutMs: 30_000 }, async () => {
      const rows = await green.query("SELECT APPLYING_TRANSACTION AS trx FROM performance_schema.replication_applier_status_by_worker WHERE LAST_ERROR_NUMBER = 1062");
      return rows.length > 0 ? { done: true, value: String(rows[0]!.trx) } : { done: false, state: "no worker error yet" };
    });
    expect(failing).toBe("ANONYMOUS");
    expect(await callForMessages(green, "CALL mysql.rds_skip_repl_error")).toEqual([RDS_MESSAGES.skipped, RDS_MESSAGES.runningAfterSkip]);
    const [{ counter }] = (await green.query("SELECT @@GLOBAL.sql_replica_skip_counter AS counter")) as [{ counter: unknown }];
    expect(Number(counter)).toBe(0);
    await environment.blue.writer.query("INSERT INTO plain.t VALUES (2)");
    await environment.waitForGreenCatchUp();
    expect(await green.query("SELECT id FROM plain.t ORDER BY id")).toEqual([{ id: 1 }, { id: 2 }]);
  });
});
