import type { ConsistencyReport } from "../../harness/checks/check-report.ts";
import { messageOf } from "../../harness/errors/harness-error.ts";
import { planHazards, type Hazard, type Plan } from "../../harness/plan/plan-hazards.ts";
import { planInputFor } from "../../harness/rehearsal-file/rehearsal-plan.ts";
import { readSchema } from "../../harness/schema/read-schema.ts";
import { findTable, type SchemaModel } from "../../harness/schema/schema-model.ts";
import type { StartedMysqlNode } from "../../harness/node/started-mysql-node.ts";
import { describeStatus, readReplicationStatus } from "../../harness/replication/replication-status.ts";
import { sqlIdentifier, sqlTable } from "../../harness/sql/sql-literal.ts";
import { MysqlSession } from "../../harness/sql/mysql-session.ts";
import type { RowLedgerVerdict } from "../../harness/workload/row-ledger.ts";
import type { RehearsalRun } from "./rehearsal-run.ts";
import type { StepResult } from "./rehearsal-steps.ts";

/** One predicted hazard held against the run, or one observed failure no hazard predicted. */
export interface PredictionComparison {
  hazard: string;
  /** The tables and columns the hazard names ("t.c, t2"), empty for an observation nothing predicted. */
  where: string;
  predicted: string;
  observed: string;
  verdict: "confirmed" | "predicted, not observed" | "not exercised" | "observed, not predicted" | "advice";
}

/**
 * `bgh plan`'s prediction for this rehearsal (blue's schema as loaded, green's as green's writer has it
 * now), beside what the run showed: each hazard confirmed, predicted but not observed, or not
 * exercised by the steps; and a replication stop or key collision that happened without a prediction.
 * Recorded as findings of kind "prediction" (predicted = expected, observed = actual) and logged.
 */
export async function comparePrediction(run: RehearsalRun, blue: SchemaModel, steps: StepResult[], ledger?: RowLedgerVerdict, comparison?: ConsistencyReport): Promise<{ plan?: Plan; comparisons: PredictionComparison[] }> {
  let plan: Plan;
  try {
    plan = planHazards(planInputFor(run.definition, blue, await greenModel(run, blue)));
  } catch (error) {
    run.context.log(`prediction: could not be made (${messageOf(error).split("\n")[0]})`);
    return { comparisons: [] };
  }
  // Old blue's replication as the run left it: a team's own runbook may have set up reverse replication
  // (and seen it stop) without any built-in action or recognisable output saying so.
  const oldBlue = await oldBlueReplication(run.blueWriter);
  const evidence = [...steps.map((step) => [step.detail, ...(step.lastLines ?? []), ...(step.states ?? []).map((state) => state.replication)].join("\n")), oldBlue.state].join("\n");
  const reversed = oldBlue.replicated || steps.some((step) => step.outcome !== "not run" && (/rds_set_external_master|replicates from|Replica running normally/i.test(step.detail + (step.lastLines ?? []).join("\n")) || step.name.includes("reverse")));
  const greenChanged = steps.some((step) => step.kind === "action" && step.outcome !== "not run" && /change-green|change green/.test(step.name)) || run.deployment !== undefined;
  const changedTables = new Set([...(comparison?.tables ?? []).filter((table) => !table.equal).map((table) => table.table), ...(ledger?.tables ?? []).filter((table) => table.changed > 0).map((table) => table.table)]);
  const comparisons: PredictionComparison[] = [];
  for (const hazard of plan.hazards) {
    const exercised = hazard.direction === "back" ? reversed : greenChanged;
    const probed = exercised && hazard.severity === "data-change" && hazard.direction === "forward" && !hazard.tables.some((table) => changedTables.has(table)) ? await observeForwardChange(run, blue, hazard) : undefined;
    comparisons.push(judge(hazard, evidence, exercised, changedTables, probed));
  }
  const stopped = /13146|cannot be converted/i.test(evidence);
  const collided = /\b1062\b|Duplicate entry/i.test(evidence);
  if (stopped && !plan.hazards.some((hazard) => hazard.severity === "replication-stop")) comparisons.push({ hazard: "replication stopped on a conversion (13146)", where: "", predicted: "nothing", observed: "a step saw 13146", verdict: "observed, not predicted" });
  if (collided && !plan.hazards.some((hazard) => hazard.severity === "collision")) comparisons.push({ hazard: "duplicate key (1062)", where: "", predicted: "nothing", observed: "a step saw 1062", verdict: "observed, not predicted" });
  for (const each of comparisons) {
    run.fake.record.finding({ subject: each.hazard, kind: "prediction", ...(each.where ? { column: each.where } : {}), expected: each.predicted, actual: each.observed, detail: each.verdict });
    run.context.log(`prediction ${each.verdict === "predicted, not observed" || each.verdict === "observed, not predicted" ? "DISAGREES" : "-"} ${each.hazard}: ${each.verdict} (observed: ${each.observed})`);
  }
  return { plan, comparisons };
}

