import { deploymentReaches } from "../fakes/rds/api-waits.ts";
import { compareTable } from "../harness/checks/row-comparison.ts";
import { waitForCatchUp } from "../harness/replication/catch-up.ts";
import { describeStatus, isHealthy, readReplicationStatus } from "../harness/replication/replication-status.ts";
import { usingEnvironment } from "../harness/scenario/scenario-environment.ts";
import { check, type Scenario, type ScenarioCheck } from "../harness/scenario/scenario.ts";
import { sqlIdentifier, sqlString, sqlTable } from "../harness/sql/sql-literal.ts";
import { createDeployment } from "./support/deployment.ts";
import { startScenarioRds } from "./support/scenario-rds.ts";
import { waitUntil } from "../harness/wait/wait-until.ts";

export interface WriteOnGreenOptions {
  cluster: string;
  schema: string;
  table: string;
  /** The text column the stray write and blue's write disagree on. */
  column: string;
  /** Rows blue has before the deployment (key, text). */
  rows: Array<[number, string]>;
  /** The key both sides insert: green first (the stray write), then blue. */
  collision: { key: number; onGreen: string; onBlue: string };
  /** A row blue writes after the skip, which must arrive. */
  after: [number, string];
}

const DEFAULTS: WriteOnGreenOptions = {
  cluster: "crm",
  schema: "crm",
  table: "customers",
  column: "name",
  rows: [
    [1, "ada"],
    [2, "grace"],
  ],
  collision: { key: 3, onGreen: "written-on-green", onBlue: "linus" },
  after: [4, "barbara"],
};

/**
 * Someone writes on green (a test, a stray job). Blue's next insert of the same key stops green's
 * replication (duplicate key), and the switchover is canceled with seed 001's words.
 * mysql.rds_skip_repl_error (seed 000's troubleshooting advice) resumes replication by skipping blue's
 * transaction, and the harness must then report the divergence that leaves: green keeps its own row,
 * blue's value for that key never arrives.
 */
export const writeOnGreen: Scenario<WriteOnGreenOptions> = {
  id: "write-on-green",
  title: "A write on green breaks replication; rds_skip_repl_error resumes it and leaves a divergence the checker reports",
  expectation: "duplicate-key stop, switchover canceled with the replication-error wording, skip resumes replication, the comparison reports exactly the skipped row",
  async run(context, overrides) {
    const options = { ...DEFAULTS, ...overrides };
    const ref = { schema: options.schema, table: options.table };
    const table = `${sqlTable(options.schema, options.table)}`;
    const insert = (key: number, text: string) => `INSERT INTO ${table} VALUES (${key}, ${sqlString(text)})`;
    const checks: ScenarioCheck[] = [];
    const fake = await startScenarioRds(context, options.cluster);
    return usingEnvironment(context, fake, async () => {
      const { service, rds } = fake;
      const { state } = service.model;
      const blue = await fake.connect();
      await blue.query(`CREATE DATABASE ${sqlIdentifier(options.schema)}`);
      await blue.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, ${sqlIdentifier(options.column)} VARCHAR(255) NOT NULL)`);
      for (const [key, text] of options.rows) await blue.query(insert(key, text));
      const { id, green: greenCluster, greenWriter } = await createDeployment(fake, `${options.cluster}-bg`);
      const green = await fake.connect(greenCluster);

      context.log("a write on green, then blue inserts the same key");
      await green.query(insert(options.collision.key, options.collision.onGreen));
      await blue.query(insert(options.collision.key, options.collision.onBlue));
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
      await blue.query(insert(...options.after));
      await waitForCatchUp(greenWriter, state.writerOf(state.cluster(options.cluster)).node!, 60_000);
      const resumed = await readReplicationStatus(greenWriter, greenWriter.dialect);
      checks.push(check("replication runs again", isHealthy(resumed), describeStatus(resumed)));

      const comparison = await compareTable(state.writerOf(state.cluster(options.cluster)).node!, greenWriter, ref);
      fake.record.comparison(comparison, "blue", "green");
      const { key, onBlue, onGreen } = options.collision;
      const expectedDifference = `${key}:${onBlue}->${onGreen}`;
      const differing = comparison.samples.map((sample) => ("column" in sample ? `${sample.key}:${sample.left}->${sample.right}` : `${sample.key}:${sample.side}`));
      checks.push(check("the comparison reports exactly the skipped row", comparison.changedRows === 1 && differing.join(",") === expectedDifference && comparison.leftRows === options.rows.length + 2, `expected ${expectedDifference}; found ${differing.join(", ") || "nothing"} (${comparison.leftRows} rows on blue)`));
      await blue.end();
      await green.end();
      return { reached: checks.every((c) => c.passed), checks, figures: { divergentRows: comparison.changedRows }, details: { comparison, refused: refused.StatusDetails } };
    });
  },
};

export default writeOnGreen;
