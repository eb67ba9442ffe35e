import type { ConsistencyReport } from "../checks/check-report.ts";
import type { TableComparison } from "../checks/row-comparison.ts";
import { messageOf } from "../errors/harness-error.ts";
import type { StartedMysqlNode } from "../node/started-mysql-node.ts";
import { readReplicationStatus } from "../replication/replication-status.ts";
import type { Finding, GuardrailResult, LedgerTotals, ScenarioTimeline } from "../report/rehearsal-report.ts";
import { withTimeout } from "../wait/wait-until.ts";
import type { LedgerWorkloadResult } from "../workload/ledger-workload.ts";
import type { LedgerVerdict } from "../workload/write-ledger.ts";

/** A replica the lag sampler reads, under the name a person knows it by. */
export interface ObservedReplica {
  name: string;
  node: StartedMysqlNode;
}

/** What a scenario recorded for its report, besides its checks and figures. */
export interface ScenarioRecording {
  timeline: ScenarioTimeline;
  findings: Finding[];
  ledger?: LedgerTotals;
  guardrails: GuardrailResult[];
  events: Array<{ atMs: number; source: string; message: string }>;
}

const LAG_INTERVAL_MS = 1000;
/** A paused or unreachable server must not stall the sampler: one status read gets this long. */
const LAG_READ_TIMEOUT_MS = 2000;

/**
 * Collects what a scenario's report shows over time: phases, marks (faults, guardrail verdicts), the
 * application's writes per second, each replica's lag, the downtime window, and the checkers'
 * findings. Times are milliseconds since the scenario started. Recording never fails a scenario: a
 * replica that cannot be read is recorded as such.
 */
export class ScenarioRecorder {
  private readonly started = performance.now();
  private readonly timeline: ScenarioTimeline = { phases: [], marks: [], writes: [], lag: [] };
  private readonly findings: Finding[] = [];
  private readonly guardrails: GuardrailResult[] = [];
  private readonly events: ScenarioRecording["events"] = [];
  private ledger?: LedgerTotals;
  private readonly samplers = new Set<() => Promise<void>>();
  private readonly openPhases: string[] = [];
  private openStep?: ScenarioTimeline["phases"][number];
  /** Series are kept per server, named as the server was first seen: renames (switchover) must not splice two servers' lag into one line. */
  private readonly lagSeries = new Map<StartedMysqlNode, ScenarioTimeline["lag"][number]>();

  /** Milliseconds since the scenario started. */
  now(): number {
    return Math.round(performance.now() - this.started);
  }

  /** Runs one phase of the scenario (e.g. "switchover", "rollback") and records when it ran, even if it throws. */
  async phase<T>(name: string, work: () => Promise<T>): Promise<T> {
    // Listed when it starts, so phases stay in start order (outer before inner) whatever the clock's resolution.
    const entry = { name, startMs: this.now(), endMs: this.now() };
    this.timeline.phases.push(entry);
    this.openPhases.push(name);
    try {
      return await work();
    } finally {
      this.openPhases.splice(this.openPhases.lastIndexOf(name), 1);
      entry.endMs = this.now();
    }
  }

  /**
   * Starts the next of a scenario's sequential steps ("case 2: ALL_LOSSY", "strategy 3"), ending the step
   * before it: a phase for code that reads as a sequence rather than as nested work. finish() ends the last.
   */
  step(name: string): void {
    this.endStep();
    const entry = { name, startMs: this.now(), endMs: this.now() };
    this.timeline.phases.push(entry);
    this.openStep = entry;
    this.openPhases.push(name);
  }

  private endStep(): void {
    if (!this.openStep) return;
    this.openStep.endMs = this.now();
    this.openPhases.splice(this.openPhases.lastIndexOf(this.openStep.name), 1);
    this.openStep = undefined;
  }

  /** The innermost phase running now, for live progress. */
  currentPhase(): string | undefined {
    return this.openPhases.at(-1);
  }

  mark(kind: ScenarioTimeline["marks"][number]["kind"], label: string, detail?: string): void {
    this.timeline.marks.push({ atMs: this.now(), kind, label, ...(detail === undefined ? {} : { detail }) });
  }

