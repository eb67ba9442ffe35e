import { compareTable, type TableRef } from "../harness/checks/row-comparison.ts";
import { compareTableShapes } from "../harness/checks/schema-comparison.ts";
import { readTableShapes } from "../harness/checks/table-shape.ts";
import { integerConversion, parseTypeConversions, replicatedValue } from "../harness/conversion/integer-conversion.ts";
import { fitsIn, type IntegerType } from "../harness/conversion/integer-type.ts";
import { HarnessError } from "../harness/errors/harness-error.ts";
import type { StartedMysqlNode } from "../harness/node/started-mysql-node.ts";
import { waitForCatchUp } from "../harness/replication/catch-up.ts";
import { countGtids, formatGtidSet, gtidSetContains, subtractGtidSets } from "../harness/replication/gtid-set.ts";
import { gtidExecuted, replicationStatus } from "../harness/replication/replication-control.ts";
import { describeStatus, isHealthy } from "../harness/replication/replication-status.ts";
import { usingEnvironment } from "../harness/scenario/scenario-environment.ts";
import { check, type Scenario, type ScenarioCheck } from "../harness/scenario/scenario.ts";
import { openConnection, type ConnectionTarget } from "../harness/sql/mysql-session.ts";
import { sqlIdentifier, sqlTable } from "../harness/sql/sql-literal.ts";
import { enableGtidMode } from "./support/gtid-mode.ts";
import { restoreCopyOf } from "./support/restored-copy.ts";
import { startReverseReplication, type ReverseStart } from "./support/reverse-replication.ts";
import { startScenarioRds } from "./support/scenario-rds.ts";
import { deployAndSwitchOver } from "./support/switchover-journey.ts";

export interface RollbackGtidReplayOptions {
  /** The blue cluster's identifier. */
  cluster: string;
  schema: string;
  table: string;
  /** The INT primary key green widens to BIGINT. */
  key: string;
  /** An INT NOT NULL column green widens to BIGINT as well. */
  value: string;
  /** Rows on blue before the deployment: keys firstKey, firstKey + 1, ..., each with value key * valueFactor. */
  rows: number;
  firstKey: number;
  valueFactor: number;
  /** Written on the new primary after the switchover, one autocommit INSERT each, keys following blue's. */
  valuesAfterSwitchover: string[];
  /** replica_type_conversions on old blue for the reverse replication (BIGINT rows into INT columns need ALL_LOSSY). */
  reverseTypeConversions: string;
}

export const DEFAULTS: RollbackGtidReplayOptions = {
  cluster: "ledger-db",
  schema: "bank",
  table: "entries",
  key: "id",
  value: "amount",
  rows: 50,
  firstKey: 1,
  valueFactor: 100,
  valuesAfterSwitchover: ["7", "-12", "2147483647", "-2147483648", "99"],
  reverseTypeConversions: "ALL_LOSSY,ALL_NON_LOSSY",
};

const INT: IntegerType = { base: "INT", unsigned: false };
const BIGINT: IntegerType = { base: "BIGINT", unsigned: false };

/**
 * The trap of the reference's "traps seen while rehearsing by hand", through the fake RDS: green
 * widens the table's INT columns to BIGINT (seed 001), the deployment switches over, the application
 * writes on the new primary, and old blue is pointed back at it in the two ways RDS offers.
 *
 * (a) rds_set_external_master_with_auto_position: GTID auto-position fetches every transaction old
 *     blue lacks, green's ALTER TABLEs included; old blue's columns silently become BIGINT while
 *     replication reports healthy. The scenario detects it (old blue's schema before and after, and
 *     green's ALTER GTIDs, named, in old blue's gtid_executed) and reports it as the finding.
 * (b) rds_set_external_master from the switchover event's file and position (seed 000): only what
 *     the new primary wrote after the switchover arrives; old blue stays INT.
 *
 * Each way needs old blue as the switchover left it. Rather than a second deployment (another green,
 * another switchover: most of the run again), old blue is copied once right after the switchover
 * into a fresh server (CLONE: same data, same gtid_executed, as a snapshot restore gives): nothing
 * writes to old blue (read-only) until reverse replication starts, so both start from the same state,
 * which the scenario checks rather than assumes. (a) runs on the copy, (b) on old blue itself.
 */
