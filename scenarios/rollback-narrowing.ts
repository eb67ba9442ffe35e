import type { Connection } from "mysql2/promise";
import { compareSchemas, compareServers, comparableType, columnTypes, type ConsistencyReport, type SchemaComparison, type TableRef } from "../harness/checks/index.ts";
import { parseTypeConversions } from "../harness/conversion/integer-conversion.ts";
import { parseIntegerType, rangeOf, type IntegerType } from "../harness/conversion/integer-type.ts";
import { HarnessError, messageOf } from "../harness/errors/harness-error.ts";
import type { StartedMysqlNode } from "../harness/node/started-mysql-node.ts";
import { waitForCatchUp } from "../harness/replication/catch-up.ts";
import { binaryLogStatus } from "../harness/replication/replication-control.ts";
import { describeStatus, isHealthy, readReplicationStatus, type ReplicationStatus } from "../harness/replication/replication-status.ts";
import { usingEnvironment } from "../harness/scenario/scenario-environment.ts";
import { check, type Scenario, type ScenarioCheck } from "../harness/scenario/scenario.ts";
import { openConnection } from "../harness/sql/mysql-session.ts";
import { sqlIdentifier, sqlTable } from "../harness/sql/sql-literal.ts";
import type { SqlRunner } from "../harness/sql/sql-runner.ts";
import { sleep, waitUntil } from "../harness/wait/wait-until.ts";
import { startLedgerWorkload, type RunningLedgerWorkload } from "../harness/workload/ledger-workload.ts";
import type { WriteLedger } from "../harness/workload/write-ledger.ts";
import { predictReplay, type KeyValueRow, type KeyValueTypes, type ReplayPrediction } from "./support/narrowing-replay.ts";
import { restoreCopyOf } from "./support/restored-copy.ts";
import { finishReverseReplication, startReverseReplication } from "./support/reverse-replication.ts";
import { startScenarioRds } from "./support/scenario-rds.ts";
import { deployAndSwitchOver } from "./support/switchover-journey.ts";

export interface RollbackNarrowingOptions {
  /** The Aurora cluster's name. */
  cluster: string;
  /** The application's table: key and value are INT on blue and widened to BIGINT on green. */
  table: { schema: string; table: string; key: string; value: string };
  /** Rows on blue before the deployment: keys 1..initialRows, value = key. */
  initialRows: number;
  /**
   * Written on the new primary right after the switchover, one transaction each, in this order: ids and
   * values at and past INT's edges. Old blue must be able to take all of them once clipped (no two land
   * on one key): they are the silent case.
   */
  crossingRows: Array<[key: bigint, value: bigint]>;
  /** Written after them: keys past INT's range that clip onto a key old blue then holds, the collision case. */
  collidingRows: Array<[key: bigint, value: bigint]>;
  /** replica_type_conversions of the lossy case: ALL_LOSSY, alone or with other flags. */
  lossyConversions: string;
  /** The application writing through the cluster endpoint while the safe rollbacks run (ledger workload). */
  writers: number;
  /** Its first key (in INT's range), and where its keys jump past 2147483647 once the rollbacks are under way. */
  workloadFirstKey: bigint;
  workloadJumpKey: bigint;
  /** Its values are random in [-maxValue, maxValue]. */
  maxValue: bigint;
  seed: number;
  /** How long the application keeps writing on the new primary while old blue and the recovery cluster replicate. */
  writeMs: number;
}

const INT_MAX = 2_147_483_647n;
const INT_MIN = -2_147_483_648n;

const DEFAULTS: RollbackNarrowingOptions = {
  cluster: "ledger",
  table: { schema: "bank", table: "entries", key: "id", value: "amount" },
  initialRows: 200,
  crossingRows: [
    [1_001n, 17n], // fits: the conversion error of ALL_NON_LOSSY comes on a small value all the same
    [1_002n, INT_MAX], // at the edge: fits
    [1_003n, INT_MAX + 1n], // one past: clips to 2147483647
    [1_004n, 3_000_000_000n], // clips
    [1_005n, INT_MIN], // lower edge: fits
    [1_006n, INT_MIN - 1n], // clips to -2147483648
    [1_007n, 9_223_372_036_854_775_807n], // BIGINT's maximum: clips
    [INT_MAX - 1n, 5n], // a key just below the edge: fits
    [3_000_000_000n, 8n], // a key past it: lands silently as 2147483647
  ],
  collidingRows: [[INT_MAX + 1n, 9n]], // clips onto 2147483647, which the previous row took
  lossyConversions: "ALL_LOSSY",
  writers: 2,
  workloadFirstKey: 1_000_000n,
  workloadJumpKey: 5_000_000_000n,
  maxValue: 10n ** 12n,
  seed: 23,
  writeMs: 3_000,
};