function judge(hazard: Hazard, evidence: string, exercised: boolean, changedTables: Set<string>, probed?: string): PredictionComparison {
  const name = `${hazard.id}${hazard.direction ? ` (${hazard.direction})` : ""}`;
  const predicted = `${hazard.severity}: ${hazard.detail}`;
  const where = whereOf(hazard);
  if (hazard.severity === "warning") return { hazard: name, where, predicted, observed: "not something a run shows", verdict: "advice" };
  if (!exercised) return { hazard: name, where, predicted, observed: hazard.direction === "back" ? "no reverse replication in this rehearsal" : "green was not changed in this rehearsal", verdict: "not exercised" };
  if (probed) return { hazard: name, where, predicted, observed: probed, verdict: "confirmed" };
  if (hazard.severity === "replication-stop") {
    // The applier names the table it stopped on; replication stops once, on whichever table comes first.
    const stoppedOn = [...evidence.matchAll(/of table '([^']+)' cannot be converted/gi)].map((match) => match[1]!);
    const here = stoppedOn.find((qualified) => hazard.tables.includes(qualified.split(".").at(-1)!));
    if (here) return { hazard: name, where, predicted, observed: `13146 on ${here}`, verdict: "confirmed" };
    if (stoppedOn.length > 0) return { hazard: name, where, predicted, observed: `replication stopped first on ${[...new Set(stoppedOn)].join(", ")} (13146), before a row of ${hazard.tables.join(", ")} came`, verdict: "not exercised" };
  }
  const seen =
    hazard.severity === "replication-stop" ? /13146|cannot be converted/i.test(evidence) : hazard.severity === "collision" ? /\b1062\b|Duplicate entry/i.test(evidence) : hazard.tables.some((table) => changedTables.has(table));
  const observed = seen ? (hazard.severity === "data-change" ? `changed rows in ${hazard.tables.join(", ")}` : `seen in the steps' output (${hazard.severity === "collision" ? "1062" : "13146"})`) : "not seen";
  return { hazard: name, where, predicted, observed, verdict: seen ? "confirmed" : "predicted, not observed" };
}

/** "t.c, t2": the hazard's columns, and its tables that none of those columns is in. */
function whereOf(hazard: Hazard): string {
  const tablesWithColumns = new Set(hazard.columns.map((column) => column.slice(0, column.lastIndexOf("."))));
  return [...hazard.columns, ...hazard.tables.filter((table) => !tablesWithColumns.has(table))].join(", ");
}

/** Green's schema as green's writer holds it now (whatever name it has); blue's when there is no green. */
async function greenModel(run: RehearsalRun, blue: SchemaModel): Promise<SchemaModel> {
  const green = run.deployment?.greenWriter;
  if (!green) return blue;
  const session = new MysqlSession(() => green.connectionTarget());
  try {
    return await readSchema(session, run.definition.database);
  } finally {
    await session.close();
  }
}

