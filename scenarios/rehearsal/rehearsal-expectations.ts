import { compareServers } from "../../harness/checks/consistency-checker.ts";
import type { ConsistencyReport } from "../../harness/checks/check-report.ts";
import { messageOf } from "../../harness/errors/harness-error.ts";
import { check, type ScenarioCheck } from "../../harness/scenario/scenario.ts";
import type { SchemaModel } from "../../harness/schema/schema-model.ts";
import { MysqlSession } from "../../harness/sql/mysql-session.ts";
import { sleep } from "../../harness/wait/wait-until.ts";
import { waitForCatchUp } from "../../harness/replication/catch-up.ts";
import type { RowLedgerVerdict } from "../../harness/workload/row-ledger.ts";
import type { SchemaWorkloadResult } from "../../harness/workload/schema-workload.ts";
import { resolveEndpoint } from "./rehearsal-endpoints.ts";
import type { RehearsalRun } from "./rehearsal-run.ts";
import type { StepResult } from "./rehearsal-steps.ts";

export interface Verdicts {
  checks: ScenarioCheck[];
  ledger?: RowLedgerVerdict;
  comparison?: ConsistencyReport;
}

/**
 * The file's expectations as checks, plus one per step: each step passed, or failed exactly as the
 * file declares. A rehearsal that shows a failure therefore passes only when that failure, and no
 * other, happened.
 */
export async function evaluateExpectations(run: RehearsalRun, steps: StepResult[], writes: SchemaWorkloadResult | undefined, model: SchemaModel): Promise<Verdicts> {
  const { expect } = run.definition;
  const checks: ScenarioCheck[] = [];
  for (const step of steps) {
    const declared = expect.fails.find((failure) => failure.step === step.name);
    if (declared) {
      checks.push(check(`step "${step.name}" fails with "${declared.with}"`, step.outcome === "failed as expected", step.outcome === "passed" ? `it passed: ${step.detail}` : `${step.outcome}: ${step.detail}${tail(step)}`));
    } else {
      checks.push(check(`step "${step.name}" succeeds`, step.outcome === "passed", `${step.outcome}: ${step.detail}${tail(step)}`));
    }
  }
  for (const fault of run.pendingFaults) checks.push(check(`fault of step "${fault.step}" landed`, fault.outcome.landed, fault.outcome.detail));

  const verdicts: Verdicts = { checks };
  if (expect.noLostWrites && writes) {
    const on = expect.noLostWrites.on;
    try {
      const endpoint = resolveEndpoint(run, on);
      const session = new MysqlSession(() => ({ ...endpoint.target, database: run.definition.database }));
      const verdict = await writes.ledger.verify(session).finally(() => session.close());
      verdicts.ledger = verdict;
      const sum = (field: "lost" | "changed" | "unexpected" | "inDoubt" | "keys") => verdict.tables.reduce((total, table) => total + table[field], 0);
      const [lost, changed, inDoubt] = [sum("lost"), sum("changed"), sum("inDoubt")];
      // The report's ledger totals (its samples are per table, recorded as findings below).
      const totals = { ok: verdict.ok, acknowledged: verdict.acknowledged, keys: sum("keys"), lost, changed, unexpected: sum("unexpected"), inDoubt, samples: { lost: [], changed: [], unexpected: [] } };
      run.fake.record.ledgerVerdict(totals, writes, `${on} (${endpoint.node.name})`, run.definition.database);
      recordLedger(run, verdict, `${on} (${endpoint.node.name})`);
      const perTable = verdict.tables.map((table) => `${table.table}: ${table.acknowledged} acknowledged, ${table.lost} lost, ${table.changed} changed, ${table.unexpected} unexpected, ${table.inDoubt} in doubt`).join("; ");
      const excluded = verdict.excluded.map((each) => `${each.table} not ledgered (${each.reason})`).join("; ");
      checks.push(check(`no acknowledged write lost or changed (verified on ${on})`, verdict.ok, `${verdict.acknowledged} acknowledged writes, ${lost} lost, ${changed} changed, ${inDoubt} in doubt; ${perTable}${excluded ? `; ${excluded}` : ""}`));
    } catch (error) {
      checks.push(check(`no acknowledged write lost or changed (verified on ${on})`, false, `could not verify: ${messageOf(error)}`));
    }
  }
  if (expect.maxWriteOutageSeconds !== undefined && writes) {
    const { longestMs, fromMs, toMs } = writes.unavailability;
    checks.push(check(`write outage at most ${expect.maxWriteOutageSeconds} s`, longestMs <= expect.maxWriteOutageSeconds * 1000, `longest stretch without an acknowledged write: ${(longestMs / 1000).toFixed(1)} s (${fromMs}-${toMs} ms into the workload); ${writes.failed} writes failed`));
  }
  for (const [pair, wantEqual] of [[expect.tablesEqual, true], [expect.tablesDiffer, false]] as const) {
    if (!pair) continue;
    const [left, right] = pair;
    const name = wantEqual ? `tables equal on ${left} and ${right}` : `tables differ between ${left} and ${right} (the change the rehearsal shows)`;
    try {
      const report = await compareEventually(run, left, right, model, wantEqual);
      verdicts.comparison = report;
      run.fake.record.consistency(report, left, right);
      const differing = [...report.tables.filter((table) => !table.equal).map((table) => `${table.schema}.${table.table} (${table.rowDifferences.changedRows} changed, ${table.rowDifferences.missingOnRight} missing, ${table.rowDifferences.extraOnRight} extra)`), ...report.tablesOnlyOnLeft.map((t) => `${t.table} only on ${left}`), ...report.tablesOnlyOnRight.map((t) => `${t.table} only on ${right}`)];
      checks.push(check(name, report.equal === wantEqual, report.equal ? `${report.tables.length} tables equal` : `differ: ${differing.join(", ")}`));
    } catch (error) {
      checks.push(check(name, false, `could not compare: ${messageOf(error)}`));
    }
  }
  return verdicts;
}