  /** One guardrail's verdict; the chart gets one marker per evaluation (see guardrailsEvaluated), not one per check. */
  guardrail(name: string, passed: boolean, detail: string): void {
    this.guardrails.push({ atMs: this.now(), name, passed, detail });
  }

  /** A whole evaluation of the switchover guardrails: every verdict recorded, one marker on the chart. */
  guardrailsEvaluated(results: ReadonlyArray<{ name: string; passed: boolean; detail: string }>): void {
    for (const result of results) this.guardrail(result.name, result.passed, result.detail);
    const refused = results.filter((result) => !result.passed);
    if (refused.length === 0) this.mark("guardrail", `guardrails passed (${results.length})`);
    else this.mark("guardrail", `refused by: ${refused.map((result) => result.name).join(", ")}`, refused.map((result) => result.detail).join("; "));
  }

  event(source: string, message: string): void {
    this.events.push({ atMs: this.now(), source, message });
  }

  /** The application's writes per second and its longest outage, placed on the scenario's clock. */
  workload(result: Pick<LedgerWorkloadResult, "timeline" | "unavailability" | "startedAt">): void {
    const offset = Math.round(result.startedAt - this.started);
    for (const second of result.timeline) this.timeline.writes.push({ atMs: offset + second.second * 1000, acknowledged: second.acknowledged, failed: second.failed });
    this.timeline.writes.sort((a, b) => a.atMs - b.atMs);
    const { longestMs, fromMs, toMs } = result.unavailability;
    if (longestMs > 0) this.timeline.downtime = { fromMs: offset + fromMs, toMs: offset + toMs, longestMs };
  }

  /** The ledger's verdict on the final primary: lost and changed acknowledged writes become findings. */
  ledgerVerdict(verdict: LedgerVerdict, result: Pick<LedgerWorkloadResult, "failed">, verifiedOn: string, subject: string): void {
    this.ledger = { acknowledged: verdict.acknowledged, failed: result.failed, lost: verdict.lost, changed: verdict.changed, unexpected: verdict.unexpected, inDoubt: verdict.inDoubt, verifiedOn };
    for (const sample of verdict.samples.lost) this.findings.push({ subject, kind: "lost-write", key: sample.key, expected: show(sample.expected), actual: show(sample.actual), detail: "acknowledged, then missing on the final primary" });
    for (const sample of verdict.samples.changed) this.findings.push({ subject, kind: "changed-write", key: sample.key, expected: show(sample.expected), actual: show(sample.actual), detail: "acknowledged with one value, found with another" });
  }

  /** A row comparison's differences (its samples carry key and both values). */
  comparison(comparison: TableComparison, leftName: string, rightName: string): void {
    for (const sample of comparison.samples) {
      if ("column" in sample) {
        this.findings.push({ subject: comparison.table, kind: "changed", key: String(sample.key), column: sample.column, expected: show(sample.left), actual: show(sample.right), detail: `${leftName} has ${show(sample.left)}, ${rightName} has ${show(sample.right)}` });
      } else {
        this.findings.push({ subject: comparison.table, kind: sample.side === "left-only" ? "missing" : "extra", key: String(sample.key), detail: `only on ${sample.side === "left-only" ? leftName : rightName}` });
      }
    }
    this.unsampled(comparison.table, comparison, comparison.samples.length);
  }

