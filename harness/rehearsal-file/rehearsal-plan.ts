import { readFile } from "node:fs/promises";
import { HarnessError, messageOf } from "../errors/harness-error.ts";
import type { PlanInput } from "../plan/plan-hazards.ts";
import type { SchemaModel } from "../schema/schema-model.ts";
import { sqlIdentifier } from "../sql/sql-literal.ts";
import { runSqlFile, splitSqlScript } from "../sql/sql-script.ts";
import type { SqlRunner } from "../sql/sql-runner.ts";
import type { RehearsalDefinition } from "./rehearsal-definition.ts";

/** RDS's procedures (rds_stop_replication...) are for the servers RDS runs: a plain server predicting the change skips them. */
const RDS_PROCEDURE_CALL = /^\s*CALL\s+mysql\.rds_/i;

/**
 * Blue's schema on a server (the file's schema files in its database), and with `green`, green's SQL
 * on top: what `bgh plan` reads back through information_schema on two servers to compare.
 */
export async function loadRehearsalSchema(runner: SqlRunner, definition: RehearsalDefinition, side: "blue" | "green"): Promise<void> {
  await runner.query(`CREATE DATABASE IF NOT EXISTS ${sqlIdentifier(definition.database)}`);
  await runner.query(`USE ${sqlIdentifier(definition.database)}`);
  for (const file of definition.schema) await runSqlFile(runner, file);
  if (side === "blue") return;
  await runner.query(`USE ${sqlIdentifier(definition.database)}`);
  for (const file of definition.green.sql) {
    for (const statement of splitSqlScript(await readFile(file, "utf8"))) {
      if (RDS_PROCEDURE_CALL.test(statement.sql)) continue;
      try {
        await runner.query(statement.sql);
      } catch (error) {
        throw new HarnessError({ what: `running ${file}:${statement.line} (green's change)`, cause: `the server refused the statement: ${messageOf(error)}\n  Statement: ${statement.sql.slice(0, 200)}`, fix: `correct the statement at ${file}:${statement.line}`, error });
      }
    }
  }
}

/** What the plan needs from the file besides the two schemas: each side's conversions, binlog settings, GTIDs, green's read-only. */
export function planInputFor(definition: RehearsalDefinition, blue: SchemaModel, green: SchemaModel): PlanInput {
  const { cluster } = definition;
  const greenParameters = { ...cluster.parameters, ...definition.green.parameters };
  const greenInstance = { ...cluster.instanceParameters, ...definition.green.instanceParameters };
  return {
    blue,
    green,
    greenConversions: greenParameters.replica_type_conversions ?? "",
    blueConversions: cluster.parameters.replica_type_conversions ?? "",
    // The rehearsal's cluster parameter group has binlog_format ROW unless the file says otherwise.
    binlogFormat: cluster.parameters.binlog_format ?? "ROW",
    ...(cluster.binlogRetentionHours === undefined ? {} : { binlogRetentionHours: cluster.binlogRetentionHours }),
    ...(definition.rollbackWindowHours === undefined ? {} : { rollbackWindowHours: definition.rollbackWindowHours }),
    gtidMode: (cluster.parameters["gtid-mode"] ?? cluster.parameters.gtid_mode ?? "").toUpperCase() === "ON",
    greenReadOnly: greenInstance.read_only === undefined ? true : !["0", "false", "off"].includes(greenInstance.read_only.toLowerCase()),
  };
}
