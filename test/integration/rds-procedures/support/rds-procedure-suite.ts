import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installRdsProcedures, NULL_RETENTION_SECONDS, RDS_MESSAGES } from "../../../../fakes/rds/procedures/index.ts";
import { BlueGreenEnvironment } from "../../../../harness/environment/blue-green-environment.ts";
import type { StartedBlueGreenEnvironment } from "../../../../harness/environment/started-blue-green-environment.ts";
import type { EngineImage } from "../../../../harness/images/engine-image.ts";
import { reap } from "../../../../harness/lifecycle/reaper.ts";
import type { StartedMysqlNode } from "../../../../harness/node/started-mysql-node.ts";
import { waitForCatchUp } from "../../../../harness/replication/catch-up.ts";
import { binaryLogStatus, gtidExecuted, replicationStatus } from "../../../../harness/replication/replication-control.ts";
import type { ReplicationStatus } from "../../../../harness/replication/replication-status.ts";
import { MysqlSession } from "../../../../harness/sql/mysql-session.ts";
import { waitUntil } from "../../../../harness/wait/wait-until.ts";
import { resourcesOfRun } from "../../support/containers-of-run.ts";
import { callForMessages, callForResultSets, expectRefusal } from "./procedure-calls.ts";
import { configureExternalMaster, RESET_EXTERNAL_MASTER, SKIP_REPL_ERROR, START_REPLICATION, STOP_REPLICATION } from "./seed-000.ts";

const PROCEDURE_NAMES = [
  "rds_next_master_log",
  "rds_next_source_log",
  "rds_reset_external_master",
  "rds_reset_external_source",
  "rds_set_configuration",
  "rds_set_external_master",
  "rds_set_external_master_with_auto_position",
  "rds_set_external_source",
  "rds_set_external_source_with_auto_position",
  "rds_show_configuration",
  "rds_skip_repl_error",
  "rds_start_replication",
  "rds_start_replication_until",
  "rds_stop_replication",
];

/**
 * A rollback rehearsal told through RDS's procedures, against real servers: green replicates from blue
 * (set up by the harness, GTID), then is stopped and reset as after a switchover, and blue replicates
 * back from green by file and position, configured with seed 000's SQL. Each step checks RDS's messages
 * and refusals and that the data went (or did not go) where RDS says. The steps share one environment
 * and run in order.
 */