/** Replication may still be applying the last writes: a few tries, a couple of seconds apart, before a difference counts. */
async function compareEventually(run: RehearsalRun, left: string, right: string, model: SchemaModel, wantEqual: boolean): Promise<ConsistencyReport> {
  const tables = model.tables.map((table) => ({ schema: model.schema, table: table.table }));
  // When one side replicates from the other, what is still in flight is not a difference: let it land first.
  const [a, b] = [resolveEndpoint(run, left).node, resolveEndpoint(run, right).node];
  await waitForCatchUp(b, a, 30_000).catch(() => waitForCatchUp(a, b, 30_000)).catch(() => undefined);
  let report: ConsistencyReport | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (attempt > 0) await sleep(2000);
    report = await compareServers(resolveEndpoint(run, left).node, resolveEndpoint(run, right).node, { tables });
    // Only equality can be waited for: a difference that replication will close is not one yet.
    if (report.equal || !wantEqual) break;
  }
  return report!;
}

function recordLedger(run: RehearsalRun, verdict: RowLedgerVerdict, verifiedOn: string): void {
  for (const table of verdict.tables) {
    for (const sample of table.samples.lost) run.fake.record.finding({ subject: table.table, kind: "lost-write", key: JSON.stringify(sample.key), expected: JSON.stringify(sample.expected), actual: "(none)", detail: `acknowledged, then missing on ${verifiedOn}` });
    for (const sample of table.samples.changed) run.fake.record.finding({ subject: table.table, kind: "changed-write", key: JSON.stringify(sample.key), column: sample.columns.join(", "), expected: JSON.stringify(sample.expected), actual: JSON.stringify(sample.actual), detail: `acknowledged with one value, found with another on ${verifiedOn}` });
  }
}

function tail(step: StepResult): string {
  const parts: string[] = [];
  if (step.lastLines?.length) parts.push(`; last output: ${step.lastLines.slice(-5).join(" / ")}`);
  if (step.states?.length) parts.push(`; servers: ${step.states.map((state) => `${state.serves} ${state.readOnly}, ${state.replication}`).join(" | ")}`);
  return parts.join("");
}
