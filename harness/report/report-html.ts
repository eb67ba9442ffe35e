import { escapeAttribute, escapeText } from "./markup-escape.ts";
import type { Finding, RehearsalReport, ScenarioReport } from "./rehearsal-report.ts";
import { engineLineOf, failedFirst, formatDuration, keyFiguresOf, shorten, statusOf, verdictOf, whyOf } from "./report-facts.ts";
import { scrubStrings } from "./scrub-secrets.ts";
import { numberedMarks, renderTimelineChart } from "./timeline-chart.ts";
import { REPORT_STYLE } from "./report-style.ts";
import { soakHtml } from "./soak-render.ts";

/** Findings past this many are counted, not listed: the page must stay readable; report.json has them all. */
const FINDINGS_SHOWN = 50;

const STATUS_BADGE = { passed: "✓ PASS", failed: "✗ FAIL", error: "✗ ERROR", "not-applicable": "– N/A" } as const;

/**
 * report.html: one self-contained page (no script, no network: a CSP forbids both) for a person asking
 * "did the rollback procedure work, and if not, what happened?". The header's colour and words give
 * the verdict; failed scenarios come first, each with why, the command that reproduces it, its
 * timeline chart, checks and findings. Every piece of text is escaped: it comes from servers and
 * error messages, and a report is opened from CI artifacts.
 */
export function renderReportHtml(input: RehearsalReport): string {
  const report = scrubStrings(input);
  const verdict = verdictOf(report);
  const state = verdict.passed ? "pass" : "fail";
  return [
    `<!DOCTYPE html>`,
    `<html lang="en">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${verdict.passed ? "PASS" : "FAIL"}: ${escapeText(verdict.text)} (${escapeText(report.runId)})</title>`,
    `<style>${REPORT_STYLE}</style>`,
    `</head>`,
    `<body>`,
    `<header class="verdict verdict-${state}" data-verdict="${state}">`,
    `<p class="verdict-word">${verdict.passed ? "✓ PASS" : "✗ FAIL"}</p>`,
    `<h1 class="verdict-text">${escapeText(verdict.text)}</h1>`,
    `<p class="run">Run <code>${escapeText(report.runId)}</code> · started ${escapeText(report.startedAt)} · seed ${escapeText(String(report.seed))} · ${escapeText(report.tool.name)} ${escapeText(report.tool.version)}</p>`,
    `</header>`,
    `<main>`,
    engineSection(report),
    report.soak ? soakHtml(report.soak) : "",
    overview(report),
    ...failedFirst(report).map((scenario, index) => scenarioSection(scenario, index)),
    reproduceRun(report),
    `</main>`,
    `</body>`,
    `</html>`,
    ``,
  ].join("\n");
}

function engineSection(report: RehearsalReport): string {
  const lines = [`<section class="engine"><p><strong>Engine:</strong> ${escapeText(engineLineOf(report.engine))}</p>`];
  if (report.engine.substitution) {
    lines.push(
      `<p class="warning" role="note"><strong>⚠ Engine substituted:</strong> ${escapeText(report.engine.substitution)}. Results hold for the engine that ran, not for <code>${escapeText(report.engine.requested)}</code>.</p>`,
    );
  }
  lines.push(`</section>`);
  return lines.join("\n");
}

function overview(report: RehearsalReport): string {
  const rows = failedFirst(report).map((scenario) => {
    const status = statusOf(scenario);
    const figures = keyFiguresOf(scenario);
    const count = (value: number | null) => (value === null ? "—" : value > 0 ? `<strong class="bad">${value}</strong>` : "0");
    return [
      `<tr class="overview-row status-${status}" data-scenario-id="${escapeAttribute(scenario.id)}">`,
      `<td><span class="badge badge-${status}">${STATUS_BADGE[status]}</span></td>`,
      `<td class="scenario-id"><a href="#${anchor(scenario)}"><code>${escapeText(scenario.id)}</code></a></td>`,
      `<td class="number">${formatDuration(scenario.durationMs)}</td>`,
      `<td class="number">${figures.acknowledged ?? "—"}</td>`,
      `<td class="number">${count(figures.lost)}</td>`,
      `<td class="number">${count(figures.changed)}</td>`,
      `<td class="number">${figures.downtimeMs === null ? "—" : formatDuration(figures.downtimeMs)}</td>`,
      `<td>${escapeText(shorten(whyOf(scenario), 160))}</td>`,
      `</tr>`,
    ].join("");
  });
  return [
    `<section class="overview"><h2>Scenarios</h2>`,
    `<table class="overview-table"><thead><tr><th>status</th><th>scenario</th><th>duration</th><th>acknowledged writes</th><th>lost</th><th>changed</th><th>downtime</th><th>outcome</th></tr></thead>`,
    `<tbody>${rows.join("\n")}</tbody></table></section>`,
  ].join("\n");
}

