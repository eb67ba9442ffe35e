import { escapeAttribute, escapeText } from "./markup-escape.ts";
import type { RehearsalReport, ScenarioReport } from "./rehearsal-report.ts";
import { engineLineOf, failedChecksOf, firstLine, predictionLineOf, predictionsOf, statusOf } from "./report-facts.ts";
import { scrubStrings } from "./scrub-secrets.ts";

/** Findings past this many are counted, not listed: the failure text is read in a CI log pane. */
const FINDINGS_IN_FAILURE = 20;

/**
 * junit.xml: one testcase per scenario, so CI systems show a rehearsal as tests. A scenario that missed
 * its declared outcome is a <failure> whose message names the failed checks and the command that
 * reproduces it; one that threw is an <error>. Engine and seed are suite properties, so a CI run's
 * test history says what ran.
 */
export function renderJunitXml(input: RehearsalReport): string {
  const report = scrubStrings(input);
  const failures = report.scenarios.filter((scenario) => statusOf(scenario) === "failed").length;
  const errors = report.scenarios.filter((scenario) => statusOf(scenario) === "error").length;
  const skipped = report.scenarios.filter((scenario) => statusOf(scenario) === "not-applicable").length;
  const tests = report.scenarios.length;
  const time = seconds(report.scenarios.reduce((sum, scenario) => sum + scenario.durationMs, 0));
  const counts = `tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time}"`;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="bgh rehearse" ${counts}>`,
    `  <testsuite name="bgh rehearse ${escapeAttribute(report.runId)}" ${counts} timestamp="${escapeAttribute(report.startedAt)}">`,
    `    <properties>`,
    ...properties(report).map(([name, value]) => `      <property name="${escapeAttribute(name)}" value="${escapeAttribute(value)}"/>`),
    `    </properties>`,
    ...report.scenarios.map(testcase),
    `  </testsuite>`,
    `</testsuites>`,
    ``,
  ].join("\n");
}

function properties(report: RehearsalReport): Array<[string, string]> {
  const entries: Array<[string, string]> = [
    ["run.id", report.runId],
    ["engine", engineLineOf(report.engine)],
    ["engine.flavor", report.engine.flavor],
    ["engine.version", report.engine.version],
    ["engine.image", report.engine.image],
    ["engine.requested", report.engine.requested],
  ];
  if (report.engine.substitution) entries.push(["engine.substitution", report.engine.substitution]);
  entries.push(["seed", String(report.seed)], ["reproduce", report.reproduce], ["tool", `${report.tool.name} ${report.tool.version}`]);
  return entries;
}

function testcase(scenario: ScenarioReport): string {
  const open = `    <testcase classname="bgh.rehearse" name="${escapeAttribute(scenario.id)}" time="${seconds(scenario.durationMs)}">`;
  const out = `      <system-out>${escapeText(checkLines(scenario).join("\n"))}</system-out>`;
  const props = predictionProperties(scenario);
  const status = statusOf(scenario);
  if (status === "passed") return [open, ...props, out, `    </testcase>`].join("\n");
  if (status === "not-applicable") return [open, `      <skipped message="${escapeAttribute(`not applicable: ${scenario.notApplicable}`)}"/>`, `    </testcase>`].join("\n");
  const element = status === "error" ? "error" : "failure";
  const type = status === "error" ? "scenario error" : "declared outcome not reached";
  const verdict = `      <${element} message="${escapeAttribute(failureMessage(scenario))}" type="${type}">${escapeText(failureText(scenario))}</${element}>`;
  return [open, ...props, verdict, out, `    </testcase>`].join("\n");
}

/**
 * The prediction's agreement with the run as testcase properties (GitLab, Jenkins' JUnit plugin and
 * Gradle-style readers show them): the count of disagreements and the plain sentence naming them.
 */
function predictionProperties(scenario: ScenarioReport): string[] {
  const rows = predictionsOf(scenario);
  if (!rows.length) return [];
  const entries: Array<[string, string]> = [
    ["prediction", predictionLineOf(rows)],
    ["prediction.disagreements", String(rows.filter((row) => row.agrees === "no").length)],
    ["prediction.confirmed", String(rows.filter((row) => row.agrees === "yes").length)],
  ];
  return [`      <properties>`, ...entries.map(([name, value]) => `        <property name="${escapeAttribute(name)}" value="${escapeAttribute(value)}"/>`), `      </properties>`];
}

/** The prediction table as text lines for system-out and a failure's body; disagreements marked DISAGREES. */
function predictionLines(scenario: ScenarioReport): string[] {
  const rows = predictionsOf(scenario);
  if (!rows.length) return [];
  const mark = { no: "DISAGREES", yes: "agrees   ", "not exercised": "not run  ", advice: "advice   " } as const;
  return [
    `Prediction beside what was observed: ${predictionLineOf(rows)}`,
    ...rows.map((row) => `  ${mark[row.agrees]} ${row.hazard}${row.where ? ` [${row.where}]` : ""}: predicted ${row.predicted}; observed ${row.observed} (${row.verdict})`),
  ];
}

/** What a CI pane shows first: why it failed (failed checks or the error) and how to reproduce it. */
function failureMessage(scenario: ScenarioReport): string {
  const failed = failedChecksOf(scenario);
  const why = scenario.error
    ? [`${scenario.id} could not run to its end: ${firstLine(scenario.error)}`]
    : failed.length
      ? [`${scenario.id} did not reach its declared outcome; failed check${failed.length === 1 ? "" : "s"}:`, ...failed.map((item) => `- ${item.name}: ${item.detail}`)]
      : [`${scenario.id} did not reach its declared outcome: ${scenario.actualOutcome}`];
  return [...why, `Reproduce: ${scenario.reproduce}`].join("\n");
}

function failureText(scenario: ScenarioReport): string {
  const lines = [`Declared outcome: ${scenario.declaredOutcome}`, `Actual outcome: ${scenario.actualOutcome}`];
  if (scenario.error) lines.push("", "Error:", scenario.error);
  const failed = failedChecksOf(scenario);
  if (failed.length) lines.push("", "Failed checks:", ...failed.map((item) => `  FAIL ${item.name}: ${item.detail}`));
  if (scenario.ledger) {
    const ledger = scenario.ledger;
    lines.push("", `Ledger (verified on ${ledger.verifiedOn}): ${ledger.acknowledged} acknowledged, ${ledger.lost} lost, ${ledger.changed} changed, ${ledger.unexpected} unexpected, ${ledger.inDoubt} in doubt, ${ledger.failed} failed`);
  }
  const predictions = predictionLines(scenario);
  if (predictions.length) lines.push("", ...predictions);
  if (scenario.findings.length) {
    lines.push("", `Findings (${scenario.findings.length}):`);
    for (const finding of scenario.findings.slice(0, FINDINGS_IN_FAILURE)) {
      const where = [finding.key === undefined ? "" : `key ${finding.key}`, finding.column === undefined ? "" : `column ${finding.column}`].filter(Boolean).join(", ");
      const values = finding.expected !== undefined || finding.actual !== undefined ? ` expected ${finding.expected ?? "(none)"}, actual ${finding.actual ?? "(none)"}` : "";
      lines.push(`  ${finding.kind} ${finding.subject}${where ? ` (${where})` : ""}:${values}${values ? "; " : " "}${finding.detail}`);
    }
    if (scenario.findings.length > FINDINGS_IN_FAILURE) lines.push(`  ... and ${scenario.findings.length - FINDINGS_IN_FAILURE} more in report.json`);
  }
  lines.push("", "Reproduce:", `  ${scenario.reproduce}`);
  return lines.join("\n");
}

function checkLines(scenario: ScenarioReport): string[] {
  const lines = [`${scenario.title}`, `Declared outcome: ${scenario.declaredOutcome}`, `Seed: ${scenario.seed}`];
  for (const item of scenario.checks) lines.push(`${item.passed ? "ok  " : "FAIL"} ${item.name}: ${item.detail}`);
  const figures = Object.entries(scenario.figures);
  if (figures.length) lines.push(`Figures: ${figures.map(([name, value]) => `${name}=${value}`).join(", ")}`);
  lines.push(...predictionLines(scenario));
  return lines;
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}