export const rollbackGtidReplay: Scenario<RollbackGtidReplayOptions> = {
  id: "rollback-gtid-replay",
  title: "Reverse replication by GTID auto-position replays green's ALTERs on old blue; file/position does not",
  appliesTo: { engines: [{ flavor: "mysql", from: "8.0" }], reason: "it rehearses MySQL's GTID auto-position; MariaDB's GTIDs (MASTER_USE_GTID) are another mechanism" },
  expectation:
    "auto-position silently widens old blue's columns and the scenario names green's replayed ALTER GTIDs; from the event's file/position old blue stays INT and gets exactly the post-switchover writes",
  async run(context, overrides) {
    const options = { ...DEFAULTS, ...overrides };
    const plan = planRows(options);
    const ref = { schema: options.schema, table: options.table };
    const table = `${sqlTable(options.schema, options.table)}`;
    const [key, value] = [sqlIdentifier(options.key), sqlIdentifier(options.value)];
    const checks: ScenarioCheck[] = [];
    context.log(`starting cluster ${options.cluster} behind the fake RDS, gtid-mode ON in its parameter group`);
    const fake = await startScenarioRds(context, options.cluster);
    return usingEnvironment(context, fake, async () => {
      await enableGtidMode(fake, options.cluster);
      const app = await fake.connect();
      await app.query(`CREATE DATABASE ${sqlIdentifier(options.schema)}`);
      await app.query(`CREATE TABLE ${table} (${key} INT NOT NULL PRIMARY KEY, ${value} INT NOT NULL)`);
      await app.query(`INSERT INTO ${table} (${key}, ${value}) VALUES ${plan.blue.map(([k, v]) => `(${k}, ${v})`).join(", ")}`);
      await app.end();

      context.log("deployment; green: ALL_NON_LOSSY, ALTERs to BIGINT (replication stopped); switchover");
      const alters = [`ALTER TABLE ${table} MODIFY ${key} BIGINT NOT NULL`, `ALTER TABLE ${table} MODIFY ${value} BIGINT NOT NULL`];
      let alterGtids = "";
      const journey = await deployAndSwitchOver(fake, {
        name: `${options.cluster}-bg`,
        changeGreen: async (green) => {
          await green.query(`SET GLOBAL ${green.dialect.typeConversionsVariable} = 'ALL_NON_LOSSY'`);
          const before = await gtidExecuted(green);
          await green.run(alters);
          alterGtids = formatGtidSet(subtractGtidSets(await gtidExecuted(green), before));
        },
      });
      const { newPrimary, oldBlue, oldBlueCluster, coordinates } = journey;
      checks.push(check("green's ALTERs have GTIDs of their own", countGtids(alterGtids) === alters.length, `${alters.length} ALTERs on green: ${alterGtids || "no GTID"}`));

      context.log(`restoring a copy of old blue (${oldBlueCluster}) as the switchover left it`);
      const copy = await restoreCopyOf(fake, oldBlueCluster, `${oldBlueCluster}-copy`);
      const blueGtids = await gtidExecuted(oldBlue);
      const shapeBefore = await readTableShapes(oldBlue, { tables: [ref] });
      const sameStart = formatGtidSet(await gtidExecuted(copy.node)) === formatGtidSet(blueGtids) && (await compareTable(oldBlue, copy.node, ref)).equal && compareTableShapes(shapeBefore, await readTableShapes(copy.node, { tables: [ref] })).equal;
      checks.push(check("both ways start from old blue as the switchover left it", sameStart, `copy of ${oldBlueCluster} by ${copy.copyPoint.method}: same gtid_executed (${blueGtids}), rows and columns: ${sameStart}`));

      context.log(`the application writes ${plan.afterSwitchover.length} rows on the new primary`);
      const primary = await fake.connect();
      for (const [k, v] of plan.afterSwitchover) await primary.query(`INSERT INTO ${table} (${key}, ${value}) VALUES (${k}, ${v})`);
      await primary.end();
      const postSwitchoverGtids = subtractGtidSets(subtractGtidSets(await gtidExecuted(newPrimary), blueGtids), alterGtids);

      fake.record.step("(a) GTID auto-position");
      context.log("(a) old blue's copy: rds_set_external_master_with_auto_position, rds_start_replication");
      const autoPosition = await reverseReplicate(copy.node, copy.target, newPrimary, { from: "auto-position" }, options.reverseTypeConversions, ref);
      const widened = compareTableShapes(shapeBefore, await readTableShapes(copy.node, { tables: [ref] })).tables.flatMap((t) => t.columns.filter((c) => c.kind === "type"));
      const widenedText = widened.map((c) => `${c.column} ${c.left} -> ${c.right}`).join(", ") || "none";
      const expectedWidening = [options.key, options.value].map((column) => `${column} int -> bigint`).join(", ");
      checks.push(check("(a) auto-position changes old blue's schema: green's ALTERs replayed", widenedText === expectedWidening, `old blue's ${options.schema}.${options.table} columns changed: ${widenedText} (green's ALTERs: ${expectedWidening})`));
      const replayed = formatGtidSet(subtractGtidSets(autoPosition.gtids, blueGtids));
      checks.push(check("(a) green's ALTER GTIDs are in old blue's gtid_executed", alterGtids !== "" && gtidSetContains(autoPosition.gtids, alterGtids), `replayed ALTER GTIDs ${alterGtids}; old blue fetched ${replayed}`));
      checks.push(check("(a) the replay is silent: replication healthy, every row equal", isHealthy(autoPosition.status) && autoPosition.rows.equal, `${describeStatus(autoPosition.status)}; ${describeRows(autoPosition.rows)}`));

      fake.record.step("(b) file/position");
      context.log(`(b) old blue: rds_set_external_master from ${coordinates.file}:${coordinates.position}, rds_start_replication`);
      const oldBlueTarget = fake.target(oldBlueCluster);
      const filePosition = await reverseReplicate(oldBlue, oldBlueTarget, newPrimary, { from: "coordinates", coordinates }, options.reverseTypeConversions, ref);
      const shapeAfter = compareTableShapes(shapeBefore, await readTableShapes(oldBlue, { tables: [ref] }));
      checks.push(check("(b) file/position keeps old blue's schema", shapeAfter.equal, shapeAfter.equal ? `${options.key} and ${options.value} still int` : JSON.stringify(shapeAfter.tables)));
      const gained = subtractGtidSets(filePosition.gtids, blueGtids);
      checks.push(
        check(
          "(b) old blue gets exactly the post-switchover transactions, none of green's ALTERs",
          formatGtidSet(gained) === formatGtidSet(postSwitchoverGtids) && countGtids(gained) === plan.afterSwitchover.length && !gtidSetContains(filePosition.gtids, alterGtids),
          `gained ${formatGtidSet(gained) || "nothing"} (${countGtids(gained)}); written after the switchover ${formatGtidSet(postSwitchoverGtids)}; ALTERs ${alterGtids} absent`,
        ),
      );
      const expectedRows = plan.blue.length + plan.afterSwitchover.length;
      checks.push(
        check(
          "(b) every post-switchover row arrives, values as INT holds them",
          filePosition.rows.missingOnRight === 0 && filePosition.rows.extraOnRight === 0 && filePosition.rows.rightRows === expectedRows && filePosition.rows.changedRows === plan.changedOnOldBlue,
          `${describeRows(filePosition.rows)}; expected ${expectedRows} rows, ${plan.changedOnOldBlue} value(s) changed by ${options.reverseTypeConversions} into INT`,
        ),
      );
      return {
        reached: checks.every((c) => c.passed),
        checks,
        figures: { replayedAlterGtids: alterGtids, replayedAlters: countGtids(alterGtids), widenedColumns: widened.length, postSwitchoverTransactions: countGtids(postSwitchoverGtids) },
        details: {
          finding: `GTID auto-position replayed green's ALTERs ${alterGtids} on old blue: ${widenedText}, with replication healthy. Roll back from the switchover event's file/position (${coordinates.file}:${coordinates.position}) instead.`,
          coordinates,
          autoPosition: { status: autoPosition.status, gtids: autoPosition.gtids, widened },
          filePosition: { status: filePosition.status, gtids: filePosition.gtids, rows: filePosition.rows },
        },
      };
    });
  },
};

