import type { RehearsalReport, ScenarioReport } from "./rehearsal-report.ts";
import { engineLineOf, failedChecksOf, formatDuration, isFailure, keyFiguresOf, predictionLineOf, predictionsOf, profileLineOf, shorten, statusOf, verdictOf, whyOf, type PredictionAgreement } from "./report-facts.ts";
import { scrubStrings } from "./scrub-secrets.ts";
import { soakMarkdown } from "./soak-render.ts";

/** Failed checks past this many are counted, not listed: a step summary is read at a glance. */
const CHECKS_LISTED = 10;

/**
 * summary.md, also appended to GitHub's step summary: the verdict on the first line, the engine, one
 * table row per scenario with its key figures, then for each failed scenario what failed and the
 * command that reproduces it.
 */
export function renderSummaryMarkdown(input: RehearsalReport): string {
  const report = scrubStrings(input);
  const verdict = verdictOf(report);
  const lines = [`## ${verdict.passed ? "✅" : "❌"} ${escapeMarkdown(verdict.text)}`, ""];
  lines.push(`**Engine:** ${escapeMarkdown(engineLineOf(report.engine))}`);
  if (report.engine.substitution) {
    lines.push("", `> ⚠️ **Engine substituted:** ${escapeMarkdown(report.engine.substitution)}. Results hold for the engine that ran, not for ${code(report.engine.requested)}.`);
  }
  lines.push("", `Run ${code(report.runId)} · seed ${report.seed} · started ${escapeMarkdown(report.startedAt)}`, "");
  if (report.soak) lines.push(...soakMarkdown(report.soak, escapeMarkdown), "", "### Every run", "");
  lines.push("| status | scenario | duration | acknowledged writes | lost | changed | downtime | outcome |", "|---|---|---|---:|---:|---:|---:|---|");
  for (const scenario of report.scenarios) lines.push(tableRow(scenario));
  lines.push("", "<details><summary>Where the time went</summary>", "");
  for (const scenario of report.scenarios) lines.push(`- ${code(scenario.id)} ${formatDuration(scenario.durationMs)}: ${escapeMarkdown(profileLineOf(scenario))}`);
  lines.push("", "</details>");
  for (const scenario of report.scenarios) lines.push(...predictionSection(scenario));
  for (const scenario of report.scenarios.filter(isFailure)) lines.push("", ...failureSection(scenario));
  if (!verdict.passed && report.reproduce) lines.push("", "Reproduce the whole run:", "", ...codeBlock(report.reproduce, "sh"));
  return `${lines.join("\n")}\n`;
}

function tableRow(scenario: ScenarioReport): string {
  const figures = keyFiguresOf(scenario);
  const status = { passed: "✅ pass", failed: "❌ FAIL", error: "💥 ERROR", "not-applicable": "➖ n/a" }[statusOf(scenario)];
  const count = (value: number | null, alarming: boolean) => (value === null ? "—" : alarming && value > 0 ? `**${value}**` : String(value));
  const cells = [
    status,
    code(scenario.id),
    formatDuration(scenario.durationMs),
    count(figures.acknowledged, false),
    count(figures.lost, true),
    count(figures.changed, true),
    figures.downtimeMs === null ? "—" : formatDuration(figures.downtimeMs),
    cell(shorten(whyOf(scenario), 160)),
  ];
  return `| ${cells.join(" | ")} |`;
}

const AGREEMENT_CELL: Record<PredictionAgreement, string> = { no: "❌ **no**", yes: "✅ yes", "not exercised": "➖ not exercised", advice: "ℹ️ advice" };

/** bgh plan's prediction beside what the run observed, one row per hazard, disagreements first and said plainly. */
function predictionSection(scenario: ScenarioReport): string[] {
  const rows = predictionsOf(scenario);
  if (!rows.length) return [];
  const disagree = rows.some((row) => row.agrees === "no");
  const lines = ["", `### Prediction beside what was observed: ${code(scenario.id)}`, "", `${disagree ? "⚠️ " : ""}${escapeMarkdown(predictionLineOf(rows))}`, ""];
  lines.push("| hazard | tables/columns | predicted | observed | agree? |", "|---|---|---|---|---|");
  for (const row of rows) lines.push(`| ${[code(row.hazard), cell(row.where || "—"), cell(shorten(row.predicted, 160)), cell(shorten(row.observed, 120)), AGREEMENT_CELL[row.agrees]].join(" | ")} |`);
  return lines;
}

function failureSection(scenario: ScenarioReport): string[] {
  const lines = [`### ${statusOf(scenario) === "error" ? "💥" : "❌"} ${code(scenario.id)}: ${escapeMarkdown(scenario.title)}`, ""];
  lines.push(`**Declared outcome:** ${escapeMarkdown(scenario.declaredOutcome)}  `, `**Actual outcome:** ${escapeMarkdown(scenario.actualOutcome)}`);
  const failed = failedChecksOf(scenario);
  if (failed.length) {
    lines.push("", "Failed checks:", "");
    for (const item of failed.slice(0, CHECKS_LISTED)) lines.push(`- **${escapeMarkdown(item.name)}**: ${escapeMarkdown(item.detail).replace(/\n/g, "<br>")}`);
    if (failed.length > CHECKS_LISTED) lines.push(`- … and ${failed.length - CHECKS_LISTED} more (see report.html)`);
  }
  if (scenario.ledger && (scenario.ledger.lost > 0 || scenario.ledger.changed > 0)) {
    const ledger = scenario.ledger;
    lines.push("", `Ledger on ${escapeMarkdown(ledger.verifiedOn)}: **${ledger.lost} lost**, **${ledger.changed} changed** of ${ledger.acknowledged} acknowledged writes.`);
  }
  if (scenario.error) lines.push("", "Error:", "", ...codeBlock(scenario.error, "text"));
  lines.push("", "Reproduce:", "", ...codeBlock(scenario.reproduce, "sh"));
  return lines;
}

/** Inline text: nothing in it may become markup, a link, a table column or HTML. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]|~])/g, "\\$1");
}

/** A table cell: escaped, and on one line (a newline would end the table row). */
function cell(text: string): string {
  return escapeMarkdown(text).replace(/\r?\n/g, "<br>");
}

/** An inline code span whose fence is longer than any backtick run inside it. */
function code(text: string): string {
  const fence = "`".repeat(longestRun(text, "`") + 1);
  const padded = text.startsWith("`") || text.endsWith("`") ? ` ${text} ` : text;
  // Inside a table a pipe ends the cell even in a code span; GitHub accepts the escaped form there.
  return `${fence}${padded.replace(/\|/g, "\\|").replace(/\r?\n/g, " ")}${fence}`;
}

function codeBlock(text: string, language: string): string[] {
  const fence = "`".repeat(Math.max(3, longestRun(text, "`") + 1));
  return [`${fence}${language}`, ...text.split(/\r?\n/), fence];
}

function longestRun(text: string, character: string): number {
  let longest = 0;
  let current = 0;
  for (const item of text) {
    current = item === character ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}