function scenarioSection(scenario: ScenarioReport, index: number): string {
  const status = statusOf(scenario);
  const parts = [
    `<section class="scenario status-${status}" id="${anchor(scenario)}" data-scenario-id="${escapeAttribute(scenario.id)}" data-status="${status}">`,
    `<h2><span class="badge badge-${status}">${STATUS_BADGE[status]}</span> <code>${escapeText(scenario.id)}</code> <span class="title">${escapeText(scenario.title)}</span> <span class="duration">${formatDuration(scenario.durationMs)}</span></h2>`,
    `<dl class="outcome"><dt>Declared outcome</dt><dd>${escapeText(scenario.declaredOutcome)}</dd><dt>Actual outcome</dt><dd>${escapeText(scenario.actualOutcome)}</dd></dl>`,
  ];
  if (scenario.error) parts.push(`<div class="error"><h3>Error</h3><pre>${escapeText(scenario.error)}</pre></div>`);
  if (status === "not-applicable") return [...parts, `</section>`].join("\n");
  if (!scenario.reached) parts.push(reproduce(scenario.reproduce, "Reproduce"));
  parts.push(timeline(scenario, index), checks(scenario), findings(scenario.findings, scenario.error !== undefined), ledger(scenario), figures(scenario), timeProfile(scenario), guardrails(scenario), events(scenario));
  if (scenario.kept) parts.push(kept(scenario.kept));
  if (scenario.reached) parts.push(reproduce(scenario.reproduce, "Run again"));
  parts.push(`</section>`);
  return parts.join("\n");
}

function timeline(scenario: ScenarioReport, index: number): string {
  const chart = renderTimelineChart(scenario, `chart-${index}`);
  if (!chart) {
    return `<figure class="timeline timeline-empty"><p class="no-timeline">No timeline recorded: this scenario ran no workload, switchover or fault worth drawing.</p></figure>`;
  }
  const marks = numberedMarks(scenario.timeline);
  const list = marks.length
    ? `<ol class="marks">${marks
        .map((mark) => `<li class="mark-item mark-${escapeAttribute(mark.kind)}"><span class="time">${(mark.atMs / 1000).toFixed(1)} s</span> <span class="kind">${escapeText(mark.kind)}</span> ${escapeText(mark.label)}${mark.detail ? ` <span class="detail">${escapeText(mark.detail)}</span>` : ""}</li>`)
        .join("")}</ol>`
    : "";
  return `<figure class="timeline"><div class="chart">${chart}</div><figcaption>${list}</figcaption></figure>`;
}

function checks(scenario: ScenarioReport): string {
  if (!scenario.checks.length) return `<h3>Checks</h3><p class="none">No check ran.</p>`;
  const items = scenario.checks.map(
    (item) =>
      `<li class="check ${item.passed ? "check-ok" : "check-fail"}"><span class="check-status">${item.passed ? "ok" : "FAIL"}</span> <span class="check-name">${escapeText(item.name)}</span><span class="check-detail">${escapeText(item.detail)}</span></li>`,
  );
  return `<h3>Checks</h3><ul class="checks">${items.join("\n")}</ul>`;
}

function findings(list: Finding[], endedEarly: boolean): string {
  if (!list.length) {
    // An empty list after an error means the comparisons never ran, not that they found nothing.
    const none = endedEarly ? "No finding recorded: the scenario ended before its comparisons." : "The checkers found no difference.";
    return `<h3>Findings</h3><p class="none">${none}</p>`;
  }
  const cell = (value: string | undefined) => (value === undefined ? `<td class="absent">—</td>` : `<td class="value">${escapeText(value)}</td>`);
  const rows = list
    .slice(0, FINDINGS_SHOWN)
    .map((finding) => `<tr class="finding" data-kind="${escapeAttribute(finding.kind)}"><td>${escapeText(finding.subject)}</td><td class="kind">${escapeText(finding.kind)}</td>${cell(finding.key)}${cell(finding.column)}${cell(finding.expected)}${cell(finding.actual)}<td class="detail">${escapeText(finding.detail)}</td></tr>`);
  const more = list.length > FINDINGS_SHOWN ? `<p class="more">… and ${list.length - FINDINGS_SHOWN} more findings in report.json</p>` : "";
  return [
    `<h3>Findings (${list.length})</h3>`,
    `<div class="scroll"><table class="findings"><thead><tr><th>subject</th><th>kind</th><th>key</th><th>column</th><th>expected</th><th>actual</th><th>detail</th></tr></thead>`,
    `<tbody>${rows.join("\n")}</tbody></table></div>${more}`,
  ].join("\n");
}

