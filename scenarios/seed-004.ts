import type { Connection } from "mysql2/promise";
import { RdsFault } from "../fakes/rds/api/rds-fault.ts";
import { deploymentReaches, instanceAvailable } from "../fakes/rds/api-waits.ts";
import { startFakeRdsService } from "../fakes/rds/fake-rds-service.ts";
import { typedRdsApi, type TypedRdsApi } from "../fakes/rds/typed-api.ts";
import { compareTable } from "../harness/checks/row-comparison.ts";
import { HarnessError } from "../harness/errors/harness-error.ts";
import { binaryLogStatus } from "../harness/replication/replication-control.ts";
import { describeStatus, isHealthy, readReplicationStatus } from "../harness/replication/replication-status.ts";
import { deleteDeployment } from "./support/deployment.ts";
import { recordRds } from "./support/record-rds.ts";
import { check, recorderOf, type Scenario, type ScenarioCheck } from "../harness/scenario/scenario.ts";
import { generateCredentials } from "../harness/secrets/credentials.ts";
import { openConnection } from "../harness/sql/mysql-session.ts";
import { sqlIdentifier, sqlTable } from "../harness/sql/sql-literal.ts";
import { waitUntil, WaitTimeoutError } from "../harness/wait/wait-until.ts";

export interface Seed004Options {
  /** The Aurora cluster (seed 004's source_database; RDS identifiers take hyphens, not underscores). */
  cluster: string;
  /** The custom cluster parameter group where binlog_format is set (seed 004's source-params-group). */
  parameterGroup: string;
  /** The binlog_format the user sets (seed 004: MIXED). */
  binlogFormat: "ROW" | "MIXED" | "STATEMENT";
  schema: string;
  table: string;
  /** The table's integer columns; the first is the primary key (seed 004's dummy_table). */
  columns: string[];
  /** Rows on blue before binary logging is turned on. */
  initialRows: number[][];
  /** Seed 004's cure: the row inserted on blue after the reboot, before the deployment is created again. */
  cureRow: number[];
  /** Inserted on blue once the second green exists, to see it arrive there (seed 004's step 5). */
  syncRow: number[];
}

const DEFAULTS: Seed004Options = {
  cluster: "source-database",
  parameterGroup: "source-params-group",
  binlogFormat: "MIXED",
  schema: "app",
  table: "dummy_table",
  columns: ["favorite_id", "favorite_order", "user_id", "board_id"],
  initialRows: [
    [100000, 1, 11111, 11110],
    [100002, 2, 11112, 11111],
  ],
  cureRow: [100001, 1, 11111, 11111],
  syncRow: [100003, 1, 11111, 11111],
};

/** Seed 004's words for the first refusal, and what RDS says of green's receiver in the second. */
const BINLOG_REFUSAL = "Blue Green Deployments requires cluster parameter group has binlog enabled.";
const MISSING_FIRST_LOG = "Could not find first log file name in binary log index file";
const SWITCHOVER_REFUSAL = new RegExp(`Correct the replication errors and then switch over\\. Read Replica Replication Error - IOError: 1236, reason: Got fatal error 1236 from (source|master) when reading data from binary log: '${MISSING_FIRST_LOG}'`);
const SWITCHOVER_TIMEOUT_SECONDS = 60;

/**
 * Seed 004, a user's blue/green run, through the RDS API as their script would drive it. (a) The
 * cluster's custom parameter group has binary logging off: CreateBlueGreenDeployment is refused with
 * RDS's words. (b) binlog_format is set (static: pending-reboot), the writer rebooted, and the
 * deployment created on the idle source: green is AVAILABLE but its receiver asks blue for a binary
 * log file blue has not written yet (the real 1236), and the switchover is refused with that error;
 * the deployment is deleted with its target. (c) Seed 004's cure, a row inserted on blue first: the
 * next deployment replicates (a new row reaches green) and the switchover completes, the cluster
 * endpoint then serving the former green with every row.
 */
