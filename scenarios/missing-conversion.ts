import { deploymentReaches } from "../fakes/rds/api-waits.ts";
import { compareTable } from "../harness/checks/row-comparison.ts";
import { waitForCatchUp } from "../harness/replication/catch-up.ts";
import { readReplicationStatus } from "../harness/replication/replication-status.ts";
import { usingEnvironment } from "../harness/scenario/scenario-environment.ts";
import { check, type Scenario, type ScenarioCheck } from "../harness/scenario/scenario.ts";
import { integerConversion, parseTypeConversions } from "../harness/conversion/integer-conversion.ts";
import { parseIntegerType } from "../harness/conversion/integer-type.ts";
import { BLUE_GREEN_PARAMETER_GROUP } from "../fakes/rds/fake-rds-service.ts";
import { HarnessError } from "../harness/errors/harness-error.ts";
import { sqlIdentifier, sqlTable } from "../harness/sql/sql-literal.ts";
import { createDeployment } from "./support/deployment.ts";
import { startScenarioRds } from "./support/scenario-rds.ts";
import { waitUntil } from "../harness/wait/wait-until.ts";

export interface MissingConversionOptions {
  cluster: string;
  schema: string;
  table: string;
  column: string;
  /** Blue's column type and the wider one green is altered to. */
  blueType: string;
  greenType: string;
  /** Values blue has before the deployment, then the one it writes after green's ALTER (keys 1..n+1). */
  values: string[];
  nextValue: string;
}

const DEFAULTS: MissingConversionOptions = { cluster: "payments", schema: "pay", table: "transfers", column: "amount", blueType: "INT", greenType: "BIGINT", values: ["100", "200"], nextValue: "300" };

/**
 * Green altered to BIGINT without replica_type_conversions: the next row event stops replication
 * (13146 on MySQL 9.x). The switchover is refused by the replication-health guardrail, with the cause
 * in seed 001's words; setting the cluster parameter and restarting green's replication with
 * mysql.rds_stop_replication / rds_start_replication (seed 001's own calls) lets it catch up, and the switchover then completes with every row in place.
 */
export const missingConversion: Scenario<MissingConversionOptions> = {
  id: "missing-conversion",
  title: "Green altered without replica_type_conversions: switchover refused with the cause, then fixed",
  expectation: "replication stops with a type-conversion error, the switchover is refused with it, and after the fix it completes with no row lost",
  async run(context, overrides) {
    const options = { ...DEFAULTS, ...overrides };
    // The parameter value that cures it follows from the two types: widening needs ALL_NON_LOSSY, narrowing ALL_LOSSY.
    const conversion = integerConversion(parseIntegerType(options.blueType), parseIntegerType(options.greenType), parseTypeConversions(""));
    if (conversion.kind !== "refused") {
      throw new HarnessError({
        what: "choosing missing-conversion's types",
        cause: `${options.blueType} -> ${options.greenType} replicates without replica_type_conversions (${conversion.kind}), so nothing would stop`,
        fix: "give two integer types of different widths, e.g. INT -> BIGINT",
      });
    }
    const table = `${sqlTable(options.schema, options.table)}`;
    const column = sqlIdentifier(options.column);
    const checks: ScenarioCheck[] = [];
    const fake = await startScenarioRds(context, options.cluster);
    return usingEnvironment(context, fake, async () => {
      const { service, rds } = fake;
      const app = await fake.connect();
      await app.query(`CREATE DATABASE ${sqlIdentifier(options.schema)}`);
      await app.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, ${column} ${options.blueType} NOT NULL)`);
      await app.query(`INSERT INTO ${table} VALUES ${options.values.map((value, index) => `(${index + 1}, ${value})`).join(", ")}`);

      context.log("creating the blue/green deployment");
      const { id, green: greenName, greenWriter } = await createDeployment(fake, `${options.cluster}-bg`);
      const green = await fake.connect(greenName);

      context.log(`green: ALTER ${options.column} to ${options.greenType}, without replica_type_conversions`);
      await green.query(`ALTER TABLE ${table} MODIFY ${column} ${options.greenType} NOT NULL`);
      await app.query(`INSERT INTO ${table} VALUES (${options.values.length + 1}, ${options.nextValue})`);
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

      context.log(`fix: replica_type_conversions = ${conversion.needs}, then mysql.rds_stop_replication / rds_start_replication on green`);
      await rds.modifyDBClusterParameterGroup({ DBClusterParameterGroupName: BLUE_GREEN_PARAMETER_GROUP, Parameters: [{ ParameterName: "replica_type_conversions", ParameterValue: conversion.needs, ApplyMethod: "immediate" }] });
      // RDS refuses to start a half-running replica (IO up, applier stopped): stop it first, as seed 001 does.
      await green.query("CALL mysql.rds_stop_replication");
      // A CALL answers with its result sets first, then the call's own status.
      const [results] = (await green.query("CALL mysql.rds_start_replication")) as unknown as [[Array<{ Message: string }>]];
      const message = results[0]?.[0]?.Message ?? "(no message)";
      checks.push(check("mysql.rds_start_replication restarts green's replication", /running normally/i.test(message), message));
      await waitForCatchUp(greenWriter, service.model.state.writerOf(service.model.state.cluster(options.cluster)).node!, 60_000);

      await rds.switchoverBlueGreenDeployment({ BlueGreenDeploymentIdentifier: id, SwitchoverTimeout: 60 });
      const switched = await deploymentReaches(rds, id, ["AVAILABLE", "SWITCHOVER_COMPLETED"]);
      checks.push(check("after the fix the switchover completes", switched.Status === "SWITCHOVER_COMPLETED", `${switched.Status} ${switched.StatusDetails ?? ""}`));
      const newPrimary = service.model.state.writerOf(service.model.state.cluster(options.cluster)).node!;
      const oldBlue = service.model.state.writerOf(service.model.state.cluster(`${options.cluster}-old1`)).node!;
      const comparison = await compareTable(oldBlue, newPrimary, { schema: options.schema, table: options.table });
      checks.push(check("every row of old blue is on the new primary, values equal", comparison.equal && comparison.leftRows === options.values.length + 1, JSON.stringify(comparison)));
      await app.end().catch(() => undefined);
      await green.end().catch(() => undefined);
      return { reached: checks.every((c) => c.passed), checks, figures: { rows: comparison.leftRows }, details: { refused: refused.StatusDetails, comparison } };
    });
  },
};

export default missingConversion;
