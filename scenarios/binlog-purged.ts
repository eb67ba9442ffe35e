import { parallelWorkersVariable } from "../fakes/rds/procedures/replication-statements.ts";
import { compareServers } from "../harness/checks/consistency-checker.ts";
import type { BinlogCoordinates } from "../harness/engine/dialect.ts";
import { HarnessError, messageOf } from "../harness/errors/harness-error.ts";
import type { StartedMysqlNode } from "../harness/node/started-mysql-node.ts";
import { binaryLogStatus } from "../harness/replication/replication-control.ts";
import { describeStatus, readReplicationStatus, type ReplicationStatus } from "../harness/replication/replication-status.ts";
import { usingEnvironment } from "../harness/scenario/scenario-environment.ts";
import { check, type Scenario, type ScenarioCheck } from "../harness/scenario/scenario.ts";
import { openConnection, type ConnectionTarget } from "../harness/sql/mysql-session.ts";
import { sqlIdentifier, sqlString, sqlTable } from "../harness/sql/sql-literal.ts";
import { sleep, waitUntil } from "../harness/wait/wait-until.ts";
import { startLedgerWorkload } from "../harness/workload/ledger-workload.ts";
import { restoreCopyOf } from "./support/restored-copy.ts";
import { setExternalMasterSql, startReverseReplication } from "./support/reverse-replication.ts";
import type { ApplicationOptions } from "./support/application-options.ts";
import { startScenarioRds } from "./support/scenario-rds.ts";
import { deployAndSwitchOver } from "./support/switchover-journey.ts";

export interface BinlogPurgedOptions extends ApplicationOptions {
  /** Values written are random in [-maxValue, maxValue]. */
  maxValue: bigint;
  /** How long the application writes in each phase: before the switchover, then before the snapshot, then before the stop point. */
  phaseMs: number;
  /** Rows the application inserts on the new primary after the recorded stop point: the restore must not have them. */
  writesAfterStopPoint: number;
}

export const DEFAULTS: BinlogPurgedOptions = {
  cluster: "orders-db",
  table: { schema: "store", table: "orders", key: "order_id", value: "total_cents" },
  writers: 2,
  firstKey: 1n,
  maxValue: 10n ** 12n,
  seed: 23,
  phaseMs: 1500,
  writesAfterStopPoint: 5,
};

/**
 * Seed 000's "Binary Log Not Available", then its strategy 3. After a switchover under write load the
 * new primary's binary logs older than a snapshot expire (the real PURGE BINARY LOGS TO, standing for
 * retention running out: Aurora's default retention is NULL), so rolling back by reverse replication
 * from the switchover event's coordinates (strategy 2) fails: the receiver stops with 1236, the file is
 * gone. Strategy 3 recovers: a copy of the new primary taken at a safe point, with its binary log
 * position recorded, is restored into a new server, which replicates from that position until a
 * recorded stop position (rds_set_external_master, rds_start_replication_until). The checker and the
 * ledger then prove it holds every acknowledged write up to the stop point and nothing after it.
 */
