import type { ScenarioCheck } from "../scenario/scenario-outcome.ts";
import type { RehearsalReport, ScenarioReport } from "./rehearsal-report.ts";

/**
 * What every report format says the same way: the verdict, a scenario's status, its key figures, the
 * engine line. One wording across junit.xml, summary.md and report.html, so a CI log, a step summary
 * and a page never disagree about a run.
 */

export interface Verdict {
  passed: boolean;
  reached: number;
  total: number;
  failed: number;
  /** Scenarios that do not apply to the engine that ran: neither passed nor failed. */
  notApplicable: number;
  /** "9/9 scenarios reached their declared outcome", "2 of 9 scenarios failed". */
  text: string;
}

export function verdictOf(report: RehearsalReport): Verdict {
  const total = report.scenarios.length;
  const reached = report.scenarios.filter((scenario) => scenario.reached).length;
  const notApplicable = report.scenarios.filter((scenario) => scenario.notApplicable !== undefined).length;
  const failed = total - reached - notApplicable;
  const ran = total - notApplicable;
  // A run that ran nothing proved nothing: it must not read as a pass.
  // A soak's report lists runs (each scenario many times), and says so.
  const noun = report.soak ? "run" : "scenario";
  if (ran === 0) return { passed: false, reached, total, failed, notApplicable, text: total === 0 ? `no ${noun} ran` : `no ${noun} ran: ${total} not applicable to this engine` };
  const na = notApplicable ? `, ${notApplicable} not applicable to this engine` : "";
  const text = failed === 0 ? `${reached}/${ran} ${noun}s reached their declared outcome${na}` : `${failed} of ${ran} ${noun}${ran === 1 ? "" : "s"} failed${na}`;
  return { passed: failed === 0, reached, total, failed, notApplicable, text };
}

export type ScenarioStatus = "passed" | "failed" | "error" | "not-applicable";

/** "error" when the scenario could not run to its end, "failed" when it ran and missed its outcome, "not-applicable" when it does not apply to the engine. */
export function statusOf(scenario: ScenarioReport): ScenarioStatus {
  if (scenario.reached) return "passed";
  if (scenario.notApplicable !== undefined) return "not-applicable";
  return scenario.error ? "error" : "failed";
}

export function failedChecksOf(scenario: ScenarioReport): ScenarioCheck[] {
  return scenario.checks.filter((item) => !item.passed);
}

/** True for a scenario that ran and missed its outcome (or could not run to its end). */
export function isFailure(scenario: ScenarioReport): boolean {
  return !scenario.reached && scenario.notApplicable === undefined;
}