/** Seed 000's first half on one old blue, through the master user's connection; then its state once caught up. */
async function reverseReplicate(node: StartedMysqlNode, target: ConnectionTarget, newPrimary: StartedMysqlNode, start: ReverseStart, typeConversions: string, ref: TableRef) {
  const connection = await openConnection(target);
  try {
    await startReverseReplication(connection, newPrimary, start, typeConversions);
  } finally {
    await connection.end().catch(() => undefined);
  }
  await waitForCatchUp(node, newPrimary, 60_000);
  return { status: await replicationStatus(node), gtids: await gtidExecuted(node), rows: await compareTable(newPrimary, node, ref) };
}

function describeRows(rows: { leftRows: number; rightRows: number; missingOnRight: number; extraOnRight: number; changedRows: number }): string {
  return `${rows.leftRows} rows on the new primary, ${rows.rightRows} on old blue; ${rows.missingOnRight} missing, ${rows.extraOnRight} extra, ${rows.changedRows} changed`;
}

interface RowPlan {
  blue: Array<[bigint, bigint]>;
  afterSwitchover: Array<[bigint, bigint]>;
  /** Post-switchover values that (b) stores differently in old blue's INT column (clipped, or read with other signedness). */
  changedOnOldBlue: number;
}

/**
 * The rows the options describe, and what reverse replication into old blue's INT columns must do
 * with them, refusing options that would rehearse something else: blue's INT columns must hold its
 * rows, the reverse replication must be able to narrow BIGINT to INT, and keys must arrive intact (a
 * clipped key collides: that is the narrowing-rollback scenario's subject, not this one's).
 */