/** Whether old blue replicates now, or did and stopped (its replication is configured), and how. */
async function oldBlueReplication(node: StartedMysqlNode): Promise<{ replicated: boolean; state: string }> {
  try {
    const status = await readReplicationStatus(node, node.dialect);
    return status.configured ? { replicated: true, state: `old blue: ${describeStatus(status)}` } : { replicated: false, state: "" };
  } catch {
    return { replicated: false, state: "" };
  }
}

/** "a..b arrive as c..d", either side possibly one value ("-1 arrive as 4294967295"), as describeRange writes it. */
const RANGE = /^(-?\d+)(?:\.\.(-?\d+))? arrive as (-?\d+)(?:\.\.(-?\d+))?/;

/** The integer bounds of a predicted range and where it arrives, or undefined for another kind of range. */
export function rangeBounds(range: string): { low: string; high: string; arrivedLow: string; arrivedHigh: string } | undefined {
  const bounds = RANGE.exec(range);
  if (!bounds) return undefined;
  const [, low, high, arrivedLow, arrivedHigh] = bounds as unknown as [string, string, string | undefined, string, string | undefined];
  return { low, high: high ?? low, arrivedLow, arrivedHigh: arrivedHigh ?? arrivedLow };
}

/**
 * A predicted silent change forward, looked for where it lands: rows whose value on old blue lies in a
 * predicted source range and whose value on green (the new primary after a switchover) lies in the
 * range the plan says it arrives as. Undefined when none is found (or it cannot be looked for).
 */
async function observeForwardChange(run: RehearsalRun, blue: SchemaModel, hazard: Hazard): Promise<string | undefined> {
  const green = run.deployment?.greenWriter;
  if (!green) return undefined;
  for (const qualified of hazard.columns) {
    const [tableName, column] = qualified.split(".") as [string, string];
    const table = findTable(blue, tableName);
    if (!table || table.primaryKey.length === 0 || !column) continue;
    const from = sqlTable(blue.schema, tableName);
    const key = table.primaryKey.map(sqlIdentifier).join(", ");
    for (const range of hazard.ranges ?? []) {
      const bounds = rangeBounds(range);
      if (!bounds) continue;
      const { low, high, arrivedLow, arrivedHigh } = bounds;
      try {
        const onBlue = await run.blueWriter.query(`SELECT ${key}, ${sqlIdentifier(column)} AS v FROM ${from} WHERE ${sqlIdentifier(column)} BETWEEN ${low} AND ${high} LIMIT 200`);
        if (onBlue.length === 0) continue;
        const keyOf = (row: Record<string, unknown>) => table.primaryKey.map((part) => String(row[part])).join("\u0000");
        const wanted = new Map(onBlue.map((row) => [keyOf(row), String(row.v)]));
        // Only the rows found on old blue (at most 200), by their keys: the arrival range may hold many others.
        const tuple = table.primaryKey.length === 1 ? key : `(${key})`;
        const one = table.primaryKey.length === 1 ? "?" : `(${table.primaryKey.map(() => "?").join(", ")})`;
        const onGreen = await green.query(
          `SELECT ${key}, ${sqlIdentifier(column)} AS v FROM ${from} WHERE ${sqlIdentifier(column)} BETWEEN ${arrivedLow} AND ${arrivedHigh} AND ${tuple} IN (${onBlue.map(() => one).join(", ")})`,
          onBlue.flatMap((row) => table.primaryKey.map((part) => row[part])),
        );
        const changed = onGreen.filter((row) => wanted.has(keyOf(row)));
        if (changed.length > 0) {
          const sample = changed[0]!;
          return `${changed.length} of ${onBlue.length} rows of ${tableName} with ${column} in ${low}..${high} on old blue hold ${arrivedLow}..${arrivedHigh} on green (e.g. ${wanted.get(keyOf(sample))} -> ${String(sample.v)})`;
        }
      } catch {
        // A cut or paused server: not observed, said as such by the verdict.
      }
    }
  }
  return undefined;
}