export function describeRdsProcedures(engineName: string, engine: () => Promise<EngineImage>): void {
  describe(`RDS procedures on ${engineName}`, () => {
    let environment: StartedBlueGreenEnvironment;
    let blue: StartedMysqlNode;
    let green: StartedMysqlNode;
    let mysql: boolean;
    /** The RDS master user: may call the procedures, may not run replication statements itself. */
    let master: MysqlSession;

    beforeAll(async () => {
      environment = await new BlueGreenEnvironment(await engine()).start();
      blue = environment.blue.writer;
      green = environment.green.writer;
      mysql = environment.engine.dialect.gtidScheme === "mysql";
      await blue.run(["CREATE DATABASE shop", "CREATE TABLE shop.orders (id INT PRIMARY KEY, note VARCHAR(40) NOT NULL)", "INSERT INTO shop.orders VALUES (1, 'before the deployment')"]);
      await environment.waitForGreenCatchUp();
    });

    afterAll(async () => {
      const runId = environment?.runId;
      try {
        await master?.close();
        await environment?.remove();
      } finally {
        if (runId) {
          await reap({ runId });
          expect(await resourcesOfRun(runId)).toEqual([]);
        }
      }
    });

    it("installs every procedure without a GTID or a binary log event, idempotently, restoring sql_log_bin", async () => {
      for (const node of [blue, green]) {
        const gtidsBefore = await gtidExecuted(node);
        const binlogBefore = await binaryLogStatus(node);
        await installRdsProcedures(node, node.dialect);
        await installRdsProcedures(node, node.dialect);
        expect(await gtidExecuted(node), node.name).toBe(gtidsBefore);
        expect(await binaryLogStatus(node), node.name).toEqual(binlogBefore);
        const [{ value: sqlLogBin }] = (await node.query("SELECT @@SESSION.sql_log_bin AS value")) as [{ value: unknown }];
        expect(Number(sqlLogBin)).toBe(1);
        const routines = await node.query(
          "SELECT ROUTINE_NAME AS name, DEFINER AS definer, SECURITY_TYPE AS security FROM information_schema.ROUTINES " +
            "WHERE ROUTINE_SCHEMA = 'mysql' AND ROUTINE_NAME LIKE 'rds\\_%' ORDER BY ROUTINE_NAME",
        );
        expect(routines.map((row) => row.name)).toEqual(PROCEDURE_NAMES);
        expect(new Set(routines.map((row) => `${String(row.definer)} ${String(row.security)}`))).toEqual(new Set(["root@localhost DEFINER"]));
      }
    });

    it("lets a master user without replication privileges call them (SQL SECURITY DEFINER)", async () => {
      const password = "Master-Passw0rd";
      for (const node of [blue, green]) {
        await node.run(["SET SESSION sql_log_bin = 0", `CREATE USER 'rds_master'@'%' IDENTIFIED BY '${password}'`, "GRANT SELECT, EXECUTE ON *.* TO 'rds_master'@'%'", "SET SESSION sql_log_bin = 1"]);
      }
      master = new MysqlSession(() => ({ ...green.connectionTarget(), user: "rds_master", password }));
      await expect(master.query(green.dialect.stopReplicaSql())).rejects.toThrow(/denied|privilege/i);
      const rows = (await callForResultSets(master, "CALL mysql.rds_show_configuration"))[0];
      expect(rows).toEqual([
        { name: "binlog retention hours", value: "168", description: "binlog retention hours specifies the duration in hours before binary logs are automatically deleted." },
      ]);
    });

    it("refuses what needs a stopped replica while green replicates", async () => {
      await expectRefusal(green, "CALL mysql.rds_start_replication", RDS_MESSAGES.startWhileRunning);
      await expectRefusal(green, configureExternalMaster({ host: "blue-writer", user: "u", password: "p", file: "mysql-bin-changelog.000001", position: 4 }), RDS_MESSAGES.modifyWhileRunning);
      await expectRefusal(green, "CALL mysql.rds_set_external_source_with_auto_position('blue-writer', 3306, 'u', 'p', 0)", RDS_MESSAGES.modifyWhileRunning);
      await expectRefusal(green, SKIP_REPL_ERROR, RDS_MESSAGES.skipWhileRunning);
      await expectRefusal(green, "CALL mysql.rds_next_master_log(1)", RDS_MESSAGES.skipWhileRunning);
      await expectRefusal(green, "CALL mysql.rds_start_replication_until('mysql-bin-changelog.000001', 4)", RDS_MESSAGES.startWhileRunning);
      expect((await environment.greenReplicationStatus()).sqlThread).toBe("running");
    });

    it("skips a duplicate-key transaction under GTID replication and replication resumes", async () => {
      // A stray write on green (outside the binary log) that blue's next insert collides with.
      await green.run(["SET SESSION sql_log_bin = 0", "INSERT INTO shop.orders VALUES (2, 'stray write on green')", "SET SESSION sql_log_bin = 1"]);
      await blue.query("INSERT INTO shop.orders VALUES (2, 'from blue')");
      const failed = await applierError(green);
      expect(failed.sqlError).toMatchObject({ kind: "duplicate-key" });
      await expectRefusal(green, START_REPLICATION, RDS_MESSAGES.startWhileBroken);

      expect(await callForMessages(green, SKIP_REPL_ERROR)).toEqual([RDS_MESSAGES.skipped, RDS_MESSAGES.runningAfterSkip]);
      if (mysql) {
        // Skipped by an empty transaction carrying blue's GTID: green now counts everything blue did.
        const [subset] = await green.query(`SELECT GTID_SUBSET('${await gtidExecuted(blue)}', @@GLOBAL.gtid_executed) AS covered`);
        expect(Number(subset!.covered)).toBe(1);
      }
      await blue.query("INSERT INTO shop.orders VALUES (3, 'after the skip')");
      await environment.waitForGreenCatchUp();
      expect(await green.query("SELECT id, note FROM shop.orders ORDER BY id")).toEqual([
        { id: 1, note: "before the deployment" },
        { id: 2, note: "stray write on green" },
        { id: 3, note: "after the skip" },
      ]);
    });

    it("stops green's replication as seed 001 shows, as the master user, and refuses what needs it running", async () => {
      expect(await callForMessages(master, STOP_REPLICATION)).toEqual([RDS_MESSAGES.stopped]);
      const status = await environment.greenReplicationStatus();
      expect({ io: status.ioThread, sql: status.sqlThread }).toEqual({ io: "stopped", sql: "stopped" });
      await expectRefusal(green, STOP_REPLICATION, RDS_MESSAGES.stopWhileStopped);
      await expectRefusal(green, SKIP_REPL_ERROR, RDS_MESSAGES.skipWhileStopped);
      await expectRefusal(green, "CALL mysql.rds_next_master_log(1)", RDS_MESSAGES.skipWhileStopped);
    });

    it("resets green (seed 000's last step) and then refuses what needs a configured replica", async () => {
      expect(await callForResultSets(green, RESET_EXTERNAL_MASTER)).toEqual([[{ message: RDS_MESSAGES.reset }]]);
      expect((await environment.greenReplicationStatus()).configured).toBe(false);
      await expectRefusal(green, START_REPLICATION, RDS_MESSAGES.startNotConfigured);
      await expectRefusal(green, "CALL mysql.rds_start_replication_until('mysql-bin-changelog.000001', 4)", RDS_MESSAGES.startNotConfigured);
      if (mysql) {
        await expectRefusal(green, STOP_REPLICATION, RDS_MESSAGES.stopNotConfigured);
        await expectRefusal(green, RESET_EXTERNAL_MASTER, RDS_MESSAGES.resetNotConfigured);
        await expectRefusal(green, SKIP_REPL_ERROR, RDS_MESSAGES.skipNotConfigured);
        await expectRefusal(green, "CALL mysql.rds_next_master_log(1)", RDS_MESSAGES.nextLogNotConfigured);
      } else {
        // MariaDB shows SQL no difference between "stopped" and "never configured" (see replication-state.ts).
        await expectRefusal(green, STOP_REPLICATION, RDS_MESSAGES.stopWhileStopped);
        expect(await callForMessages(green, RESET_EXTERNAL_MASTER)).toEqual([RDS_MESSAGES.reset]);
        await expectRefusal(green, SKIP_REPL_ERROR, RDS_MESSAGES.skipWhileStopped);
      }
    });

    it("configures blue to replicate back from green with seed 000's SQL, verbatim, and starts it", async () => {
      const coordinates = await binaryLogStatus(green);
      const setup = configureExternalMaster({ host: green.networkHost, user: green.credentials.replicationUser, password: green.credentials.replicationPassword, ...coordinates });
      expect(await callForResultSets(blue, setup)).toEqual([]);
      const configured = await replicationStatus(blue);
      expect(configured).toMatchObject({ configured: true, ioThread: "stopped", sqlThread: "stopped", source: { host: "green-writer", port: 3306 }, autoPosition: false });

      expect(await callForMessages(blue, START_REPLICATION)).toEqual([RDS_MESSAGES.started]);
      await expectRefusal(blue, START_REPLICATION, RDS_MESSAGES.startWhileRunning);
      await expectRefusal(blue, setup, RDS_MESSAGES.modifyWhileRunning);

      await green.query("INSERT INTO shop.orders VALUES (10, 'written on the new production')");
      await waitForCatchUp(blue, green);
      expect(await blue.query("SELECT note FROM shop.orders WHERE id = 10")).toEqual([{ note: "written on the new production" }]);
    });

    it("skips a duplicate-key transaction under file/position replication", async () => {
      await blue.run(["SET SESSION sql_log_bin = 0", "INSERT INTO shop.orders VALUES (11, 'stray write on blue')", "SET SESSION sql_log_bin = 1"]);
      await green.query("INSERT INTO shop.orders VALUES (11, 'from green')");
      expect((await applierError(blue)).sqlError).toMatchObject({ kind: "duplicate-key" });

      expect(await callForMessages(blue, SKIP_REPL_ERROR)).toEqual([RDS_MESSAGES.skipped, RDS_MESSAGES.runningAfterSkip]);
      const [{ counter }] = (await blue.query(`SELECT @@GLOBAL.${blue.dialect.skipCounterVariable} AS counter`)) as [{ counter: unknown }];
      expect(Number(counter)).toBe(0);
      await green.query("INSERT INTO shop.orders VALUES (12, 'after the skip')");
      await waitForCatchUp(blue, green);
      expect(await blue.query("SELECT id, note FROM shop.orders WHERE id IN (11, 12) ORDER BY id")).toEqual([
        { id: 11, note: "stray write on blue" },
        { id: 12, note: "after the skip" },
      ]);
    });

    it("moves past purged binary logs with rds_next_master_log after error 1236, losing what they held", async () => {
      expect(await callForMessages(blue, STOP_REPLICATION)).toEqual([RDS_MESSAGES.stopped]);
      const stoppedAt = (await replicationStatus(blue)).received!.file;
      await green.run(["INSERT INTO shop.orders VALUES (20, 'in a purged log')", "FLUSH BINARY LOGS"]);
      const newest = (await binaryLogStatus(green)).file;
      await purgeBinaryLogsTo(green, newest);

      // The receiver asks for a file the source no longer has: RDS's start notices within its pause.
      await expectRefusal(blue, START_REPLICATION, RDS_MESSAGES.errorAfterStart);
      const broken = await replicationStatus(blue);
      expect(broken.ioThread).toBe("stopped");
      expect(broken.ioError).toMatchObject({ code: mysql ? 13114 : 1236 });
      expect(broken.ioError!.message).toMatch(/1236/);

      const current = Number(stoppedAt.split(".").pop());
      expect(await callForMessages(blue, `CALL mysql.rds_next_master_log(${current})`)).toEqual([RDS_MESSAGES.movedToNextLog, RDS_MESSAGES.runningAfterSkip]);
      expect((await replicationStatus(blue)).received!.file).toBe(newest);
      await green.query("INSERT INTO shop.orders VALUES (21, 'after the purge')");
      await waitForCatchUp(blue, green);
      expect(await blue.query("SELECT id FROM shop.orders WHERE id IN (20, 21) ORDER BY id")).toEqual([{ id: 21 }]);
    });

    it("starts replication until a position of the source's binary log, and refuses bad stop points and parallel appliers", async () => {
      expect(await callForMessages(blue, STOP_REPLICATION)).toEqual([RDS_MESSAGES.stopped]);
      const workers = mysql ? "replica_parallel_workers" : "slave_parallel_threads";
      const [{ value: defaultWorkers }] = (await blue.query(`SELECT @@GLOBAL.${workers} AS value`)) as [{ value: unknown }];
      await blue.query(`SET GLOBAL ${workers} = 4`);
      await expectRefusal(blue, "CALL mysql.rds_start_replication_until('mysql-bin-changelog.000001', 4)", RDS_MESSAGES.untilMultiThreaded);
      await blue.query(`SET GLOBAL ${workers} = 1`);
      await expectRefusal(blue, "CALL mysql.rds_start_replication_until('mysql-bin-changelog.000001', 0)", RDS_MESSAGES.untilBadStopPoint);
      await expectRefusal(blue, "CALL mysql.rds_start_replication_until('mysql-bin-changelog.000001', NULL)", RDS_MESSAGES.untilBadStopPoint);

      // A stop point just inside the next transaction: the applier finishes that one and stops before the one after.
      const end = await binaryLogStatus(green);
      const stopPoint = end.position + 1;
      expect(await callForMessages(blue, `CALL mysql.rds_start_replication_until(' ${end.file} ', ${stopPoint})`)).toEqual([
        `${RDS_MESSAGES.untilStartedPrefix}'${end.file}' and MASTER_LOG_POS = ${stopPoint}`,
      ]);
      await green.query("INSERT INTO shop.orders VALUES (30, 'before the stop point')");
      await green.query("INSERT INTO shop.orders VALUES (31, 'after the stop point')");
      const stopped = await waitUntil({ what: "blue's applier to stop at the stop point", timeoutMs: 30_000 }, async () => {
        const status = await replicationStatus(blue);
        return status.sqlThread === "stopped" ? { done: true, value: status } : { done: false, state: `SQL ${status.sqlThread}` };
      });
      expect({ io: stopped.ioThread, sqlError: stopped.sqlError }).toEqual({ io: "running", sqlError: null });
      expect(await blue.query("SELECT id FROM shop.orders WHERE id IN (30, 31) ORDER BY id")).toEqual([{ id: 30 }]);

      expect(await callForMessages(blue, STOP_REPLICATION)).toEqual([RDS_MESSAGES.stopped]);
      await blue.query(`SET GLOBAL ${workers} = ${Number(defaultWorkers)}`);
      expect(await callForMessages(blue, START_REPLICATION)).toEqual([RDS_MESSAGES.started]);
      await waitForCatchUp(blue, green);
      expect(await blue.query("SELECT id FROM shop.orders WHERE id IN (30, 31) ORDER BY id")).toEqual([{ id: 30 }, { id: 31 }]);
    });

    it("applies 'binlog retention hours' to the server's binary log expiry and shows it back", async () => {
      await callForResultSets(green, "CALL mysql.rds_set_configuration('binlog retention hours', 24)");
      expect(await expirySeconds(green)).toBe(86400);
      expect((await callForResultSets(master, "CALL mysql.rds_show_configuration"))[0]).toEqual([expect.objectContaining({ name: "binlog retention hours", value: "24" })]);

      await callForResultSets(green, "CALL mysql.rds_set_configuration('Binlog Retention Hours', 2160)");
      expect(await expirySeconds(green)).toBe(2160 * 3600);

      await callForResultSets(green, "CALL mysql.rds_set_configuration('binlog retention hours', NULL)");
      expect(await expirySeconds(green)).toBe(NULL_RETENTION_SECONDS);
      expect((await callForResultSets(green, "CALL mysql.rds_show_configuration"))[0]).toEqual([expect.objectContaining({ value: null })]);

      for (const value of [0, -1, 2161]) {
        await expectRefusal(green, `CALL mysql.rds_set_configuration('binlog retention hours', ${value})`, RDS_MESSAGES.retentionOutOfRange);
      }
      for (const name of ["target delay", "source delay"]) {
        await expectRefusal(green, `CALL mysql.rds_set_configuration('${name}', 10)`, `${RDS_MESSAGES.unknownConfigurationPrefix}'${name}' using mysql.rds_set_configuration.`);
      }
      await expectRefusal(green, "CALL mysql.rds_set_configuration(NULL, 10)", `${RDS_MESSAGES.unknownConfigurationPrefix}NULL using mysql.rds_set_configuration.`);
      await callForResultSets(green, "CALL mysql.rds_set_configuration('binlog retention hours', 168)");
      expect(await expirySeconds(green)).toBe(168 * 3600);
    });

    it("rolls forward again under the *_source names with GTID auto-positioning (Aurora's five-parameter signature)", async () => {
      expect(await callForResultSets(blue, "CALL mysql.rds_reset_external_source")).toEqual([[{ message: RDS_MESSAGES.reset }]]);
      const { replicationUser, replicationPassword } = blue.credentials;
      await expect(green.query(`CALL mysql.rds_set_external_master_with_auto_position('blue-writer', 3306, '${replicationUser}', '${replicationPassword}', 0, 0)`)).rejects.toThrow(
        /Incorrect number of arguments for PROCEDURE mysql\.rds_set_external_master_with_auto_position; expected 5, got 6/,
      );
      await callForResultSets(green, `CALL mysql.rds_set_external_source_with_auto_position('${blue.networkHost}', 3306, '${replicationUser}', '${replicationPassword}', 0)`);
      expect(await environment.greenReplicationStatus()).toMatchObject({ configured: true, autoPosition: true, source: { host: "blue-writer", port: 3306 } });
      expect(await callForMessages(green, "CALL mysql.rds_start_replication")).toEqual([RDS_MESSAGES.started]);
      await expectRefusal(green, "CALL mysql.rds_next_source_log(1)", RDS_MESSAGES.skipWhileRunning);
      await blue.query("INSERT INTO shop.orders VALUES (40, 'rolled forward')");
      await environment.waitForGreenCatchUp();
      expect(await green.query("SELECT note FROM shop.orders WHERE id = 40")).toEqual([{ note: "rolled forward" }]);
    });
  });
}

