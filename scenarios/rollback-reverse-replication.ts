import { usingEnvironment } from "../harness/scenario/scenario-environment.ts";
import { check, type Scenario, type ScenarioCheck } from "../harness/scenario/scenario.ts";
import { openConnection } from "../harness/sql/mysql-session.ts";
import { sqlIdentifier, sqlTable } from "../harness/sql/sql-literal.ts";
import { rollBackToOldBlue, startReverseReplication } from "./support/reverse-replication.ts";
import type { ApplicationOptions } from "./support/application-options.ts";
import { startScenarioRds } from "./support/scenario-rds.ts";
import { deployAndSwitchOver } from "./support/switchover-journey.ts";
import { sleep, waitUntil } from "../harness/wait/wait-until.ts";
import { startLedgerWorkload } from "../harness/workload/ledger-workload.ts";

export interface RollbackReverseReplicationOptions extends ApplicationOptions {
  /** The table's key column type. */
  keyType: string;
}

const DEFAULTS: RollbackReverseReplicationOptions = {
  cluster: "shop",
  table: { schema: "shop", table: "orders", key: "id", value: "total" },
  keyType: "BIGINT",
  writers: 3,
  firstKey: 1n,
  seed: 11,
};

/**
 * Seed 000's strategy 2, end to end under write load: switch over, then roll back by reverse
 * replication. Old blue replicates from the new primary from the binary log coordinates RDS emitted
 * after switchover (rds_set_external_master, rds_start_replication), catches up, the new primary goes
 * read-only, replication is stopped and reset, and the application moves back to old blue. Every
 * acknowledged write of the whole journey must be on old blue at the end.
 */
export const rollbackReverseReplication: Scenario<RollbackReverseReplicationOptions> = {
  id: "rollback-reverse-replication",
  title: "Roll back after switchover by reverse replication from the event's binlog coordinates (seed 000, strategy 2)",
  expectation: "old blue catches up from the coordinates, the application moves back, and no acknowledged write is lost",
  workloadKnobs: [{ option: "writers", default: DEFAULTS.writers, min: 1, description: "concurrent application writers" }],
  async run(context, overrides) {
    const options = { ...DEFAULTS, ...overrides };
    const { table } = options;
    const checks: ScenarioCheck[] = [];
    const fake = await startScenarioRds(context, options.cluster);
    return usingEnvironment(context, fake, async () => {
      const { cluster } = fake;
      const setup = await fake.connect();
      await setup.query(`CREATE DATABASE ${sqlIdentifier(table.schema)}`);
      await setup.query(
        `CREATE TABLE ${sqlTable(table.schema, table.table)} (${sqlIdentifier(table.key)} ${options.keyType} PRIMARY KEY, ${sqlIdentifier(table.value)} BIGINT NOT NULL)`,
      );
      await setup.end();

      // The application writes through whatever endpoint it is configured with.
      let applicationEndpoint = fake.target();
      const load = startLedgerWorkload(() => applicationEndpoint, { table, writers: options.writers, firstKey: options.firstKey, maxValue: 10n ** 12n, maxDurationMs: 300_000, seed: overrides?.seed ?? context.seed ?? options.seed, pauseMs: 5 });

      context.log("blue/green deployment and switchover under write load");
      const journey = await deployAndSwitchOver(fake, { name: `${options.cluster}-bg` });
      checks.push(check("switchover completed under write load", journey.status === "SWITCHOVER_COMPLETED", `${journey.status} ${journey.statusDetails}`));
      checks.push(check("RDS reported the new primary's binary log coordinates", journey.coordinates.position > 0, `${journey.coordinates.file}:${journey.coordinates.position}`));
      const { newPrimary, oldBlue } = journey;
      await sleep(1500); // writes land on the new primary

      context.log(`old blue: rds_set_external_master from ${journey.coordinates.file}:${journey.coordinates.position}, rds_start_replication`);
      const oldEndpoint = fake.target(journey.oldBlueCluster);
      const old = await openConnection(oldEndpoint);
      await fake.record.phase("reverse replication", async () => {
        await startReverseReplication(old, newPrimary, { from: "coordinates", coordinates: journey.coordinates });
        await sleep(1500);
      });

      context.log("rollback: new primary read-only, old blue catches up, stop and reset, application moves back");
      await fake.record.phase("rollback", async () => {
        await rollBackToOldBlue(old, oldBlue, newPrimary);
        applicationEndpoint = oldEndpoint;
        await waitUntil({ what: "the application to write on old blue", timeoutMs: 30_000 }, async () => {
          const [rows] = (await old.query("SELECT COUNT(*) AS n FROM information_schema.processlist WHERE user = ?", [cluster.masterUsername])) as unknown as [[{ n: string }]];
          return Number(rows[0]?.n) > 1 ? { done: true, value: undefined } : { done: false, state: "no application session yet" };
        });
      });
      await sleep(1500);
      const result = await load.stop();
      fake.record.workload(result);
      await old.end();

      const verdict = await result.ledger.verify(oldBlue, table);
      fake.record.ledgerVerdict(verdict, result, "old blue", `${table.schema}.${table.table}`);
      checks.push(check("every acknowledged write of the journey is on old blue with its value", verdict.ok, `${verdict.acknowledged} acknowledged, ${verdict.lost} lost, ${verdict.changed} changed, ${verdict.unexpected} unexpected, ${verdict.inDoubt} in doubt ${JSON.stringify(verdict.samples)}`));
      checks.push(check("writes resumed on old blue after the rollback", (result.timeline.at(-1)?.acknowledged ?? 0) > 0, `last second: ${JSON.stringify(result.timeline.at(-1))}`));
      return {
        reached: checks.every((c) => c.passed),
        checks,
        figures: { acknowledgedWrites: result.acknowledged, failedWrites: result.failed, longestOutageMs: result.unavailability.longestMs },
        details: { verdict, timeline: result.timeline, unavailability: result.unavailability, errors: result.errors },
      };
    });
  },
};

export default rollbackReverseReplication;
