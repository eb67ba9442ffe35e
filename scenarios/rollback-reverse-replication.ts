import { deploymentReaches } from "../fakes/rds/deployment-waits.ts";
import type { StartedMysqlNode } from "../harness/node/started-mysql-node.ts";
import { waitForCatchUp } from "../harness/replication/catch-up.ts";
import { check, type Scenario, type ScenarioCheck } from "../harness/scenario/scenario.ts";
import { openConnection } from "../harness/sql/mysql-session.ts";
import { startScenarioRds } from "./support/scenario-rds.ts";
import { sqlString } from "../harness/sql/sql-literal.ts";
import { waitUntil } from "../harness/wait/wait-until.ts";
import { startLedgerWorkload } from "../harness/workload/ledger-workload.ts";

const TABLE = { schema: "shop", table: "orders", key: "id", value: "total" };

/**
 * Seed 000's strategy 2, end to end under write load: switch over, then roll back by reverse
 * replication. Old blue replicates from the new primary from the binary log coordinates RDS emitted
 * after switchover (rds_set_external_master, rds_start_replication), catches up, the new primary goes
 * read-only, replication is stopped and reset, and the application moves back to old blue. Every
 * acknowledged write of the whole journey must be on old blue at the end.
 */
export const rollbackReverseReplication: Scenario = {
  id: "rollback-reverse-replication",
  title: "Roll back after switchover by reverse replication from the event's binlog coordinates (seed 000, strategy 2)",
  expectation: "old blue catches up from the coordinates, the application moves back, and no acknowledged write is lost",
  async run(context) {
    const checks: ScenarioCheck[] = [];
    const fake = await startScenarioRds(context, "shop");
    try {
      const { service, rds, cluster } = fake;
      const state = service.model.state;
      const setup = await fake.connect();
      await setup.query("CREATE DATABASE shop");
      await setup.query("CREATE TABLE shop.orders (id BIGINT PRIMARY KEY, total BIGINT NOT NULL)");
      await setup.end();

      // The application writes through whatever endpoint it is configured with.
      let applicationEndpoint = fake.target();
      const load = startLedgerWorkload(() => applicationEndpoint, { table: TABLE, writers: 3, firstKey: 1n, maxValue: 10n ** 12n, maxDurationMs: 300_000, seed: 11, pauseMs: 5 });

      context.log("blue/green deployment and switchover under write load");
      const { BlueGreenDeployment } = await rds.createBlueGreenDeployment({ BlueGreenDeploymentName: "shop-bg", Source: cluster.arn });
      const id = BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
      await deploymentReaches(rds, id, ["AVAILABLE"]);
      await rds.switchoverBlueGreenDeployment({ BlueGreenDeploymentIdentifier: id, SwitchoverTimeout: 120 });
      const switched = await deploymentReaches(rds, id, ["SWITCHOVER_COMPLETED", "AVAILABLE"]);
      checks.push(check("switchover completed under write load", switched.Status === "SWITCHOVER_COMPLETED", `${switched.Status} ${switched.StatusDetails ?? ""}`));

      const newPrimary: StartedMysqlNode = state.writerOf(state.cluster("shop")).node!;
      const oldBlue: StartedMysqlNode = state.writerOf(state.cluster("shop-old1")).node!;
      const { Events } = await rds.describeEvents({ SourceType: "db-instance", SourceIdentifier: state.cluster("shop").writer });
      const coordinates = /file (\S+) and position (\d+)/.exec(Events!.map((event) => event.Message!).find((message) => message.startsWith("Binary log coordinates")) ?? "");
      checks.push(check("RDS reported the new primary's binary log coordinates", coordinates !== null, coordinates ? `${coordinates[1]}:${coordinates[2]}` : "no event"));
      await new Promise((resolve) => setTimeout(resolve, 1500)); // writes land on the new primary

      context.log(`old blue: rds_set_external_master from ${coordinates?.[1]}:${coordinates?.[2]}, rds_start_replication`);
      const oldEndpoint = fake.target("shop-old1");
      const old = await openConnection(oldEndpoint);
      await old.query(
        `CALL mysql.rds_set_external_master (${sqlString(newPrimary.networkHost)}, 3306, ${sqlString(newPrimary.credentials.replicationUser)}, ${sqlString(newPrimary.credentials.replicationPassword)}, ${sqlString(coordinates![1]!)}, ${coordinates![2]}, 0)`,
      );
      await old.query("CALL mysql.rds_start_replication");
      await new Promise((resolve) => setTimeout(resolve, 1500));

      context.log("rollback: new primary read-only, old blue catches up, stop and reset, application moves back");
      // Seed 000 sets read_only = 1. This fake's master user holds SUPER (RDS's does not), which read_only
      // does not stop, so super_read_only stands in for it.
      await newPrimary.query("SET GLOBAL super_read_only = 1");
      await waitForCatchUp(oldBlue, newPrimary, 120_000);
      await old.query("CALL mysql.rds_stop_replication");
      await old.query("CALL mysql.rds_reset_external_master");
      // Old blue was left read-only by the switchover; as the runbook's last step it takes writes again.
      await oldBlue.query("SET GLOBAL super_read_only = 0");
      await oldBlue.query("SET GLOBAL read_only = 0");
      applicationEndpoint = oldEndpoint;
      await waitUntil({ what: "the application to write on old blue", timeoutMs: 30_000 }, async () => {
        const [rows] = (await old.query("SELECT COUNT(*) AS n FROM information_schema.processlist WHERE user = ?", [cluster.masterUsername])) as unknown as [[{ n: string }]];
        return Number(rows[0]?.n) > 1 ? { done: true, value: undefined } : { done: false, state: "no application session yet" };
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const result = await load.stop();
      await old.end();

      const verdict = await result.ledger.verify(oldBlue, TABLE);
      checks.push(check("every acknowledged write of the journey is on old blue with its value", verdict.ok, `${verdict.acknowledged} acknowledged, ${verdict.lost} lost, ${verdict.changed} changed, ${verdict.unexpected} unexpected, ${verdict.inDoubt} in doubt ${JSON.stringify(verdict.samples)}`));
      checks.push(check("writes resumed on old blue after the rollback", (result.timeline.at(-1)?.acknowledged ?? 0) > 0, `last second: ${JSON.stringify(result.timeline.at(-1))}`));
      return {
        reached: checks.every((c) => c.passed),
        checks,
        figures: { acknowledgedWrites: result.acknowledged, failedWrites: result.failed, longestOutageMs: result.unavailability.longestMs },
        details: { verdict, timeline: result.timeline, unavailability: result.unavailability, errors: result.errors },
      };
    } finally {
      await fake.stop();
    }
  },
};

export default rollbackReverseReplication;