/** Keys the application's workload may take from each of its two starting points (far more than it writes in a rehearsal). */
const WORKLOAD_KEY_ROOM = 10_000_000n;
const BIGINT: IntegerType = { base: "BIGINT", unsigned: false };
const INT: IntegerType = { base: "INT", unsigned: false };

/**
 * Seed 000's rollback after seed 001's change: green widened INT to BIGINT, the switchover happened,
 * and the application wrote ids and values past 2147483647 on the new primary. Reverse replication
 * into old blue, whose columns are still INT, from the binary log coordinates of RDS's event:
 *   1. ALL_NON_LOSSY on old blue: the applier stops on the first row event (13146), whatever its values;
 *   2. ALL_LOSSY: it runs, reports healthy, and clips; the checker must find exactly the clipped rows;
 *   3. a clipped key lands on one already there: duplicate key (1062);
 *   4. safe: widen old blue first (outside its binary log), then replicate: nothing lost;
 *   5. safe: recover into a fresh BIGINT copy of the new primary and replicate into it: nothing lost.
 *
 * One deployment serves every case, because each needs old blue as the switchover left it and that
 * is cheap to keep: case 1 applies nothing (a refused row event rolls its transaction back; proven
 * below by old blue's binary log position and a row-by-row comparison with a copy taken before), so
 * old blue is still fresh for case 4 afterwards. Cases 2 and 3 run on a restored copy of old blue
 * (a snapshot restore, as RDS would do it: old blue is read-only and replicates from nothing since
 * the switchover, so the copy is its switchover state); case 2's silently clipped key is what case 3
 * collides with, the way it happens to a team that "fixed" case 1 with ALL_LOSSY. Case 5's cluster is
 * a consistent copy (CLONE, with its binary log position) of the new primary taken while the
 * application writes.
 */
