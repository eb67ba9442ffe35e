import { compareTable, columnTypes, type TableComparison } from "../harness/checks/row-comparison.ts";
import type { StartedMysqlNode } from "../harness/node/started-mysql-node.ts";
import { waitForCatchUp } from "../harness/replication/catch-up.ts";
import { usingEnvironment } from "../harness/scenario/scenario-environment.ts";
import { check, recorderOf, type Scenario, type ScenarioCheck } from "../harness/scenario/scenario.ts";
import { sqlIdentifier } from "../harness/sql/sql-literal.ts";
import { startLedgerWorkload } from "../harness/workload/ledger-workload.ts";
import { sleep } from "../harness/wait/wait-until.ts";
import { startWriteLoad } from "../harness/workload/write-load.ts";
import { joinitSchema } from "./schemas/joinit.ts";
import { startScenarioRds } from "./support/scenario-rds.ts";
import { deployAndSwitchOver } from "./support/switchover-journey.ts";

export interface IntToBigintOptions {
  /** The Aurora cluster's name. */
  cluster: string;
  /** The database holding seed 001's joinit tables and the application's ledger table. */
  database: string;
  /** Rows in joinit before the deployment is created. */
  rows: number;
  /** Concurrent application writers (joinit's writes while green changes; the ledger's throughout). */
  writers: number;
  /** Readers in the cluster (green gets as many). */
  readers: number;
  /** The ledger table's INT key starts this far below 2147483647: the key that is running out of room. */
  keysBelowIntMax: number;
  seed: number;
}

const DEFAULTS: IntToBigintOptions = { cluster: "app-db", database: "app", rows: 20_000, writers: 2, readers: 1, keysBelowIntMax: 1_000_000, seed: 1 };
const INT_MAX = 2_147_483_647n;
const SWITCHOVER_TIMEOUT_SECONDS = 120;

/**
 * Seed 001 end to end through the fake RDS, as the blog post does it in the console: a blue/green
 * deployment, replica_type_conversions = ALL_NON_LOSSY in green's cluster parameter group,
 * rds_stop_replication, the ALTERs that widen joinit's INT foreign key (and the application's INT key
 * running out of room) to BIGINT, rds_start_replication, catch-up, switchover. The application writes
 * through the cluster endpoint the whole time and every acknowledged write goes into a ledger; after
 * the switchover its keys cross 2147483647, which only the widened side can take. Outcome: nothing
 * lost, nothing changed, and the write outage of the switchover measured.
 */
