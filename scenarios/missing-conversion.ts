import { deploymentReaches } from "../fakes/rds/deployment-waits.ts";
import { compareTable } from "../harness/checks/row-comparison.ts";
import { waitForCatchUp } from "../harness/replication/catch-up.ts";
import { readReplicationStatus } from "../harness/replication/replication-status.ts";
import { check, type Scenario, type ScenarioCheck } from "../harness/scenario/scenario.ts";
import { startScenarioRds } from "./support/scenario-rds.ts";
import { waitUntil } from "../harness/wait/wait-until.ts";

/**
 * Green altered to BIGINT without replica_type_conversions: the next row event stops replication
 * (13146 on MySQL 9.x). The switchover is refused by the replication-health guardrail, with the cause
 * in seed 001's words; setting the cluster parameter and restarting green's replication with
 * mysql.rds_stop_replication / rds_start_replication (seed 001's own calls) lets it catch up, and the switchover then completes with every row in place.
 */
export const missingConversion: Scenario = {
  id: "missing-conversion",
  title: "Green altered without replica_type_conversions: switchover refused with the cause, then fixed",
  expectation: "replication stops with a type-conversion error, the switchover is refused with it, and after the fix it completes with no row lost",
  async run(context) {
    const checks: ScenarioCheck[] = [];
    const fake = await startScenarioRds(context, "payments");
    try {
      const { service, rds, cluster } = fake;
      const app = await fake.connect();
      await app.query("CREATE DATABASE pay");
      await app.query("CREATE TABLE pay.transfers (id INT PRIMARY KEY, amount INT NOT NULL)");
      await app.query("INSERT INTO pay.transfers VALUES (1, 100), (2, 200)");

      context.log("creating the blue/green deployment");
      const { BlueGreenDeployment } = await rds.createBlueGreenDeployment({ BlueGreenDeploymentName: "payments-bg", Source: cluster.arn });
      const id = BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
      const available = await deploymentReaches(rds, id, ["AVAILABLE", "INVALID_CONFIGURATION"]);
      const greenName = available.Target!.split(":").at(-1)!;
      const green = await fake.connect(greenName);

      context.log("green: ALTER amount to BIGINT, without replica_type_conversions");
      await green.query("ALTER TABLE pay.transfers MODIFY amount BIGINT NOT NULL");
      await app.query("INSERT INTO pay.transfers VALUES (3, 300)");
      const greenWriter = service.model.state.writerOf(service.model.state.cluster(greenName)).node!;
      const stopped = await waitUntil({ what: "green's replication to stop on the conversion", timeoutMs: 30_000 }, async () => {
        const status = await readReplicationStatus(greenWriter, greenWriter.dialect);
        return status.sqlError ? { done: true, value: status } : { done: false, state: status.sqlThread };
      });
      checks.push(check("replication stops on the type conversion", stopped.sqlError?.kind === "type-conversion", `${stopped.sqlError?.code} ${stopped.sqlError?.message ?? ""}`));

      await rds.switchoverBlueGreenDeployment({ BlueGreenDeploymentIdentifier: id, SwitchoverTimeout: 60 });
      const refused = await deploymentReaches(rds, id, ["AVAILABLE", "SWITCHOVER_COMPLETED"]);
      checks.push(
        check(
          "the switchover is refused by the replication-health guardrail, with the cause",
          refused.Status === "AVAILABLE" && /replication errors on .*Correct the replication errors and then switch over\..*type-conversion/.test(refused.StatusDetails ?? ""),
          `${refused.Status}: ${refused.StatusDetails}`,
        ),
      );

      context.log("fix: replica_type_conversions = ALL_NON_LOSSY, then mysql.rds_stop_replication / rds_start_replication on green");
      await rds.modifyDBClusterParameterGroup({ DBClusterParameterGroupName: "bgh-binlog-enabled", Parameters: [{ ParameterName: "replica_type_conversions", ParameterValue: "ALL_NON_LOSSY", ApplyMethod: "immediate" }] });
      // RDS refuses to start a half-running replica (IO up, applier stopped): stop it first, as seed 001 does.
      await green.query("CALL mysql.rds_stop_replication");
      // A CALL answers with its result sets first, then the call's own status.
      const [results] = (await green.query("CALL mysql.rds_start_replication")) as unknown as [[Array<{ Message: string }>]];
      const message = results[0]?.[0]?.Message ?? "(no message)";
      checks.push(check("mysql.rds_start_replication restarts green's replication", /running normally/i.test(message), message));
      await waitForCatchUp(greenWriter, service.model.state.writerOf(service.model.state.cluster("payments")).node!, 60_000);

      await rds.switchoverBlueGreenDeployment({ BlueGreenDeploymentIdentifier: id, SwitchoverTimeout: 60 });
      const switched = await deploymentReaches(rds, id, ["AVAILABLE", "SWITCHOVER_COMPLETED"]);
      checks.push(check("after the fix the switchover completes", switched.Status === "SWITCHOVER_COMPLETED", `${switched.Status} ${switched.StatusDetails ?? ""}`));
      const newPrimary = service.model.state.writerOf(service.model.state.cluster("payments")).node!;
      const oldBlue = service.model.state.writerOf(service.model.state.cluster("payments-old1")).node!;
      const comparison = await compareTable(oldBlue, newPrimary, { schema: "pay", table: "transfers" });
      checks.push(check("every row of old blue is on the new primary, values equal", comparison.equal && comparison.leftRows === 3, JSON.stringify(comparison)));
      await app.end().catch(() => undefined);
      await green.end().catch(() => undefined);
      return { reached: checks.every((c) => c.passed), checks, figures: { rows: comparison.leftRows }, details: { refused: refused.StatusDetails, comparison } };
    } finally {
      await fake.stop();
    }
  },
};

export default missingConversion;