function ledger(scenario: ScenarioReport): string {
  const totals = scenario.ledger;
  if (!totals) return "";
  const cell = (label: string, value: number, alarming: boolean) => `<tr><th>${label}</th><td class="number${alarming && value > 0 ? " bad" : ""}">${value}</td></tr>`;
  return [
    `<h3>Acknowledged writes, verified on ${escapeText(totals.verifiedOn)}</h3>`,
    `<table class="ledger">`,
    cell("acknowledged", totals.acknowledged, false),
    cell("failed (not acknowledged)", totals.failed, false),
    cell("lost", totals.lost, true),
    cell("changed", totals.changed, true),
    cell("unexpected", totals.unexpected, true),
    cell("in doubt", totals.inDoubt, false),
    `</table>`,
  ].join("");
}

function figures(scenario: ScenarioReport): string {
  const entries = Object.entries(scenario.figures);
  if (!entries.length) return "";
  const rows = entries.map(([name, value]) => `<tr><th>${escapeText(name)}</th><td>${escapeText(String(value))}</td></tr>`).join("");
  return `<details class="figures"><summary>Figures (${entries.length}) · seed ${escapeText(String(scenario.seed))}</summary><table>${rows}</table></details>`;
}

/** Where the time went: each phase's duration, and each kind of work's wall-clock time with its longest piece. */
function timeProfile(scenario: ScenarioReport): string {
  const phases = scenario.timeline.phases.map((phase) => `<tr><th>phase</th><td>${escapeText(phase.name)}</td><td class="number">${formatDuration(Math.max(0, phase.endMs - phase.startMs))}</td><td></td></tr>`);
  const kinds = (scenario.profile ?? []).map((entry) => `<tr><th>work</th><td>${escapeText(entry.kind)} (${entry.count})</td><td class="number">${formatDuration(entry.ms)}</td><td>longest: ${escapeText(entry.longest.what)}, ${formatDuration(entry.longest.ms)}</td></tr>`);
  if (!phases.length && !kinds.length) return "";
  return `<details class="profile"><summary>Where the time went (${formatDuration(scenario.durationMs)})</summary><table><thead><tr><th></th><th>what</th><th>time</th><th></th></tr></thead><tbody>${[...phases, ...kinds].join("\n")}</tbody></table><p class="note">Work of one kind that overlapped is counted once; kinds may overlap each other.</p></details>`;
}

function guardrails(scenario: ScenarioReport): string {
  if (!scenario.guardrails.length) return "";
  const failed = scenario.guardrails.filter((item) => !item.passed).length;
  const rows = scenario.guardrails
    .map((item) => `<tr class="${item.passed ? "ok" : "bad"}"><td class="number">${(item.atMs / 1000).toFixed(1)} s</td><td>${item.passed ? "passed" : "refused"}</td><td>${escapeText(item.name)}</td><td>${escapeText(item.detail)}</td></tr>`)
    .join("\n");
  // A refused guardrail is part of the story of a failure: shown open, not folded away.
  return `<details class="guardrails"${failed ? " open" : ""}><summary>Guardrails (${scenario.guardrails.length}: ${scenario.guardrails.length - failed} passed, ${failed} refused)</summary><table><thead><tr><th>at</th><th>verdict</th><th>guardrail</th><th>detail</th></tr></thead><tbody>${rows}</tbody></table></details>`;
}

function events(scenario: ScenarioReport): string {
  if (!scenario.events.length) return "";
  const rows = scenario.events.map((event) => `<tr><td class="number">${(event.atMs / 1000).toFixed(1)} s</td><td>${escapeText(event.source)}</td><td>${escapeText(event.message)}</td></tr>`).join("\n");
  return `<details class="events"><summary>RDS events (${scenario.events.length})</summary><table><thead><tr><th>at</th><th>source</th><th>message</th></tr></thead><tbody>${rows}</tbody></table></details>`;
}

function kept(environment: NonNullable<ScenarioReport["kept"]>): string {
  const endpoints = environment.endpoints.map((endpoint) => `<li>${escapeText(endpoint.name)}: <code>${escapeText(`${endpoint.user}@${endpoint.host}:${endpoint.port}`)}</code></li>`).join("");
  return [
    `<details class="kept" open><summary>Environment kept running</summary>`,
    endpoints ? `<ul>${endpoints}</ul>` : "",
    environment.rdsEndpoint ? `<p>Fake RDS endpoint: <code>${escapeText(environment.rdsEndpoint)}</code></p>` : "",
    environment.connect.length ? `<pre>${escapeText(environment.connect.join("\n"))}</pre>` : "",
    `<p>Remove it with:</p><pre>${escapeText(environment.remove)}</pre>`,
    `</details>`,
  ].join("\n");
}

function reproduce(command: string, heading: string): string {
  return `<div class="reproduce"><h3>${heading}</h3><pre><code>${escapeText(command)}</code></pre></div>`;
}

function reproduceRun(report: RehearsalReport): string {
  return `<section class="reproduce-run"><h2>Replay this run</h2><pre><code>${escapeText(report.reproduce)}</code></pre><p class="finished">Finished ${escapeText(report.finishedAt)}.</p></section>`;
}

function anchor(scenario: ScenarioReport): string {
  return `scenario-${scenario.id.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}