export const intToBigint: Scenario<IntToBigintOptions> = {
  id: "int-to-bigint",
  title: "Widen INT keys to BIGINT on green and switch over under write load (seed 001)",
  expectation: "green's columns become BIGINT, the switchover completes under load, no acknowledged write lost or changed, every row equal, keys past 2^31 accepted, downtime measured",
  workloadKnobs: [
    { option: "writers", default: DEFAULTS.writers, min: 1, description: "concurrent application writers" },
    { option: "rows", default: DEFAULTS.rows, min: 1, description: "rows copied before the change" },
  ],
  async run(context, overrides) {
    const options = { ...DEFAULTS, ...overrides };
    const record = recorderOf(context);
    const seed = overrides?.seed ?? context.seed ?? DEFAULTS.seed;
    const schema = joinitSchema(options.database);
    const ledgerTable = { schema: options.database, table: "orders", key: "id", value: "total" };
    const checks: ScenarioCheck[] = [];
    context.log(`starting cluster ${options.cluster} (writer and ${options.readers} reader(s)) behind the fake RDS`);
    const fake = await startScenarioRds(context, options.cluster, { readers: options.readers });
    return usingEnvironment(context, fake, async () => {
      const { rds, service } = fake;
      const state = service.model.state;
      context.log(`loading seed 001's schema and ${options.rows} rows through the cluster endpoint`);
      await record.phase("schema and rows loaded", async () => {
        const setup = await fake.connect();
        for (const statement of [...schema.create, ...schema.seedRows(options.rows)]) await setup.query(statement);
        await setup.query(`CREATE TABLE ${sqlIdentifier(options.database)}.orders (id INT NOT NULL PRIMARY KEY, total INT NOT NULL)`);
        await setup.end();
      });

      const firstKey = INT_MAX - BigInt(options.keysBelowIntMax);
      const ledger = startLedgerWorkload(() => fake.target(), { table: ledgerTable, writers: options.writers, firstKey, maxValue: INT_MAX, maxDurationMs: 600_000, seed, pauseMs: 5 });
      // Paced as the ledger is: unpaced writers saturate a small machine, and green's copy and catch-up
      // then chase them for half a minute without proving anything more.
      const joinitLoad = startWriteLoad(() => fake.target(), schema.writes, { writers: options.writers, maxDurationMs: 300_000, seed, pauseMs: 5 });

      // Seed 001 sets the conversion in green's cluster parameter group; a group of green's own keeps blue as it was.
      const greenGroup = `${options.cluster}-green-params`;
      await rds.createDBClusterParameterGroup({ DBClusterParameterGroupName: greenGroup, DBParameterGroupFamily: "aurora-mysql8.0", Description: "green: binlog on, INT->BIGINT conversions" });
      await rds.modifyDBClusterParameterGroup({ DBClusterParameterGroupName: greenGroup, Parameters: [{ ParameterName: "binlog_format", ParameterValue: "ROW", ApplyMethod: "pending-reboot" }] });
      let greenWriter: StartedMysqlNode | undefined;
      context.log("blue/green deployment; on green: ALL_NON_LOSSY, rds_stop_replication, the ALTERs, rds_start_replication; then switchover");
      const journey = await deployAndSwitchOver(fake, {
        name: `${options.cluster}-bg`,
        targetClusterParameterGroup: greenGroup,
        switchoverTimeoutSeconds: SWITCHOVER_TIMEOUT_SECONDS,
        greenReplication: "as-is",
        record,
        changeGreen: async (green, greenCluster) => {
          greenWriter = green;
          await rds.modifyDBClusterParameterGroup({ DBClusterParameterGroupName: greenGroup, Parameters: [{ ParameterName: "replica_type_conversions", ParameterValue: "ALL_NON_LOSSY", ApplyMethod: "immediate" }] });
          const session = await fake.connect(greenCluster);
          try {
            await session.query("CALL mysql.rds_stop_replication");
            for (const statement of [...schema.widenToBigint, `ALTER TABLE ${sqlIdentifier(options.database)}.orders MODIFY id BIGINT NOT NULL, MODIFY total BIGINT NOT NULL`]) await session.query(statement);
            await session.query("CALL mysql.rds_start_replication");
          } finally {
            await session.end();
          }
          // Seed 001 waits for green to catch up, and advises stopping the application's other writes for the switchover.
          const joinitWrites = await joinitLoad.stop();
          const acknowledged = Object.values(joinitWrites.acknowledged).reduce((a, b) => a + b, 0);
          checks.push(check("joinit writes on blue acknowledged while green changed", acknowledged > 0, `${acknowledged} acknowledged (${JSON.stringify(joinitWrites.acknowledged)}), ${joinitWrites.failed} failed`));
          await waitForCatchUp(green, state.writerOf(state.cluster(options.cluster)).node!, 120_000);
        },
      });
      checks.push(check("switchover completed under write load", journey.status === "SWITCHOVER_COMPLETED", `${journey.status} ${journey.statusDetails}`));
      const { newPrimary, oldBlue } = journey;
      checks.push(check("the cluster endpoint now serves former green", newPrimary === greenWriter, `${options.cluster} is served by ${newPrimary.name}`));

      context.log("application keys jump past 2147483647 on the new primary");
      const writes = await record.phase("keys past 2^31", async () => {
        ledger.jumpKeysTo(INT_MAX + 1n);
        await sleep(2000);
        return ledger.stop();
      });
      record.workload(writes);
      const verdict = await writes.ledger.verify(newPrimary, ledgerTable);
      record.ledgerVerdict(verdict, writes, `${options.cluster} (the new primary)`, `${options.database}.orders`);
      checks.push(check("no acknowledged write lost or changed", verdict.ok, `${verdict.acknowledged} acknowledged, ${verdict.lost} lost, ${verdict.changed} changed, ${verdict.unexpected} unexpected, ${verdict.inDoubt} in doubt ${JSON.stringify(verdict.samples)}`));
      const [past] = await newPrimary.query(`SELECT COUNT(*) AS n, MAX(id) AS top FROM ${sqlIdentifier(options.database)}.orders WHERE id > ${INT_MAX}`);
      checks.push(check("keys past 2147483647 accepted after the switchover", Number(past?.n) > 0, `${String(past?.n)} rows above INT's maximum, highest ${String(past?.top)}`));
      const outage = writes.unavailability;
      checks.push(
        check(
          "write outage measured, and shorter than the switchover timeout",
          outage.longestMs > 0 && outage.longestMs < SWITCHOVER_TIMEOUT_SECONDS * 1000,
          `longest stretch without an acknowledged write: ${outage.longestMs} ms (from ${outage.fromMs} to ${outage.toMs} ms into the run); ${writes.failed} writes failed`,
        ),
      );

      const types = await columnTypes(oldBlue, { schema: options.database, table: "joinit" });
      const newTypes = await columnTypes(newPrimary, { schema: options.database, table: "joinit" });
      const newFkTypes = await columnTypes(newPrimary, { schema: options.database, table: "joinit_fk" });
      // MariaDB (and MySQL before 8.0.19) shows integer display widths: int(11), bigint(20).
      const bare = (type: string | undefined) => type?.replace(/\(\d+\)/, "");
      checks.push(check("old blue keeps INT", bare(types.g) === "int", `old blue joinit.g is ${types.g}`));
      checks.push(check("the new primary is BIGINT", bare(newTypes.g) === "bigint" && bare(newFkTypes.i) === "bigint", `joinit.g is ${newTypes.g}, joinit_fk.i is ${newFkTypes.i}`));

      context.log("comparing joinit on old blue with the new primary and its reader");
      // Named by their instance identifiers, as a person reading the report knows them.
      const cluster = state.cluster(options.cluster);
      const members = state.clusterInstances(cluster).map((instance) => ({ name: instance.identifier, node: instance.node!, writer: instance.identifier === cluster.writer }));
      for (const reader of members.filter((member) => !member.writer)) await waitForCatchUp(reader.node, newPrimary, 120_000);
      const comparisons: TableComparison[] = [];
      for (const member of members) {
        for (const table of schema.tables) {
          const comparison = await compareTable(oldBlue, member.node, table);
          comparisons.push(comparison);
          record.comparison(comparison, "old blue", member.name);
          checks.push(
            check(
              `${comparison.table} on ${member.writer ? "the new primary" : `reader ${member.name}`} equal to old blue`,
              comparison.equal,
              `${comparison.leftRows} rows on old blue, ${comparison.rightRows} on ${member.name}; ${comparison.missingOnRight} missing, ${comparison.extraOnRight} extra, ${comparison.changedRows} changed` +
                (comparison.samples.length ? `; first: ${JSON.stringify(comparison.samples[0])}` : ""),
            ),
          );
        }
      }
      return {
        reached: checks.every((c) => c.passed),
        checks,
        figures: {
          engine: context.engine.dialect.version.raw,
          seededRows: options.rows,
          joinitRows: comparisons.find((c) => c.table.endsWith(".joinit"))?.leftRows ?? 0,
          acknowledgedWrites: writes.acknowledged,
          failedWrites: writes.failed,
          downtimeMs: outage.longestMs,
          switchoverMs: journey.switchoverMs,
        },
        details: { verdict, unavailability: outage, timeline: writes.timeline, errors: writes.errors, comparisons, coordinates: journey.coordinates },
      };
    });
  },
};

export default intToBigint;
