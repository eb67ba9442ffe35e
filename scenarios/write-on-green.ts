import { deploymentReaches } from "../fakes/rds/deployment-waits.ts";
import { compareTable } from "../harness/checks/row-comparison.ts";
import { waitForCatchUp } from "../harness/replication/catch-up.ts";
import { describeStatus, isHealthy, readReplicationStatus } from "../harness/replication/replication-status.ts";
import { check, type Scenario, type ScenarioCheck } from "../harness/scenario/scenario.ts";
import { startScenarioRds } from "./support/scenario-rds.ts";
import { waitUntil } from "../harness/wait/wait-until.ts";

const TABLE = { schema: "crm", table: "customers" };

/**
 * Someone writes on green (a test, a stray job). Blue's next insert of the same key stops green's
 * replication (duplicate key), and the switchover is canceled with seed 001's words.
 * mysql.rds_skip_repl_error (seed 000's troubleshooting advice) resumes replication by skipping blue's
 * transaction, and the harness must then report the divergence that leaves: green keeps its own row,
 * blue's value for that key never arrives.
 */
export const writeOnGreen: Scenario = {
  id: "write-on-green",
  title: "A write on green breaks replication; rds_skip_repl_error resumes it and leaves a divergence the checker reports",
  expectation: "duplicate-key stop, switchover canceled with the replication-error wording, skip resumes replication, the comparison reports exactly the skipped row",
  async run(context) {
    const checks: ScenarioCheck[] = [];
    const fake = await startScenarioRds(context, "crm");
    try {
      const { service, rds, cluster } = fake;
      const { state } = service.model;
      const blue = await fake.connect();
      await blue.query("CREATE DATABASE crm");
      await blue.query("CREATE TABLE crm.customers (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)");
      await blue.query("INSERT INTO crm.customers VALUES (1, 'ada'), (2, 'grace')");
      const { BlueGreenDeployment } = await rds.createBlueGreenDeployment({ BlueGreenDeploymentName: "crm-bg", Source: cluster.arn });
      const id = BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
      const available = await deploymentReaches(rds, id, ["AVAILABLE"]);
      const greenCluster = state.cluster(available.Target!.split(":").at(-1)!);
      const greenWriter = state.writerOf(greenCluster).node!;
      const green = await fake.connect(greenCluster.identifier);

      context.log("a write on green, then blue inserts the same key");
      await green.query("INSERT INTO crm.customers VALUES (3, 'written-on-green')");
      await blue.query("INSERT INTO crm.customers VALUES (3, 'linus')");
      const broken = await waitUntil({ what: "green's replication to stop", timeoutMs: 30_000 }, async () => {
        const status = await readReplicationStatus(greenWriter, greenWriter.dialect);
        return status.sqlError ? { done: true, value: status } : { done: false, state: status.sqlThread };
      });
      checks.push(check("replication stops with a duplicate key", broken.sqlError?.kind === "duplicate-key", `${broken.sqlError?.code} ${broken.sqlError?.message ?? ""}`));

      await rds.switchoverBlueGreenDeployment({ BlueGreenDeploymentIdentifier: id, SwitchoverTimeout: 60 });
      const refused = await deploymentReaches(rds, id, ["AVAILABLE", "SWITCHOVER_COMPLETED"]);
      checks.push(check("the switchover is canceled with the replication-error wording", refused.Status === "AVAILABLE" && /replication errors on .*Correct the replication errors and then switch over\./.test(refused.StatusDetails ?? ""), `${refused.Status}: ${refused.StatusDetails}`));

      context.log("CALL mysql.rds_skip_repl_error on green");
      const [results] = (await green.query("CALL mysql.rds_skip_repl_error")) as unknown as [[Array<{ Message: string }>]];
      checks.push(check("rds_skip_repl_error skips the event in error", /skipped/i.test(JSON.stringify(results)), JSON.stringify(results.slice(0, 2))));
      await blue.query("INSERT INTO crm.customers VALUES (4, 'barbara')");
      await waitForCatchUp(greenWriter, state.writerOf(state.cluster("crm")).node!, 60_000);
      const resumed = await readReplicationStatus(greenWriter, greenWriter.dialect);
      checks.push(check("replication runs again", isHealthy(resumed), describeStatus(resumed)));

      const comparison = await compareTable(state.writerOf(state.cluster("crm")).node!, greenWriter, TABLE);
      const differing = comparison.samples.map((sample) => ("column" in sample ? `${sample.key}:${sample.left}->${sample.right}` : `${sample.key}:${sample.side}`));
      checks.push(check("the comparison reports exactly the skipped row", comparison.changedRows === 1 && differing.join(",") === "3:linus->written-on-green" && comparison.leftRows === 4, `${differing.join(", ")} (${comparison.leftRows} rows on blue)`));
      await blue.end();
      await green.end();
      return { reached: checks.every((c) => c.passed), checks, figures: { divergentRows: comparison.changedRows }, details: { comparison, refused: refused.StatusDetails } };
    } finally {
      await fake.stop();
    }
  },
};

export default writeOnGreen;