export const seed004: Scenario<Seed004Options> = {
  id: "seed-004",
  title: "Seed 004: binlog off refused; enabled on an idle source green fails with 1236 until a write on blue",
  expectation: "binlog off refused with RDS's words; after the reboot, green on the idle source fails with 1236 and the switchover is refused with it; after a row on blue, green replicates and the switchover completes with every row",
  async run(context, overrides) {
    const options = validOptions({ ...DEFAULTS, ...overrides });
    const checks: ScenarioCheck[] = [];
    const master = { user: "admin", password: generateCredentials().rootPassword };
    const service = await startFakeRdsService({ engine: context.engine, model: { runId: context.runId } });
    const stopRecording = recordRds(recorderOf(context), service);
    const sessions: Connection[] = [];
    try {
      const rds = typedRdsApi(service.model);
      const { state } = service.model;
      const writerOf = (cluster: string) => state.writerOf(state.cluster(cluster)).node!;
      const connect = async (cluster: string) => {
        const session = await openConnection({ host: "127.0.0.1", port: await clusterPort(rds, cluster), user: master.user, password: master.password });
        sessions.push(session);
        return session;
      };
      const table = `${sqlTable(options.schema, options.table)}`;
      const insert = (session: Connection, rows: number[][]) => session.query(`INSERT INTO ${table} (${options.columns.map(sqlIdentifier).join(", ")}) VALUES ${rows.map((row) => `(${row.join(", ")})`).join(", ")}`);

      context.log(`cluster ${options.cluster} with custom parameter group ${options.parameterGroup} (binary logging off, Aurora's default)`);
      await rds.createDBClusterParameterGroup({ DBClusterParameterGroupName: options.parameterGroup, DBParameterGroupFamily: "aurora-mysql8.0", Description: "seed 004's source parameter group" });
      const { DBCluster } = await rds.createDBCluster({ DBClusterIdentifier: options.cluster, Engine: "aurora-mysql", MasterUsername: master.user, MasterUserPassword: master.password, DBClusterParameterGroupName: options.parameterGroup });
      const writerInstance = `${options.cluster}-instance-1`;
      await rds.createDBInstance({ DBInstanceIdentifier: writerInstance, DBInstanceClass: "db.r6g.large", Engine: "aurora-mysql", DBClusterIdentifier: options.cluster });
      await instanceAvailable(rds, writerInstance);
      const setup = await connect(options.cluster);
      await setup.query(`CREATE DATABASE ${sqlIdentifier(options.schema)}`);
      await setup.query(`CREATE TABLE ${table} (${options.columns.map((column, index) => `${sqlIdentifier(column)} BIGINT NOT NULL${index === 0 ? " PRIMARY KEY" : ""}`).join(", ")})`);
      await insert(setup, options.initialRows);
      const create = () => rds.createBlueGreenDeployment({ BlueGreenDeploymentName: `${options.cluster}-bg`, Source: DBCluster!.DBClusterArn! });

      context.log("(a) CreateBlueGreenDeployment with binary logging off");
      const refusedOff = await refusal(create);
      checks.push(check("binlog off: the deployment is refused with RDS's words", refusedOff.code === "SourceClusterNotSupportedFault" && refusedOff.message === BINLOG_REFUSAL, `${refusedOff.code}: ${refusedOff.message}`));

      context.log(`(b) binlog_format = ${options.binlogFormat} (static: pending-reboot), then RebootDBInstance`);
      await rds.modifyDBClusterParameterGroup({ DBClusterParameterGroupName: options.parameterGroup, Parameters: [{ ParameterName: "binlog_format", ParameterValue: options.binlogFormat, ApplyMethod: "pending-reboot" }] });
      const pending = await memberParameterStatus(rds, options.cluster, writerInstance);
      const refusedPending = await refusal(create);
      checks.push(check("before the reboot the writer is pending-reboot and the deployment still refused", pending === "pending-reboot" && refusedPending.message === BINLOG_REFUSAL, `${pending}; ${refusedPending.code}: ${refusedPending.message}`));
      await rds.rebootDBInstance({ DBInstanceIdentifier: writerInstance });
      await instanceAvailable(rds, writerInstance);
      const inSync = await memberParameterStatus(rds, options.cluster, writerInstance);

      context.log("(b) CreateBlueGreenDeployment on the idle source, nothing written since the reboot");
      const first = (await create()).BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
      const firstReady = await deploymentReaches(rds, first, ["AVAILABLE", "INVALID_CONFIGURATION"]);
      const firstGreen = firstReady.Target?.split(":").at(-1) ?? "(no target)";
      checks.push(check("after the reboot the deployment is created and AVAILABLE", inSync === "in-sync" && firstReady.Status === "AVAILABLE", `parameter group ${inSync}; ${firstReady.Status} ${firstReady.StatusDetails ?? ""}`));
      const receiver = firstReady.Status === "AVAILABLE" ? await readReplicationStatus(writerOf(firstGreen), writerOf(firstGreen).dialect) : undefined;
      const blueLog = await binaryLogStatus(writerOf(options.cluster));
      checks.push(
        check(
          "green's receiver fails with 1236: it asks for a binary log file blue does not have",
          receiver?.ioThread === "stopped" && receiver.ioError?.kind === "binlog-unavailable" && receiver.ioError.message.includes(MISSING_FIRST_LOG) && receiver.received !== null && receiver.received.file > blueLog.file,
          `${receiver ? describeStatus(receiver) : "no green"}; green asks for ${receiver?.received?.file ?? "?"}, blue's newest is ${blueLog.file}`,
        ),
      );
      await rds.switchoverBlueGreenDeployment({ BlueGreenDeploymentIdentifier: first, SwitchoverTimeout: SWITCHOVER_TIMEOUT_SECONDS });
      const refusedSwitch = await deploymentReaches(rds, first, ["AVAILABLE", "SWITCHOVER_COMPLETED", "SWITCHOVER_FAILED"]);
      const cancellation = await lastCancellation(rds, first);
      checks.push(
        check(
          "the switchover is refused with seed 004's replication error (IOError 1236)",
          refusedSwitch.Status === "AVAILABLE" && SWITCHOVER_REFUSAL.test(refusedSwitch.StatusDetails ?? "") && SWITCHOVER_REFUSAL.test(cancellation),
          `${refusedSwitch.Status}: ${refusedSwitch.StatusDetails ?? ""} | event: ${cancellation}`,
        ),
      );
      const namesAfterRefusal = await clusterNames(rds);
      checks.push(check("neither environment changed: blue keeps its name, no -old cluster", namesAfterRefusal.includes(options.cluster) && namesAfterRefusal.includes(firstGreen) && !namesAfterRefusal.some((name) => name.startsWith(`${options.cluster}-old`)), namesAfterRefusal.join(", ")));
      await deleteDeployment(rds, first);
      const namesAfterDelete = await clusterNames(rds);
      checks.push(check("DeleteBlueGreenDeployment with DeleteTarget removes the failed green", !namesAfterDelete.includes(firstGreen) && namesAfterDelete.includes(options.cluster), namesAfterDelete.join(", ")));

      context.log("(c) seed 004's cure: a row on blue, then the deployment again");
      // The reboot closed every connection: the application connects again.
      const blue = await connect(options.cluster);
      await insert(blue, [options.cureRow]);
      const second = (await create()).BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
      const secondReady = await deploymentReaches(rds, second, ["AVAILABLE", "INVALID_CONFIGURATION"]);
      const secondGreen = secondReady.Target?.split(":").at(-1) ?? "(no target)";
      const healthy = secondReady.Status === "AVAILABLE" ? await readReplicationStatus(writerOf(secondGreen), writerOf(secondGreen).dialect) : undefined;
      checks.push(check("after a write on blue green replicates", secondReady.Status === "AVAILABLE" && healthy !== undefined && isHealthy(healthy), `${secondReady.Status} ${secondReady.StatusDetails ?? ""}; ${healthy ? describeStatus(healthy) : "no green"}`));
      await insert(blue, [options.syncRow]);
      const green = await connect(secondGreen);
      const syncKey = options.syncRow[0]!;
      const arrived = await waitUntil({ what: `row ${options.columns[0]} = ${syncKey} to reach green`, timeoutMs: 30_000, intervalMs: 200 }, async () => {
        const [rows] = (await green.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${sqlIdentifier(options.columns[0]!)} = ?`, [syncKey])) as unknown as [Array<{ n: number }>];
        return Number(rows[0]?.n) === 1 ? { done: true, value: true } : { done: false, state: "not on green yet" };
      }).catch((error) => {
        if (error instanceof WaitTimeoutError) return false;
        throw error;
      });
      const expectedRows = options.initialRows.length + 2;
      const beforeSwitch = await compareTable(writerOf(options.cluster), writerOf(secondGreen), { schema: options.schema, table: options.table });
      checks.push(check("the row inserted on blue reaches green, and green equals blue", arrived && beforeSwitch.equal && beforeSwitch.leftRows === expectedRows, `${arrived ? "arrived" : "did not arrive"}; ${beforeSwitch.leftRows} rows on blue (expected ${expectedRows}), ${beforeSwitch.rightRows} on green, equal: ${beforeSwitch.equal}`));

      const [[greenIdentity]] = (await green.query(`SELECT ${context.engine.dialect.serverIdentityExpression} AS uuid`)) as unknown as [[{ uuid: string }]];
      await rds.switchoverBlueGreenDeployment({ BlueGreenDeploymentIdentifier: second, SwitchoverTimeout: SWITCHOVER_TIMEOUT_SECONDS });
      const switched = await deploymentReaches(rds, second, ["AVAILABLE", "SWITCHOVER_COMPLETED", "SWITCHOVER_FAILED"]);
      const app = await connect(options.cluster);
      const [[served]] = (await app.query(`SELECT ${context.engine.dialect.serverIdentityExpression} AS uuid, (SELECT COUNT(*) FROM ${table}) AS n`)) as unknown as [[{ uuid: string; n: number }]];
      checks.push(
        check(
          "the switchover completes: the cluster endpoint serves the former green with every row",
          switched.Status === "SWITCHOVER_COMPLETED" && served.uuid === greenIdentity.uuid && Number(served.n) === expectedRows,
          `${switched.Status} ${switched.StatusDetails ?? ""}; endpoint serves ${served.uuid === greenIdentity.uuid ? "the former green" : served.uuid} with ${served.n} rows (expected ${expectedRows})`,
        ),
      );
      return {
        reached: checks.every((c) => c.passed),
        checks,
        figures: { rows: expectedRows, greenAskedFor: receiver?.received?.file ?? "", blueNewestLog: blueLog.file },
        details: { refusedSwitchover: refusedSwitch.StatusDetails, cancellation, receiver, comparison: beforeSwitch },
      };
    } finally {
      for (const session of sessions) await session.end().catch(() => undefined);
      await stopRecording();
      await service.stop();
    }
  },
};

export default seed004;

/** Options merged with the defaults, refused with the reason when they cannot describe seed 004's table. */
function validOptions(options: Seed004Options): Seed004Options {
  const fail = (cause: string) => {
    throw new HarnessError({ what: "seed-004's options", cause, fix: "give the columns (first is the key) and rows of integers, one value per column, with distinct keys" });
  };
  if (options.columns.length === 0 || new Set(options.columns).size !== options.columns.length) fail(`columns must be distinct and at least one: ${JSON.stringify(options.columns)}`);
  if (options.initialRows.length === 0) fail("initialRows is empty: seed 004's source has data before binary logging is turned on");
  const rows = [...options.initialRows, options.cureRow, options.syncRow];
  for (const row of rows) {
    if (row.length !== options.columns.length || !row.every(Number.isSafeInteger)) fail(`row ${JSON.stringify(row)} must have ${options.columns.length} integers (${options.columns.join(", ")})`);
  }
  if (new Set(rows.map((row) => row[0])).size !== rows.length) fail(`keys (${options.columns[0]}) must differ across initialRows, cureRow and syncRow: ${rows.map((row) => row[0]).join(", ")}`);
  return options;
}

/** The fault a call is refused with; a call that succeeds is reported as such, not thrown. */
async function refusal(call: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await call();
    return { code: "(none)", message: "the call was accepted" };
  } catch (error) {
    if (error instanceof RdsFault) return { code: error.code, message: error.message };
    throw error;
  }
}

async function clusterPort(rds: TypedRdsApi, cluster: string): Promise<number> {
  const { DBClusters } = await rds.describeDBClusters({ DBClusterIdentifier: cluster });
  return DBClusters![0]!.Port!;
}

async function clusterNames(rds: TypedRdsApi): Promise<string[]> {
  const { DBClusters } = await rds.describeDBClusters({});
  return (DBClusters ?? []).map((cluster) => cluster.DBClusterIdentifier!);
}

async function memberParameterStatus(rds: TypedRdsApi, cluster: string, instance: string): Promise<string> {
  const { DBClusters } = await rds.describeDBClusters({ DBClusterIdentifier: cluster });
  return DBClusters![0]!.DBClusterMembers!.find((member) => member.DBInstanceIdentifier === instance)?.DBClusterParameterGroupStatus ?? "(not a member)";
}

/** The newest "Switchover from ... was canceled due to ..." event of a deployment. */
async function lastCancellation(rds: TypedRdsApi, id: string): Promise<string> {
  const { Events } = await rds.describeEvents({ SourceType: "blue-green-deployment", SourceIdentifier: id });
  return (Events ?? []).map((event) => event.Message ?? "").findLast((message) => message.includes("was canceled due to")) ?? "(no cancellation event)";
}
