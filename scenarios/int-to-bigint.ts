import { compareTable, columnTypes, type TableComparison } from "../harness/checks/row-comparison.ts";
import { BlueGreenEnvironment } from "../harness/environment/blue-green-environment.ts";
import { waitForCatchUp } from "../harness/replication/catch-up.ts";
import { describeStatus, isHealthy } from "../harness/replication/replication-status.ts";
import { replicationStatus } from "../harness/replication/replication-control.ts";
import { check, type Scenario, type ScenarioCheck } from "../harness/scenario/scenario.ts";
import { startWriteLoad } from "../harness/workload/write-load.ts";
import { createJoinitSchema, JOINIT_SCHEMA, joinitWrites, seedJoinitRows, widenJoinitToBigint } from "./schemas/joinit.ts";

export interface IntToBigintOptions {
  /** Rows in joinit before green is created. */
  rows: number;
  /** Concurrent writers on blue during the change. */
  writers: number;
  /** Readers in both clusters. */
  readers: boolean;
}

const DEFAULTS: IntToBigintOptions = { rows: 20_000, writers: 2, readers: true };
const TABLES = [
  { schema: JOINIT_SCHEMA, table: "joinit_fk" },
  { schema: JOINIT_SCHEMA, table: "joinit" },
];

/**
 * Seed 001 end to end: green widens joinit.g and joinit_fk.i from INT to BIGINT (foreign key dropped and
 * re-added, replication stopped meanwhile, replica_type_conversions = ALL_NON_LOSSY on green) while blue
 * keeps taking inserts, updates and deletes; green catches up and every row of blue is on green's
 * writer and reader with the same values, compared numerically.
 */
export const intToBigint: Scenario<IntToBigintOptions> = {
  id: "int-to-bigint",
  title: "Widen joinit's INT foreign key to BIGINT on green under write load (seed 001)",
  expectation: "green's columns become BIGINT, replication stays healthy, every row equal on blue and green",
  async run(context, overrides) {
    const options = { ...DEFAULTS, ...overrides };
    const checks: ScenarioCheck[] = [];
    context.log(`starting blue${options.readers ? " (writer and reader)" : ""}`);
    const blueEnvironment = await new BlueGreenEnvironment(context.engine).withRunId(context.runId).withReaders(options.readers).startBlue();
    try {
      context.log(`loading seed 001's schema and ${options.rows} rows into blue`);
      await blueEnvironment.blue.writer.run([...createJoinitSchema, ...seedJoinitRows(options.rows)]);

      context.log("creating green as a copy of blue, replicating from it");
      const environment = await blueEnvironment.createGreen();
      context.log(`green replicating from ${environment.copyPoint.method} copy point ${environment.copyPoint.file}:${environment.copyPoint.position}`);

      const load = startWriteLoad(() => environment.blue.writer.connectionTarget(), joinitWrites, { writers: options.writers, maxDurationMs: 120_000 });
      context.log(`${options.writers} writers on blue; changing green: replica_type_conversions=ALL_NON_LOSSY, replication stopped, ALTERs`);
      await environment.setTypeConversions("green", "ALL_NON_LOSSY");
      await environment.stopGreenReplication();
      await environment.green.writer.run(widenJoinitToBigint);
      await environment.startGreenReplication();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const writes = await load.stop();
      const acknowledged = Object.values(writes.acknowledged).reduce((a, b) => a + b, 0);
      context.log(`writes stopped: ${acknowledged} acknowledged (${JSON.stringify(writes.acknowledged)}), ${writes.failed} failed`);
      checks.push(check("writes on blue acknowledged", acknowledged > 0 && writes.failed === 0, `${acknowledged} acknowledged, ${writes.failed} failed${writes.errors.length ? `: ${writes.errors[0]}` : ""}`));

      context.log("waiting for green to catch up");
      await environment.waitForGreenCatchUp(120_000);
      if (environment.green.reader) await waitForCatchUp(environment.green.reader, environment.green.writer, 120_000);
      const status = await replicationStatus(environment.green.writer);
      checks.push(check("green replication healthy", isHealthy(status), describeStatus(status)));

      const blueTypes = await columnTypes(environment.blue.writer, { schema: JOINIT_SCHEMA, table: "joinit" });
      const greenTypes = await columnTypes(environment.green.writer, { schema: JOINIT_SCHEMA, table: "joinit" });
      const greenFkTypes = await columnTypes(environment.green.writer, { schema: JOINIT_SCHEMA, table: "joinit_fk" });
      checks.push(check("blue keeps INT", blueTypes.g === "int", `blue joinit.g is ${blueTypes.g}`));
      checks.push(check("green widened to BIGINT", greenTypes.g === "bigint" && greenFkTypes.i === "bigint", `green joinit.g is ${greenTypes.g}, joinit_fk.i is ${greenFkTypes.i}`));

      context.log("comparing every row of blue with green's writer and reader");
      const comparisons: TableComparison[] = [];
      const greens = environment.green.reader ? [environment.green.writer, environment.green.reader] : [environment.green.writer];
      for (const green of greens) {
        for (const table of TABLES) {
          const comparison = await compareTable(environment.blue.writer, green, table);
          comparisons.push(comparison);
          checks.push(
            check(
              `${comparison.table} equal on ${green.name}`,
              comparison.equal,
              `${comparison.leftRows} rows on blue, ${comparison.rightRows} on ${green.name}; ${comparison.missingOnRight} missing, ${comparison.extraOnRight} extra, ${comparison.changedRows} changed` +
                (comparison.samples.length ? `; first: ${JSON.stringify(comparison.samples[0])}` : ""),
            ),
          );
        }
      }
      const blueRows = comparisons.find((c) => c.table.endsWith(".joinit"))?.leftRows ?? 0;
      return {
        reached: checks.every((c) => c.passed),
        checks,
        figures: { engine: context.engine.dialect.version.raw, seededRows: options.rows, blueRows, acknowledgedWrites: acknowledged, failedWrites: writes.failed, copyMethod: environment.copyPoint.method },
        details: { writes, comparisons, phases: environment.phases, greenStatus: status },
      };
    } finally {
      await blueEnvironment.remove();
    }
  },
};

export default intToBigint;
