import { compareTable } from "../harness/checks/row-comparison.ts";
import { BlueGreenEnvironment } from "../harness/environment/blue-green-environment.ts";
import { describeStatus, isHealthy } from "../harness/replication/replication-status.ts";
import { check, type Scenario, type ScenarioCheck } from "../harness/scenario/scenario.ts";

const TABLE = { schema: "stock", table: "items" };
/** Unsigned values at and past the signed 32-bit edge, and one that stays below it. */
const VALUES = ["2147483647", "2147483648", "3000000000", "4294967295"];

/**
 * Bug #82599 as the reference measured it on 9.7: blue's INT UNSIGNED column widened to signed BIGINT
 * on green with ALL_NON_LOSSY. Values from 2^31 up arrive negative while replication reports healthy.
 * The scenario exists to show that failure: it reaches its outcome when the comparison finds exactly
 * the wrapped rows, and when ALL_NON_LOSSY,ALL_UNSIGNED makes new values arrive intact.
 */
export const unsignedWrap: Scenario = {
  id: "unsigned-wrap",
  title: "INT UNSIGNED -> BIGINT with ALL_NON_LOSSY wraps values >= 2^31 while replication looks healthy",
  expectation: "replication stays healthy, the comparison catches every wrapped value, ALL_UNSIGNED cures new writes",
  async run(context) {
    const checks: ScenarioCheck[] = [];
    const environment = await new BlueGreenEnvironment(context.engine).withRunId(context.runId).start();
    try {
      const { blue, green } = environment;
      await blue.writer.run(["CREATE DATABASE stock", "CREATE TABLE stock.items (id INT PRIMARY KEY, qty INT UNSIGNED NOT NULL)", "INSERT INTO stock.items VALUES (0, 7)"]);
      await environment.waitForGreenCatchUp();
      context.log("green: qty INT UNSIGNED -> BIGINT (signed), replica_type_conversions = ALL_NON_LOSSY");
      await environment.setTypeConversions("green", "ALL_NON_LOSSY");
      await environment.stopGreenReplication();
      await green.writer.query("ALTER TABLE stock.items MODIFY qty BIGINT NOT NULL");
      await environment.startGreenReplication();
      await blue.writer.query(`INSERT INTO stock.items VALUES ${VALUES.map((value, index) => `(${index + 1}, ${value})`).join(", ")}`);
      await environment.waitForGreenCatchUp();
      const status = await environment.greenReplicationStatus();
      checks.push(check("replication reports healthy", isHealthy(status), describeStatus(status)));
      const wrapped = await compareTable(blue.writer, green.writer, TABLE);
      const wrappedKeys = wrapped.samples.flatMap((sample) => ("column" in sample ? [sample.key] : []));
      checks.push(check("the comparison finds exactly the values >= 2^31", wrapped.changedRows === 3 && wrappedKeys.join(",") === "2,3,4", `${wrapped.changedRows} changed rows: ${JSON.stringify(wrapped.samples)}`));
      const [arrived] = await green.writer.query("SELECT qty FROM stock.items WHERE id = 3");
      checks.push(check("3000000000 arrives as -1294967296 (bug #82599)", String(arrived?.qty) === "-1294967296", `green has ${String(arrived?.qty)}`));

      context.log("cure: replica_type_conversions = ALL_NON_LOSSY,ALL_UNSIGNED");
      await environment.setTypeConversions("green", "ALL_NON_LOSSY,ALL_UNSIGNED");
      await blue.writer.query("INSERT INTO stock.items VALUES (10, 3000000000)");
      await environment.waitForGreenCatchUp();
      const [cured] = await green.writer.query("SELECT qty FROM stock.items WHERE id = 10");
      checks.push(check("with ALL_UNSIGNED new values arrive intact", String(cured?.qty) === "3000000000", `green has ${String(cured?.qty)}`));
      const after = await compareTable(blue.writer, green.writer, TABLE);
      checks.push(check("the cure does not repair rows already wrapped", after.changedRows === 3, `${after.changedRows} rows still differ`));
      return {
        reached: checks.every((c) => c.passed),
        checks,
        figures: { wrappedRows: wrapped.changedRows, engine: context.engine.dialect.version.raw },
        details: { wrapped, after, status },
      };
    } finally {
      await environment.remove();
    }
  },
};

export default unsignedWrap;