export const binlogPurged: Scenario<BinlogPurgedOptions> = {
  id: "binlog-purged",
  title: "Binary logs purged before the rollback: reverse replication fails with 1236, a restored safe-point copy recovers (seed 000, strategy 3)",
  expectation: "reverse replication from the switchover's coordinates stops with 1236 on the purged file; the safe-point copy replayed to the stop point holds every acknowledged write, none changed, none after the stop point",
  workloadKnobs: [{ option: "writers", default: DEFAULTS.writers, min: 1, description: "concurrent application writers" }],
  async run(context, overrides) {
    // The run's seed (when the runner gives one) replays the same workload; an explicit option wins.
    const options = { ...DEFAULTS, ...(context.seed === undefined ? {} : { seed: context.seed }), ...overrides };
    validate(options);
    const { table } = options;
    const qualified = `${sqlTable(table.schema, table.table)}`;
    const checks: ScenarioCheck[] = [];
    context.log(`starting cluster ${options.cluster} behind the fake RDS`);
    const fake = await startScenarioRds(context, options.cluster);
    return usingEnvironment(context, fake, async () => {
      const setup = await fake.connect();
      await setup.query(`CREATE DATABASE ${sqlIdentifier(table.schema)}`);
      await setup.query(`CREATE TABLE ${qualified} (${sqlIdentifier(table.key)} BIGINT PRIMARY KEY, ${sqlIdentifier(table.value)} BIGINT NOT NULL)`);
      await setup.end();

      const load = startLedgerWorkload(() => fake.target(), { table, writers: options.writers, firstKey: BigInt(options.firstKey), maxValue: BigInt(options.maxValue), maxDurationMs: 300_000, seed: options.seed, pauseMs: 5 });
      let loadStopped = false;
      try {
        await sleep(options.phaseMs);
        context.log("blue/green deployment and switchover under write load");
        const { newPrimary, oldBlue, oldBlueCluster, coordinates } = await deployAndSwitchOver(fake, { name: `${options.cluster}-bg` });
        context.log(`switched over; the event's coordinates: ${coordinates.file}:${coordinates.position}`);
        await sleep(options.phaseMs);

        // Binary logs rotate by size or time in production; here one rotation puts the snapshot in a
        // newer file than the switchover's coordinates, so that expiring the older files loses the
        // coordinates but not what strategy 3 replays.
        await newPrimary.query("FLUSH BINARY LOGS");
        fake.record.step("safe-point copy");
        context.log("safe point: a copy of the new primary restored into a new server, its binary log position recorded");
        const restored = await restoreCopyOf(fake, options.cluster, `${options.cluster}-restored`);
        const snapshot = restored.copyPoint;
        checks.push(check("the safe-point copy lies in a newer binary log than the coordinates", snapshot.file > coordinates.file, `copy (${snapshot.method}) at ${snapshot.file}:${snapshot.position}; coordinates ${coordinates.file}:${coordinates.position}`));
        await sleep(options.phaseMs);

        fake.record.step("binary logs purged");
        context.log(`binary logs before ${snapshot.file} expire on the new primary (PURGE BINARY LOGS TO)`);
        const logsBefore = await binaryLogNames(newPrimary);
        await newPrimary.query(`PURGE BINARY LOGS TO ${sqlString(snapshot.file)}`);
        const logsAfter = await binaryLogNames(newPrimary);
        const purged = logsBefore.filter((name) => !logsAfter.includes(name));
        checks.push(check("the coordinates' binary log is purged, the copy's is kept", purged.includes(coordinates.file) && logsAfter.includes(snapshot.file), `purged ${purged.join(", ") || "nothing"}; left ${logsAfter.join(", ")}`));

        fake.record.step("strategy 2: reverse replication");
        context.log(`strategy 2 on old blue: rds_set_external_master from ${coordinates.file}:${coordinates.position}, rds_start_replication`);
        const old = await fake.connect(oldBlueCluster);
        let startAnswer = "replication started";
        try {
          await startReverseReplication(old, newPrimary, { from: "coordinates", coordinates });
        } catch (error) {
          startAnswer = messageOf(error);
        } finally {
          await old.end().catch(() => undefined);
        }
        const failed = await waitUntil({ what: "old blue's receiver to stop on an error", timeoutMs: 30_000, intervalMs: 250 }, async () => {
          const status = await readReplicationStatus(oldBlue, oldBlue.dialect);
          return status.ioError !== null && status.ioThread === "stopped" ? { done: true, value: status } : { done: false, state: describeStatus(status) };
        });
        const ioError = failed.ioError!;
        checks.push(
          check(
            "reverse replication stops with 1236: the source purged the binary log it starts from",
            ioError.kind === "binlog-unavailable" && /\b1236\b/.test(ioError.message) && !logsAfter.includes(coordinates.file),
            `error ${ioError.code} (${ioError.kind}) ${ioError.message.replace(/\s+/g, " ").trim()}; ${coordinates.file} is no longer on the new primary; rds_start_replication answered: ${startAnswer}`,
          ),
        );

        fake.record.step("strategy 3: restore and replay");
        context.log("strategy 3: the application stops at the recorded stop point; later writes must not reach the restore");
        const result = await load.stop();
        fake.record.workload(result);
        loadStopped = true;
        const stopPoint = await binaryLogStatus(newPrimary);
        const after = await fake.connect();
        for (let i = 0n; i < BigInt(options.writesAfterStopPoint); i++) {
          await after.query(`INSERT INTO ${qualified} (${sqlIdentifier(table.key)}, ${sqlIdentifier(table.value)}) VALUES (?, ?)`, [(result.nextKey + i).toString(), (i + 1n).toString()]);
        }
        await after.end();

        context.log(`restored copy: rds_set_external_master from ${snapshot.file}:${snapshot.position}, rds_start_replication_until ${stopPoint.file}:${stopPoint.position}`);
        const untilAnswer = await replayUntil(restored.node, restored.target, newPrimary, snapshot, stopPoint);
        const atStop = (status: ReplicationStatus) => status.sqlThread === "stopped" && status.executed?.file === stopPoint.file && status.executed.position === stopPoint.position;
        const replayed = await waitUntil({ what: `the restored copy's applier to stop at ${stopPoint.file}:${stopPoint.position}`, timeoutMs: 60_000, intervalMs: 250 }, async () => {
          const status = await readReplicationStatus(restored.node, restored.node.dialect);
          return status.sqlError !== null || atStop(status) ? { done: true, value: status } : { done: false, state: describeStatus(status) };
        });
        checks.push(
          check(
            "the restored copy replays from the safe point and stops at the stop point",
            replayed.sqlError === null && atStop(replayed),
            `${describeStatus(replayed)}; rds_start_replication_until answered: ${untilAnswer}`,
          ),
        );

        const verdict = await result.ledger.verify(restored.node, table);
        fake.record.ledgerVerdict(verdict, result, "the restored copy", `${table.schema}.${table.table}`);
        checks.push(
          check(
            "every acknowledged write up to the stop point is on the restored copy, none changed",
            verdict.ok && verdict.acknowledged > 0,
            `${verdict.acknowledged} acknowledged, ${verdict.lost} lost, ${verdict.changed} changed, ${verdict.unexpected} unexpected, ${verdict.inDoubt} in doubt ${JSON.stringify(verdict.samples)}`,
          ),
        );
        const comparison = await compareServers(newPrimary, restored.node, { tables: [{ schema: table.schema, table: table.table }] });
        fake.record.consistency(comparison, "the new primary", "the restored copy");
        const { totals } = comparison;
        checks.push(
          check(
            "the checker finds exactly the writes after the stop point missing from the restore",
            totals.missingOnRight === options.writesAfterStopPoint && totals.extraOnRight === 0 && totals.changedRows === 0 && totals.schemaDifferences === 0,
            `${totals.leftRows} rows on the new primary, ${totals.rightRows} restored; ${totals.missingOnRight} missing (${options.writesAfterStopPoint} written after the stop point), ${totals.extraOnRight} extra, ${totals.changedRows} changed`,
          ),
        );
        return {
          reached: checks.every((c) => c.passed),
          checks,
          figures: {
            acknowledgedWrites: result.acknowledged,
            failedWrites: result.failed,
            longestOutageMs: result.unavailability.longestMs,
            purgedBinaryLogs: purged.length,
            ioErrno: ioError.code,
            snapshot: `${snapshot.file}:${snapshot.position}`,
            stopPoint: `${stopPoint.file}:${stopPoint.position}`,
          },
          details: { coordinates, purged, ioError, startAnswer, snapshot, stopPoint, untilAnswer, verdict, comparison, timeline: result.timeline, errors: result.errors },
        };
      } finally {
        if (!loadStopped) await load.stop();
      }
    });
  },
};