function planRows(options: RollbackGtidReplayOptions): RowPlan {
  const refuse = (cause: string, fix: string): never => {
    throw new HarnessError({ what: "planning rollback-gtid-replay's rows", cause, fix });
  };
  if (!Number.isSafeInteger(options.rows) || options.rows < 1) refuse(`rows is ${options.rows}`, "give at least one row for blue");
  if (options.valuesAfterSwitchover.length < 1) refuse("valuesAfterSwitchover is empty: (b) would have nothing to carry", "give at least one value written after the switchover");
  const conversions = parseTypeConversions(options.reverseTypeConversions);
  const narrowing = integerConversion(BIGINT, INT, conversions);
  if (narrowing.kind === "refused") refuse(`replica_type_conversions "${options.reverseTypeConversions}" lacks ${narrowing.needs}: (b) would stop on the first BIGINT row event`, `include ${narrowing.needs}`);
  const integer = (text: string | number, what: string): bigint => {
    try {
      return BigInt(text);
    } catch {
      return refuse(`${what} "${text}" is not an integer`, "give integers (decimal text for values beyond 2^53)");
    }
  };
  const first = integer(options.firstKey, "firstKey");
  const factor = integer(options.valueFactor, "valueFactor");
  const blue = Array.from({ length: options.rows }, (_, i): [bigint, bigint] => [first + BigInt(i), (first + BigInt(i)) * factor]);
  for (const [k, v] of blue) {
    if (!fitsIn(INT, k) || !fitsIn(INT, v)) refuse(`blue's row (${k}, ${v}) does not fit its INT columns`, "choose firstKey, rows and valueFactor so that keys and key * valueFactor stay within -2147483648..2147483647");
  }
  let changedOnOldBlue = 0;
  const afterSwitchover = options.valuesAfterSwitchover.map((text, i): [bigint, bigint] => {
    const k = first + BigInt(options.rows + i);
    const v = integer(text, "value after the switchover");
    if (!fitsIn(BIGINT, v)) refuse(`value ${v} does not fit the widened BIGINT column`, "give values within BIGINT's range");
    if (replicatedValue(BIGINT, INT, conversions, k).outcome !== "intact") refuse(`key ${k} written after the switchover would not arrive intact in old blue's INT key (clipped or read as unsigned), and keys that change collide`, "keep firstKey + rows + valuesAfterSwitchover.length - 1 <= 2147483647 (and keys >= 0 with ALL_UNSIGNED)");
    if (replicatedValue(BIGINT, INT, conversions, v).outcome !== "intact") changedOnOldBlue++;
    return [k, v];
  });
  return { blue, afterSwitchover, changedOnOldBlue };
}

export default rollbackGtidReplay;