/** Failed scenarios first (a reader looks for what went wrong), otherwise in run order; not applicable ones last. */
export function failedFirst(report: RehearsalReport): ScenarioReport[] {
  const { scenarios } = report;
  return [...scenarios.filter(isFailure), ...scenarios.filter((scenario) => scenario.reached), ...scenarios.filter((scenario) => scenario.notApplicable !== undefined)];
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "?";
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, "0")} s`;
}

/** The figures a reader compares across scenarios; null where the scenario did not measure it. */
export interface KeyFigures {
  acknowledged: number | null;
  failedWrites: number | null;
  lost: number | null;
  changed: number | null;
  downtimeMs: number | null;
  findings: number;
}

export function keyFiguresOf(scenario: ScenarioReport): KeyFigures {
  return {
    acknowledged: scenario.ledger?.acknowledged ?? null,
    failedWrites: scenario.ledger?.failed ?? null,
    lost: scenario.ledger?.lost ?? null,
    changed: scenario.ledger?.changed ?? null,
    downtimeMs: scenario.timeline.downtime?.longestMs ?? null,
    findings: scenario.findings.length,
  };
}

/** What happened, in one line: the error's first line, the first failed check, or the recorded outcome. */
export function whyOf(scenario: ScenarioReport): string {
  if (scenario.reached || scenario.notApplicable !== undefined) return scenario.actualOutcome;
  if (scenario.error) return `error: ${firstLine(scenario.error)}`;
  const failed = failedChecksOf(scenario)[0];
  return failed ? `${failed.name}: ${firstLine(failed.detail)}` : scenario.actualOutcome;
}

/** Cut to max characters with an ellipsis: a table cell says what happened, the section below says it all. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? "";
}

/** "MySQL 9.7.4-2, dialect mysql-8.4+, image bgh/warm:..., requested mysql:8.0". */
export function engineLineOf(engine: RehearsalReport["engine"]): string {
  return `${flavorName(engine.flavor)} ${engine.version}, dialect ${engine.dialect}, image ${engine.image}, requested ${engine.requested}`;
}

function flavorName(flavor: string): string {
  if (flavor.toLowerCase() === "mysql") return "MySQL";
  if (flavor.toLowerCase() === "mariadb") return "MariaDB";
  return flavor;
}

/** Where a scenario's time went, on one line: "server starts 4.1 s (3) · copies 2.0 s (1) · ...". */
export function profileLineOf(scenario: Pick<ScenarioReport, "profile" | "durationMs">): string {
  if (!scenario.profile?.length) return "no timed work recorded";
  return scenario.profile.map((entry) => `${entry.kind} ${formatDuration(entry.ms)} (${entry.count})`).join(" · ");
}

/** Whether a run agreed with bgh plan's prediction of one hazard: "no" is the case a reader must see. */
export type PredictionAgreement = "yes" | "no" | "not exercised" | "advice";

/** One row of "prediction beside what was observed", from a finding of kind "prediction". */
export interface PredictionRow {
  hazard: string;
  /** The tables and columns the hazard names ("" when none). */
  where: string;
  predicted: string;
  observed: string;
  verdict: string;
  agrees: PredictionAgreement;
}

/**
 * The prediction beside what the run observed, one row per hazard (recorded as findings of kind
 * "prediction": expected = predicted, actual = observed, detail = the verdict). Disagreements first.
 */
export function predictionsOf(scenario: Pick<ScenarioReport, "findings">): PredictionRow[] {
  const rows = scenario.findings
    .filter((finding) => finding.kind === "prediction")
    .map((finding): PredictionRow => ({
      hazard: finding.subject,
      where: finding.column ?? "",
      predicted: finding.expected ?? "",
      observed: finding.actual ?? "",
      verdict: finding.detail,
      agrees: agreementOf(finding.detail),
    }));
  const order: PredictionAgreement[] = ["no", "yes", "not exercised", "advice"];
  return rows.sort((a, b) => order.indexOf(a.agrees) - order.indexOf(b.agrees));
}

function agreementOf(verdict: string): PredictionAgreement {
  if (verdict === "confirmed") return "yes";
  if (verdict === "not exercised") return "not exercised";
  if (verdict === "advice") return "advice";
  // "predicted, not observed", "observed, not predicted" and anything unknown: a disagreement, said plainly.
  return "no";
}

/** "prediction and run disagree on 1 of 3 hazards: back-stops:t.c (back) (predicted, not observed)", or that they agree. */
export function predictionLineOf(rows: PredictionRow[]): string {
  const disagreeing = rows.filter((row) => row.agrees === "no");
  const judged = rows.filter((row) => row.agrees === "yes" || row.agrees === "no").length;
  if (disagreeing.length) return `prediction and run DISAGREE on ${disagreeing.length} of ${judged} exercised hazard${judged === 1 ? "" : "s"}: ${disagreeing.map((row) => `${row.hazard} (${row.verdict})`).join("; ")}`;
  if (judged) return `prediction and run agree: ${judged} exercised hazard${judged === 1 ? "" : "s"} confirmed`;
  return `nothing predicted was exercised by this run (${rows.length} hazard${rows.length === 1 ? "" : "s"} predicted)`;
}