/** Waits for the replica's applier to stop on an error, and returns the status showing it. */
function applierError(replica: StartedMysqlNode): Promise<ReplicationStatus> {
  return waitUntil({ what: `${replica.name}'s applier to stop with an error`, timeoutMs: 30_000 }, async () => {
    const status = await replicationStatus(replica);
    // Stopped as well as failed: MariaDB shows the error a moment before its applier has exited.
    return status.sqlError && status.sqlThread === "stopped" ? { done: true, value: status } : { done: false, state: `SQL ${status.sqlThread}` };
  });
}

async function expirySeconds(node: StartedMysqlNode): Promise<number> {
  const [row] = await node.query("SELECT @@GLOBAL.binlog_expire_logs_seconds AS seconds");
  return Number(row?.["seconds"]);
}

/**
 * PURGE BINARY LOGS TO `file`, until it took effect. MariaDB keeps (silently) a log whose commits
 * InnoDB has not checkpointed yet, until the next Binlog_checkpoint event, a moment after the rotation.
 */
async function purgeBinaryLogsTo(node: StartedMysqlNode, file: string): Promise<void> {
  await waitUntil({ what: `${node.name} to purge its binary logs before ${file}`, timeoutMs: 30_000, intervalMs: 200 }, async () => {
    await node.query(`PURGE BINARY LOGS TO '${file}'`);
    const logs = (await node.query("SHOW BINARY LOGS")).map((row) => String(row["Log_name"]));
    return logs[0] === file ? { done: true, value: undefined } : { done: false, state: `binary logs ${logs.join(", ")}` };
  });
}