  /** A consistency check's differences: schema differences and sampled rows, per table. */
  consistency(report: ConsistencyReport, leftName: string, rightName: string): void {
    for (const table of report.tables) {
      const subject = `${table.schema}.${table.table}`;
      for (const difference of table.schemaDifferences) {
        this.findings.push({ subject, kind: "schema", column: difference.column, expected: show(difference.left), actual: show(difference.right), detail: `${difference.kind}: ${leftName} ${show(difference.left)}, ${rightName} ${show(difference.right)}` });
      }
      for (const sample of table.rowDifferences.samples) {
        const key = JSON.stringify(sample.key);
        if (sample.kind === "changed") {
          for (const column of sample.columns) this.findings.push({ subject, kind: "changed", key, column: column.column, expected: show(column.left), actual: show(column.right), detail: `${leftName} has ${show(column.left)}, ${rightName} has ${show(column.right)}` });
        } else {
          this.findings.push({ subject, kind: sample.kind === "missing-on-right" ? "missing" : "extra", key, detail: `only on ${sample.kind === "missing-on-right" ? leftName : rightName}` });
        }
      }
      this.unsampled(subject, table.rowDifferences, table.rowDifferences.samples.length);
    }
    for (const table of report.tablesOnlyOnLeft) this.findings.push({ subject: `${table.schema}.${table.table}`, kind: "missing", detail: `table only on ${leftName}` });
    for (const table of report.tablesOnlyOnRight) this.findings.push({ subject: `${table.schema}.${table.table}`, kind: "extra", detail: `table only on ${rightName}` });
  }

  /** One finding for the differing rows beyond the samples, so a reader sees how many there were. */
  private unsampled(subject: string, rows: { changedRows: number; missingOnRight: number; extraOnRight: number }, shown: number): void {
    const total = rows.changedRows + rows.missingOnRight + rows.extraOnRight;
    if (total > shown) this.findings.push({ subject, kind: "changed", detail: `${total - shown} more differing rows not sampled (${rows.changedRows} changed, ${rows.missingOnRight} missing, ${rows.extraOnRight} extra)` });
  }

  finding(finding: Finding): void {
    this.findings.push(finding);
  }

  /**
   * Samples the replication lag of whatever `replicas()` returns, once a second, until the returned stop
   * function (or the end of the scenario) is called. The list is read at every sample, so replicas that
   * appear later (green) or are renamed show up.
   */
  sampleLag(replicas: () => ObservedReplica[]): () => Promise<void> {
    let running = true;
    // Stopping cuts the pause between samples short: the scenario's end must not wait out the interval.
    let wake: () => void = () => undefined;
    const loop = (async () => {
      while (running) {
        const at = this.now();
        await Promise.all(replicas().map((replica) => this.sampleOne(replica, at)));
        if (!running) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, LAG_INTERVAL_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    })();
    const stop = async () => {
      running = false;
      wake();
      this.samplers.delete(stop);
      await loop;
    };
    this.samplers.add(stop);
    return stop;
  }

  private async sampleOne(replica: ObservedReplica, atMs: number): Promise<void> {
    let series = this.lagSeries.get(replica.node);
    try {
      const status = await withTimeout(`the replication status of ${replica.name}`, LAG_READ_TIMEOUT_MS, readReplicationStatus(replica.node, replica.node.dialect));
      if (!status.configured) return;
      series ??= this.addSeries(replica);
      const state = status.sqlError ? `applier stopped: ${status.sqlError.code}` : status.ioError && status.ioThread !== "running" ? `receiver ${status.ioThread}: ${status.ioError.code}` : `IO ${status.ioThread}, SQL ${status.sqlThread}`;
      series.samples.push({ atMs, seconds: status.secondsBehindSource, state });
    } catch (error) {
      if (series) series.samples.push({ atMs, seconds: null, state: `unreadable: ${messageOf(error).split("\n")[0]}` });
    }
  }

  private addSeries(replica: ObservedReplica): ScenarioTimeline["lag"][number] {
    const series = { replica: replica.name, samples: [] };
    this.lagSeries.set(replica.node, series);
    this.timeline.lag.push(series);
    return series;
  }

  /** Stops every sampler still running and hands over what was recorded. */
  async finish(): Promise<ScenarioRecording> {
    this.endStep();
    await Promise.all([...this.samplers].map((stop) => stop()));
    return {
      timeline: this.timeline,
      findings: this.findings,
      ...(this.ledger ? { ledger: this.ledger } : {}),
      guardrails: this.guardrails,
      events: this.events,
    };
  }
}

function show(value: unknown): string {
  return value === null || value === undefined ? "(none)" : String(value);
}