async function binaryLogNames(node: StartedMysqlNode): Promise<string[]> {
  return (await node.query("SHOW BINARY LOGS")).map((row) => String(row.Log_name));
}

/**
 * Seed 000's strategy 3, step 3, through RDS's procedures as the master user of the restored copy:
 * replicate from the copy's recorded position and let the applier stop by itself at the stop point.
 * rds_start_replication_until refuses a multi-threaded applier; RDS would take the single worker from
 * the restored cluster's parameter group, the copy's root sets it. The procedure reports an error when
 * the applier has already reached the stop point two seconds after the start (as RDS's does): its
 * answer is returned for the report, and the caller judges by the replica's state.
 */
async function replayUntil(node: StartedMysqlNode, target: ConnectionTarget, source: StartedMysqlNode, from: BinlogCoordinates, until: BinlogCoordinates): Promise<string> {
  await node.query(`SET GLOBAL ${parallelWorkersVariable(node.dialect)} = 1`);
  const connection = await openConnection(target);
  try {
    await connection.query(setExternalMasterSql(source, { from: "coordinates", coordinates: from }));
    try {
      const [results] = (await connection.query(`CALL mysql.rds_start_replication_until (${sqlString(until.file)}, ${until.position})`)) as unknown as [[Array<{ Message: string }>]];
      return results[0]?.[0]?.Message ?? "(no message)";
    } catch (error) {
      return messageOf(error);
    }
  } finally {
    await connection.end().catch(() => undefined);
  }
}

function validate(options: BinlogPurgedOptions): void {
  const refuse = (cause: string, fix: string): never => {
    throw new HarnessError({ what: "checking binlog-purged's options", cause, fix });
  };
  for (const [name, text] of Object.entries({ cluster: options.cluster, ...options.table })) {
    if (typeof text !== "string" || text.trim() === "") refuse(`${name} is empty`, "name the cluster, schema, table, key and value column");
  }
  if (!Number.isSafeInteger(options.writers) || options.writers < 1) refuse(`writers is ${options.writers}`, "give at least one writer");
  if (!Number.isSafeInteger(options.writesAfterStopPoint) || options.writesAfterStopPoint < 1) {
    refuse(`writesAfterStopPoint is ${options.writesAfterStopPoint}: nothing would show that the replay stops at the stop point`, "give at least one write after the stop point");
  }
  if (!Number.isFinite(options.phaseMs) || options.phaseMs < 200) refuse(`phaseMs is ${options.phaseMs}: too short for the application to write in each phase`, "give at least 200 ms");
  if (BigInt(options.maxValue) < 1n) refuse(`maxValue is ${options.maxValue}`, "give a positive maximum value");
}

export default binlogPurged;