export const rollbackNarrowing: Scenario<RollbackNarrowingOptions> = {
  id: "rollback-narrowing",
  title: "Roll back into INT old blue after ids and values past 2147483647 were written on BIGINT green",
  expectation:
    "ALL_NON_LOSSY stops on the conversion, ALL_LOSSY clips silently and the checker finds exactly the clipped rows, a clipped key collides (1062); widening old blue first or recovering into a fresh BIGINT cluster loses nothing",
  async run(context, overrides) {
    const options: RollbackNarrowingOptions = { ...DEFAULTS, ...overrides };
    checkOptions(options);
    const ref: TableRef = { schema: options.table.schema, table: options.table.table };
    const columns = { key: options.table.key, value: options.table.value };
    const table = `${sqlTable(ref.schema, ref.table)}`;
    const crossing = options.crossingRows.map(([key, value]) => ({ key, value }));
    const colliding = options.collidingRows.map(([key, value]) => ({ key, value }));
    const initial = Array.from({ length: options.initialRows }, (_, index) => ({ key: BigInt(index + 1), value: BigInt(index + 1) }));
    const checks: ScenarioCheck[] = [];
    const details: Record<string, unknown> = {};
    const figures: Record<string, number | string> = {};
    const connections: Connection[] = [];
    const connect = async (target: Parameters<typeof openConnection>[0]) => {
      const connection = await openConnection(target);
      connections.push(connection);
      return connection;
    };
    let load: RunningLedgerWorkload | undefined;

    context.log(`cluster ${options.cluster}: ${table} with INT ${columns.key} and ${columns.value}, ${options.initialRows} rows`);
    const fake = await startScenarioRds(context, options.cluster);
    return usingEnvironment(context, fake, async () => {
      try {
        const { rds } = fake;
        const setup = await connect(fake.target());
        await setup.query(`CREATE DATABASE ${sqlIdentifier(ref.schema)}`);
        await setup.query(`CREATE TABLE ${table} (${sqlIdentifier(columns.key)} INT NOT NULL PRIMARY KEY, ${sqlIdentifier(columns.value)} INT NOT NULL)`);
        for (let from = 0; from < initial.length; from += 1000) {
          const batch = initial.slice(from, from + 1000);
          await setup.query(`INSERT INTO ${table} (${sqlIdentifier(columns.key)}, ${sqlIdentifier(columns.value)}) VALUES ${batch.map((row) => `(${row.key}, ${row.value})`).join(", ")}`);
        }

        // Seed 001: ALL_NON_LOSSY in green's cluster parameter group, the ALTER with green's replication stopped.
        const greenGroup = `${options.cluster}-green-params`;
        await rds.createDBClusterParameterGroup({ DBClusterParameterGroupName: greenGroup, DBParameterGroupFamily: "aurora-mysql8.0", Description: "green: binlog on, INT->BIGINT conversions" });
        await rds.modifyDBClusterParameterGroup({
          DBClusterParameterGroupName: greenGroup,
          Parameters: [
            { ParameterName: "binlog_format", ParameterValue: "ROW", ApplyMethod: "pending-reboot" },
            { ParameterName: "replica_type_conversions", ParameterValue: "ALL_NON_LOSSY", ApplyMethod: "immediate" },
          ],
        });
        context.log("blue/green deployment; green widens both columns to BIGINT; switchover");
        const journey = await deployAndSwitchOver(fake, {
          name: `${options.cluster}-bg`,
          targetClusterParameterGroup: greenGroup,
          changeGreen: async (_green, greenCluster) => {
            const green = await fake.connect(greenCluster);
            connections.push(green);
            await green.query(`ALTER TABLE ${table} MODIFY ${sqlIdentifier(columns.key)} BIGINT NOT NULL, MODIFY ${sqlIdentifier(columns.value)} BIGINT NOT NULL`);
          },
        });
        const { newPrimary, oldBlue, coordinates } = journey;
        checks.push(check("switchover completed, RDS reported the new primary's binary log coordinates", coordinates.position > 0, `${journey.status}; ${coordinates.file}:${coordinates.position}; old blue is ${journey.oldBlueCluster}`));
        figures.switchoverMs = journey.switchoverMs;
        const types = await keyValueTypes(newPrimary, oldBlue, ref, columns);
        checks.push(
          check(
            "old blue kept INT, the new primary is BIGINT",
            types.key.replica.base === "INT" && types.value.replica.base === "INT" && types.key.source.base === "BIGINT" && types.value.source.base === "BIGINT",
            `${columns.key}: ${types.key.source.base} -> ${types.key.replica.base}, ${columns.value}: ${types.value.source.base} -> ${types.value.replica.base}`,
          ),
        );

        context.log(`the application writes ${crossing.length} rows across INT's edges on the new primary; old blue's snapshot restored meanwhile`);
        const app = await connect(fake.target());
        const [copy] = await allSettledOrFirstError([restoreCopyOf(fake, journey.oldBlueCluster, `${options.cluster}-old-blue-copy`), insertRows(app, table, columns, crossing)] as const);

        // --- Case 1: ALL_NON_LOSSY on old blue -------------------------------------------------------
        fake.record.step("case 1: ALL_NON_LOSSY");
        context.log("case 1: old blue with ALL_NON_LOSSY, rds_set_external_master from the event's coordinates, rds_start_replication");
        const nonLossy = predictReplay(crossing, types, parseTypeConversions("ALL_NON_LOSSY"), initial.map((row) => row.key));
        const oldBlueBinlogBefore = await binaryLogStatus(oldBlue);
        const old = await connect(fake.target(journey.oldBlueCluster));
        const started = await attempt(() => startReverseReplication(old, newPrimary, { from: "coordinates", coordinates }, "ALL_NON_LOSSY"));
        const refused = await applierStop(oldBlue, "old blue's applier to stop on the conversion");
        const conversion = refused.sqlError;
        checks.push(
          check(
            "case 1 (ALL_NON_LOSSY): reverse replication stops with a type-conversion error on the altered table",
            nonLossy.stoppedOn?.outcome === "conversion-error" &&
              conversion?.kind === "type-conversion" &&
              conversion.message.includes(`${ref.schema}.${ref.table}`) &&
              new RegExp(`from type '${types.key.source.base}.*to type '${types.key.replica.base}`, "i").test(conversion.message),
            `${conversion?.code} ${conversion?.message ?? describeStatus(refused)}; rds_start_replication said: ${started}; first row after the switchover: ${rowText(crossing[0]!)}`,
          ),
        );
        await old.query("CALL mysql.rds_stop_replication");
        await old.query("CALL mysql.rds_reset_external_master");
        const oldBlueBinlogAfter = await binaryLogStatus(oldBlue);
        const untouched = await compareServers(oldBlue, copy.node, { tables: [ref] });
        checks.push(
          check(
            "case 1 applied nothing: old blue equals its copy from before the attempt, its binary log did not move",
            untouched.equal && oldBlueBinlogAfter.file === oldBlueBinlogBefore.file && oldBlueBinlogAfter.position === oldBlueBinlogBefore.position,
            `${untouched.totals.leftRows} rows on old blue, ${untouched.totals.rightRows} on the copy, ${untouched.totals.changedRows} changed, ${untouched.totals.missingOnRight} missing, ${untouched.totals.extraOnRight} extra; binary log ${oldBlueBinlogBefore.file}:${oldBlueBinlogBefore.position} -> ${oldBlueBinlogAfter.file}:${oldBlueBinlogAfter.position}`,
          ),
        );
        details.case1 = { status: refused, rdsStartReplication: started };

        // --- Case 2: ALL_LOSSY on (the copy of) old blue ---------------------------------------------
        fake.record.step(`case 2: ${options.lossyConversions}`);
        context.log(`case 2: old blue's copy with ${options.lossyConversions}: replication runs and clips`);
        const lossy = predictReplay(crossing, types, parseTypeConversions(options.lossyConversions), initial.map((row) => row.key));
        const copySession = await connect(copy.target);
        await startReverseReplication(copySession, newPrimary, { from: "coordinates", coordinates }, options.lossyConversions);
        await waitForCatchUp(copy.node, newPrimary, 60_000);
        const clippingStatus = await readReplicationStatus(copy.node, copy.node.dialect);
        checks.push(check(`case 2 (${options.lossyConversions}): reverse replication keeps running and reports healthy`, isHealthy(clippingStatus), describeStatus(clippingStatus)));
        const clipped = await compareServers(newPrimary, copy.node, { tables: [ref], sampleLimit: 2 * crossing.length + 10 });
        fake.record.consistency(clipped, "the new primary", "old blue (ALL_LOSSY)");
        const expected = expectedDifferences(lossy, columns);
        const found = foundDifferences(clipped, columns);
        const clippedRows = lossy.applied.filter((landing) => landing.outcome === "changed").length;
        checks.push(
          check(
            "case 2: the checker finds exactly the clipped rows, with both values",
            !clipped.equal && clippedRows > 0 && sameList(found.changed, expected.changed) && sameList(found.missing, expected.missing) && sameList(found.extra, expected.extra),
            `expected changed [${expected.changed.join("; ")}], missing [${expected.missing.join("; ")}], extra [${expected.extra.join("; ")}]; ` +
              `found changed [${found.changed.join("; ")}], missing [${found.missing.join("; ")}], extra [${found.extra.join("; ")}] (${clipped.totals.mismatchingChunks} of ${clipped.totals.chunks} chunks differ)`,
          ),
        );
        const schemas = await compareSchemas(newPrimary, copy.node, [ref.schema]);
        const typeDifferences = typeDifferencesOf(schemas, ref);
        const expectedTypes = [columns.key, columns.value].sort().map((name) => `${name}: ${comparableType("bigint")} vs ${comparableType("int")}`);
        checks.push(check("case 2: the schema comparison shows the narrower columns", sameList(typeDifferences, expectedTypes), typeDifferences.join("; ") || "no type difference"));
        figures.clippedRows = clippedRows;
        details.case2 = { status: clippingStatus, comparison: clipped, schemas };

        // --- Case 3: a clipped key collides ----------------------------------------------------------
        const collision = predictReplay(colliding, types, parseTypeConversions(options.lossyConversions), lossy.keys);
        const collidingKey = collision.stoppedOn?.outcome === "duplicate-key" ? collision.stoppedOn.landed.key : undefined;
        fake.record.step("case 3: a clipped key collides");
        context.log(`case 3: ${colliding.map(rowText).join(", ")} on the new primary; predicted duplicate key ${collidingKey}`);
        await insertRows(app, table, columns, colliding);
        const collided = await applierStop(copy.node, "the copy's applier to stop on the collision");
        const duplicate = collided.sqlError;
        checks.push(
          check(
            "case 3: a clipped key lands on an existing one and replication stops with a duplicate key (1062)",
            collidingKey !== undefined && duplicate?.kind === "duplicate-key" && duplicate.code === 1062 && duplicate.message.includes(`'${collidingKey}'`),
            `predicted ${rowText(collision.stoppedOn!.row)} -> key ${collidingKey}; ${duplicate?.code} ${duplicate?.message ?? describeStatus(collided)}`,
          ),
        );
        figures.collidingKey = String(collidingKey);
        details.case3 = { status: collided };

        // --- Cases 4 and 5: the safe paths, under the application's writes ---------------------------
        fake.record.step("cases 4-5: the safe paths");
        context.log("cases 4 and 5: the application writes on; old blue is widened first, a fresh BIGINT copy of the new primary is restored");
        load = startLedgerWorkload(() => fake.target(), {
          table: options.table,
          writers: options.writers,
          firstKey: options.workloadFirstKey,
          maxValue: options.maxValue,
          maxDurationMs: 300_000,
          seed: overrides?.seed ?? context.seed ?? options.seed,
          pauseMs: 5,
        });
        const [widening, recovery] = await allSettledOrFirstError([
          widenThenReplicate(old, oldBlue, newPrimary, ref, coordinates),
          restoreCopyOf(fake, options.cluster, `${options.cluster}-recovery`).then(async (restored) => {
            const session = await connect(restored.target);
            await startReverseReplication(session, newPrimary, { from: "coordinates", coordinates: { file: restored.copyPoint.file, position: restored.copyPoint.position } });
            return { ...restored, session };
          }),
        ] as const);
        checks.push(
          check(
            "case 4: old blue widened to the new primary's types, outside its binary log",
            widening.schemas.equal && widening.binlogUnchanged,
            `${widening.statement}; binary log ${widening.binlogUnchanged ? "unchanged" : "moved"}`,
          ),
        );
        const recoveryTypes = await columnTypes(recovery.node, ref);
        checks.push(
          check(
            "case 5: the recovery cluster is a copy of the new primary with BIGINT columns",
            parseIntegerType(recoveryTypes[columns.key]!).base === "BIGINT" && parseIntegerType(recoveryTypes[columns.value]!).base === "BIGINT",
            `${recovery.copyPoint.method} at ${recovery.copyPoint.file}:${recovery.copyPoint.position}; ${JSON.stringify(recoveryTypes)}`,
          ),
        );
        load.jumpKeysTo(options.workloadJumpKey);
        await sleep(options.writeMs);

        fake.record.step("rollback");
        context.log("rollback: the new primary goes read-only, old blue and the recovery cluster catch up");
        // Seed 000 sets read_only = 1. On MySQL this fake's master user holds SUPER (RDS's does not), which
        // read_only does not stop, so super_read_only stands in for it; MariaDB's read_only stops it.
        await newPrimary.query(`SET GLOBAL ${newPrimary.dialect.writeFenceVariable} = 1`);
        const writes = await load.stop();
        fake.record.workload(writes);
        load = undefined;
        const [pastEdge] = await newPrimary.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${sqlIdentifier(columns.key)} >= ?`, [options.workloadJumpKey.toString()]);
        checks.push(check("the application wrote ids past 2147483647 during the rollback", Number(pastEdge?.n) > 0, `${writes.acknowledged} writes acknowledged, ${String(pastEdge?.n)} rows with ${columns.key} >= ${options.workloadJumpKey}`));
        recordWrites(writes.ledger, [...initial, ...crossing, ...colliding]);

        const targets = [
          { label: "case 4 (widen old blue first)", node: oldBlue, session: old },
          { label: "case 5 (fresh BIGINT cluster)", node: recovery.node, session: recovery.session },
        ];
        for (const target of targets) {
          await waitForCatchUp(target.node, newPrimary, 120_000);
          const status = await readReplicationStatus(target.node, target.node.dialect);
          await finishReverseReplication(target.session, target.node);
          const comparison = await compareServers(newPrimary, target.node, { tables: [ref] });
          const schema = await compareSchemas(newPrimary, target.node, [ref.schema]);
          const verdict = await writes.ledger.verify(target.node, options.table);
          fake.record.ledgerVerdict(verdict, writes, target.label, `${options.table.schema}.${options.table.table}`);
          checks.push(
            check(
              `${target.label}: caught up with healthy replication, equal to the new primary, every acknowledged write there`,
              isHealthy(status) && comparison.equal && schema.equal && verdict.ok,
              `${describeStatus(status)}; ${comparison.totals.leftRows} rows on the new primary, ${comparison.totals.rightRows} here, ${comparison.totals.changedRows} changed, ${comparison.totals.missingOnRight} missing, ${comparison.totals.extraOnRight} extra, ` +
                `${schema.equal ? "same column types" : "column types differ"}; ledger: ${verdict.acknowledged} acknowledged, ${verdict.lost} lost, ${verdict.changed} changed, ${verdict.unexpected} unexpected, ${verdict.inDoubt} in doubt` +
                (verdict.ok ? "" : ` ${JSON.stringify(verdict.samples)}`),
            ),
          );
          details[target.label] = { status, comparison, verdict };
        }
        figures.acknowledgedWrites = writes.acknowledged;
        figures.failedWrites = writes.failed;
        return { reached: checks.every((c) => c.passed), checks, figures, details };
      } finally {
        await load?.stop().catch(() => undefined);
        for (const connection of connections) await connection.end().catch(() => undefined);
      }
    });
  },
};

export default rollbackNarrowing;

/** Bad options fail before any container starts, naming what is wrong and what to give instead. */
function checkOptions(options: RollbackNarrowingOptions): void {
  const fail = (cause: string, fix: string): never => {
    throw new HarnessError({ what: "rollback-narrowing's options", cause, fix });
  };
  if (!Number.isInteger(options.initialRows) || options.initialRows < 1) fail(`initialRows is ${options.initialRows}`, "give a positive whole number of rows");
  if (options.crossingRows.length === 0 || options.collidingRows.length === 0) fail("crossingRows or collidingRows is empty", "give at least one row to each");
  if (!parseTypeConversions(options.lossyConversions).has("ALL_LOSSY")) fail(`lossyConversions "${options.lossyConversions}" lacks ALL_LOSSY`, "give ALL_LOSSY, alone or with ALL_NON_LOSSY");
  const explicit = [...options.crossingRows, ...options.collidingRows];
  const { min, max } = rangeOf(BIGINT);
  const seen = new Set<bigint>();
  for (const [key, value] of explicit) {
    if (key < min || key > max || value < min || value > max) fail(`row (${key}, ${value}) does not fit BIGINT`, "give keys and values the new primary's BIGINT columns can hold");
    if (key >= 1n && key <= BigInt(options.initialRows)) fail(`key ${key} is one of the initial rows' keys 1..${options.initialRows}`, "give keys above initialRows");
    if (seen.has(key)) fail(`key ${key} is written twice`, "give every written row its own key");
    seen.add(key);
  }
  const initialKeys = Array.from({ length: options.initialRows }, (_, index) => BigInt(index + 1));
  const narrowing: KeyValueTypes = { key: { source: BIGINT, replica: INT }, value: { source: BIGINT, replica: INT } };
  const crossing = options.crossingRows.map(([key, value]) => ({ key, value }));
  const silent = predictReplay(crossing, narrowing, parseTypeConversions(options.lossyConversions), initialKeys);
  if (silent.stoppedOn) fail(`crossing row ${rowText(silent.stoppedOn.row)} would collide on old blue once clipped`, "move rows whose clipped keys collide to collidingRows");
  if (!silent.applied.some((landing) => landing.outcome === "changed")) fail("no crossing row has a key or value outside INT's range", "give at least one value or key past 2147483647 or below -2147483648");
  const collision = predictReplay(options.collidingRows.map(([key, value]) => ({ key, value })), narrowing, parseTypeConversions(options.lossyConversions), silent.keys);
  if (collision.stoppedOn?.outcome !== "duplicate-key") fail("no colliding row clips onto a key old blue holds by then", "give keys past 2147483647 that clip onto an existing key (e.g. 2147483648 when 2147483647 is there)");
  const { workloadFirstKey: first, workloadJumpKey: jump } = options;
  if (first <= BigInt(options.initialRows) || first + WORKLOAD_KEY_ROOM > jump || jump <= INT_MAX) {
    fail(`workload keys from ${first}, then from ${jump}`, `start the workload above initialRows and jump past 2147483647, at least ${WORKLOAD_KEY_ROOM} keys after the start`);
  }
  const workloadOwns = (key: bigint) => (key >= first && key < first + WORKLOAD_KEY_ROOM) || (key >= jump && key < jump + WORKLOAD_KEY_ROOM);
  const shared = explicit.find(([key]) => workloadOwns(key));
  if (shared) fail(`key ${shared[0]} is in the workload's key ranges`, `keep written rows' keys outside [${first}, ${first + WORKLOAD_KEY_ROOM}) and [${jump}, ${jump + WORKLOAD_KEY_ROOM})`);
}

async function keyValueTypes(source: SqlRunner, replica: SqlRunner, ref: TableRef, columns: { key: string; value: string }): Promise<KeyValueTypes> {
  const [wide, narrow] = await Promise.all([columnTypes(source, ref), columnTypes(replica, ref)]);
  const pair = (column: string) => ({ source: parseIntegerType(wide[column] ?? "missing"), replica: parseIntegerType(narrow[column] ?? "missing") });
  return { key: pair(columns.key), value: pair(columns.value) };
}

/** The application's own inserts, one autocommit transaction each (so each is its own row event). */
async function insertRows(connection: Connection, table: string, columns: { key: string; value: string }, rows: readonly KeyValueRow[]): Promise<void> {
  for (const row of rows) {
    await connection.query(`INSERT INTO ${table} (${sqlIdentifier(columns.key)}, ${sqlIdentifier(columns.value)}) VALUES (?, ?)`, [row.key.toString(), row.value.toString()]);
  }
}

/**
 * Like Promise.all, but waits for every step before failing: a server still being started when the
 * scenario gives up would start after the cleanup and be left running.
 */
async function allSettledOrFirstError<T extends readonly unknown[]>(steps: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(steps);
  const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  if (failure) throw failure.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** The answer of a runbook call, or its refusal: both are part of the transcript. */
async function attempt(call: () => Promise<void>): Promise<string> {
  try {
    await call();
    return "no error";
  } catch (error) {
    return messageOf(error);
  }
}

async function applierStop(node: StartedMysqlNode, what: string): Promise<ReplicationStatus> {
  return waitUntil({ what, timeoutMs: 60_000, intervalMs: 200 }, async () => {
    const status = await readReplicationStatus(node, node.dialect);
    return status.sqlError ? { done: true, value: status } : { done: false, state: describeStatus(status) };
  });
}

/**
 * Safe path A: old blue takes the new primary's column types before it replicates anything. The
 * ALTER runs with sql_log_bin = 0: it repairs this server and must not become a transaction of its
 * own that follows old blue anywhere it replicates to later. Old blue is read-only since the
 * switchover; the harness lifts super_read_only (MariaDB: read_only) for the ALTER (on RDS: old blue's
 * read_only parameter) and restores it, so the application still cannot write there.
 */
async function widenThenReplicate(old: Connection, oldBlue: StartedMysqlNode, newPrimary: StartedMysqlNode, ref: TableRef, coordinates: { file: string; position: number }) {
  const wide = await newPrimary.query("SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION", [ref.schema, ref.table]);
  const narrow = await columnTypes(oldBlue, ref);
  const modifications = wide
    .filter((column) => narrow[String(column.name)] !== undefined && comparableType(narrow[String(column.name)]!) !== comparableType(String(column.type)))
    .map((column) => `MODIFY ${sqlIdentifier(String(column.name))} ${String(column.type)} ${column.nullable === "YES" ? "NULL" : "NOT NULL"}`);
  const statement = `ALTER TABLE ${sqlTable(ref.schema, ref.table)} ${modifications.join(", ")}`;
  const before = await binaryLogStatus(oldBlue);
  const fence = oldBlue.dialect.writeFenceVariable;
  await oldBlue.query(`SET GLOBAL ${fence} = 0`);
  try {
    await old.query("SET SESSION sql_log_bin = 0");
    if (modifications.length > 0) await old.query(statement);
    await old.query("SET SESSION sql_log_bin = 1");
  } finally {
    await oldBlue.query(`SET GLOBAL ${fence} = 1`);
  }
  const after = await binaryLogStatus(oldBlue);
  const schemas = await compareSchemas(newPrimary, oldBlue, [ref.schema]);
  // Types now match exactly: no conversion is needed, and none is allowed.
  await startReverseReplication(old, newPrimary, { from: "coordinates", coordinates }, "");
  return { statement: modifications.length > 0 ? statement : "nothing to widen", schemas, binlogUnchanged: before.file === after.file && before.position === after.position };
}

/** The differences a checker must report between the new primary (left) and a replica that replayed `prediction`. */
function expectedDifferences(prediction: ReplayPrediction, columns: { key: string; value: string }): { changed: string[]; missing: string[]; extra: string[] } {
  const result = { changed: [] as string[], missing: [] as string[], extra: [] as string[] };
  for (const landing of prediction.applied) {
    if (landing.outcome !== "changed") continue;
    if (landing.landed.key === landing.row.key) {
      result.changed.push(`${columns.key}=${landing.row.key}: ${columns.value} ${landing.row.value} vs ${landing.landed.value}`);
    } else {
      result.missing.push(`${columns.key}=${landing.row.key}`);
      result.extra.push(`${columns.key}=${landing.landed.key} (${columns.value} ${landing.landed.value})`);
    }
  }
  return result;
}

function foundDifferences(report: ConsistencyReport, columns: { key: string; value: string }): { changed: string[]; missing: string[]; extra: string[] } {
  const result = { changed: [] as string[], missing: [] as string[], extra: [] as string[] };
  for (const difference of report.tables.flatMap((table) => table.rowDifferences.samples)) {
    const key = `${columns.key}=${difference.key[columns.key]}`;
    if (difference.kind === "missing-on-right") result.missing.push(key);
    else if (difference.kind === "extra-on-right") result.extra.push(`${key} (${columns.value} ${difference.right[columns.value]})`);
    else for (const column of difference.columns) result.changed.push(`${key}: ${column.column} ${column.left} vs ${column.right}`);
  }
  return result;
}

function typeDifferencesOf(schemas: SchemaComparison, ref: TableRef): string[] {
  const table = schemas.tables.find((candidate) => candidate.schema === ref.schema && candidate.table === ref.table);
  return (table?.columns ?? [])
    .filter((difference) => difference.kind === "type")
    .map((difference) => `${difference.column}: ${difference.left} vs ${difference.right}`)
    .sort();
}

/** Rows the scenario itself wrote (acknowledged by the server), so that the ledger speaks for the whole table. */
function recordWrites(ledger: WriteLedger, rows: readonly KeyValueRow[]): void {
  for (const row of rows) ledger.acknowledged(row.key.toString(), row.value.toString());
}

function sameList(a: string[], b: string[]): boolean {
  const [x, y] = [[...a].sort(), [...b].sort()];
  return x.length === y.length && x.every((item, index) => item === y[index]);
}

function rowText(row: KeyValueRow): string {
  return `(${row.key}, ${row.value})`;
}
