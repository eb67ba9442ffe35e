import { parseTypeConversions, replicatedValue } from "../harness/conversion/integer-conversion.ts";
import { integerTypeSql, parseIntegerType } from "../harness/conversion/integer-type.ts";
import { compareTable } from "../harness/checks/row-comparison.ts";
import { BlueGreenEnvironment } from "../harness/environment/blue-green-environment.ts";
import { describeStatus, isHealthy } from "../harness/replication/replication-status.ts";
import { usingEnvironment } from "../harness/scenario/scenario-environment.ts";
import { check, recorderOf, type Scenario, type ScenarioCheck } from "../harness/scenario/scenario.ts";
import { sqlIdentifier, sqlTable } from "../harness/sql/sql-literal.ts";

export interface UnsignedWrapOptions {
  schema: string;
  table: string;
  column: string;
  /** Blue's column type: an unsigned integer. */
  blueType: string;
  /** Green's wider, signed column type. */
  greenType: string;
  /** Values written on blue once green is altered (decimal strings; must fit blueType). */
  values: string[];
}

const DEFAULTS: UnsignedWrapOptions = {
  schema: "stock",
  table: "items",
  column: "qty",
  blueType: "INT UNSIGNED",
  greenType: "BIGINT",
  // Unsigned values at and past the signed 32-bit edge, and one that stays below it.
  values: ["2147483647", "2147483648", "3000000000", "4294967295"],
};
const WIDENING = "ALL_NON_LOSSY";
const CURE = "ALL_NON_LOSSY,ALL_UNSIGNED";

/**
 * Bug #82599 as the reference measured it on 9.7: blue's unsigned column widened to a signed type on
 * green with ALL_NON_LOSSY. Values from 2^31 up arrive negative while replication reports healthy.
 * The scenario exists to show that failure: it reaches its outcome when the comparison finds exactly
 * the rows the conversion model says must wrap, with the values it predicts, and when
 * ALL_NON_LOSSY,ALL_UNSIGNED makes the same values arrive intact.
 */
export const unsignedWrap: Scenario<UnsignedWrapOptions> = {
  id: "unsigned-wrap",
  title: "INT UNSIGNED -> BIGINT with ALL_NON_LOSSY wraps values >= 2^31 while replication looks healthy",
  expectation: "replication stays healthy, the comparison catches every wrapped value, ALL_UNSIGNED cures new writes",
  appliesTo: { engines: [{ flavor: "mysql", from: "8.0" }], reason: "bug #82599 and its cure ALL_UNSIGNED are MySQL's; MariaDB's slave_type_conversions has no ALL_UNSIGNED" },
  async run(context, overrides) {
    const options = { ...DEFAULTS, ...overrides };
    const blueType = parseIntegerType(options.blueType);
    const greenType = parseIntegerType(options.greenType);
    const values = options.values.map((value) => BigInt(value));
    // What must happen, from the types and values alone; the servers then have to agree.
    const predicted = values.map((value) => replicatedValue(blueType, greenType, parseTypeConversions(WIDENING), value));
    const predictedCure = values.map((value) => replicatedValue(blueType, greenType, parseTypeConversions(CURE), value));
    const expectedWrapped = predicted.flatMap((prediction, index) => (prediction.outcome === "changed" ? [index + 1] : []));

    const ref = { schema: options.schema, table: options.table };
    const table = `${sqlTable(options.schema, options.table)}`;
    const column = sqlIdentifier(options.column);
    const checks: ScenarioCheck[] = [];
    const environment = await new BlueGreenEnvironment(context.engine).withRunId(context.runId).start();
    return usingEnvironment(context, environment, async () => {
      const { blue, green } = environment;
      await blue.writer.run([`CREATE DATABASE ${sqlIdentifier(options.schema)}`, `CREATE TABLE ${table} (id INT PRIMARY KEY, ${column} ${integerTypeSql(blueType)} NOT NULL)`, `INSERT INTO ${table} VALUES (0, 7)`]);
      await environment.waitForGreenCatchUp();
      context.log(`green: ${options.column} ${integerTypeSql(blueType)} -> ${integerTypeSql(greenType)}, replica_type_conversions = ${WIDENING}`);
      await environment.setTypeConversions("green", WIDENING);
      await environment.stopGreenReplication();
      await green.writer.query(`ALTER TABLE ${table} MODIFY ${column} ${integerTypeSql(greenType)} NOT NULL`);
      await environment.startGreenReplication();
      await blue.writer.query(`INSERT INTO ${table} VALUES ${values.map((value, index) => `(${index + 1}, ${value})`).join(", ")}`);
      await environment.waitForGreenCatchUp();
      const status = await environment.greenReplicationStatus();
      checks.push(check("replication reports healthy", isHealthy(status), describeStatus(status)));

      const wrapped = await compareTable(blue.writer, green.writer, ref);
      recorderOf(context).comparison(wrapped, "blue", "green");
      const foundKeys = wrapped.samples.flatMap((sample) => ("column" in sample ? [Number(sample.key)] : []));
      checks.push(
        check(
          "the comparison finds exactly the values the conversion wraps",
          // The comparison keeps its first samples only: those must be the first predicted rows.
          wrapped.changedRows === expectedWrapped.length && foundKeys.join(",") === expectedWrapped.slice(0, foundKeys.length).join(","),
          `predicted rows ${expectedWrapped.join(",") || "none"}; the comparison found ${wrapped.changedRows}: ${JSON.stringify(wrapped.samples)}`,
        ),
      );
      const arrived = await green.writer.query(`SELECT id, ${column} AS v FROM ${table} WHERE id BETWEEN 1 AND ${values.length} ORDER BY id`);
      const mismatches = predicted.flatMap((prediction, index) => {
        const expected = prediction.outcome === "conversion-error" ? "(stopped)" : String(prediction.value);
        const actual = String(arrived[index]?.v);
        return expected === actual ? [] : [`${values[index]} predicted ${expected}, green has ${actual}`];
      });
      checks.push(check("each value arrives as bug #82599 predicts (e.g. 3000000000 as -1294967296)", mismatches.length === 0, mismatches.join("; ") || `${values.length} values as predicted`));

      context.log(`cure: replica_type_conversions = ${CURE}`);
      await environment.setTypeConversions("green", CURE);
      const cureBase = values.length + 100;
      await blue.writer.query(`INSERT INTO ${table} VALUES ${values.map((value, index) => `(${cureBase + index}, ${value})`).join(", ")}`);
      await environment.waitForGreenCatchUp();
      const cured = await green.writer.query(`SELECT ${column} AS v FROM ${table} WHERE id >= ${cureBase} ORDER BY id`);
      const notCured = predictedCure.flatMap((prediction, index) => (prediction.outcome === "intact" && String(cured[index]?.v) === String(values[index]) ? [] : [`${values[index]} arrived as ${String(cured[index]?.v)}`]));
      checks.push(check("with ALL_UNSIGNED the same values arrive intact", notCured.length === 0, notCured.join("; ") || `${values.length} values intact`));
      const after = await compareTable(blue.writer, green.writer, ref);
      checks.push(check("the cure does not repair rows already wrapped", after.changedRows === expectedWrapped.length, `${after.changedRows} rows still differ`));
      return {
        reached: checks.every((c) => c.passed),
        checks,
        figures: { wrappedRows: wrapped.changedRows, engine: context.engine.dialect.version.raw },
        details: { predicted: predicted.map((p, i) => ({ written: String(values[i]), outcome: p.outcome, arrives: "value" in p ? String(p.value) : null })), wrapped, after, status },
      };
    });
  },
};

export default unsignedWrap;
