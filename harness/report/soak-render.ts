import { escapeText } from "./markup-escape.ts";
import { formatDuration } from "./report-facts.ts";
import type { SoakScenarioRow, SoakSection } from "./soak-section.ts";

const HEADINGS = ["scenario", "runs", "passed", "failed", "acknowledged", "lost", "changed", "in doubt", "longest outage", "slowest run"];

/** The cells of one scenario's row, as text (— where no run measured it). */
function cells(row: SoakScenarioRow): string[] {
  const count = (value: number | null) => (value === null ? "—" : String(value));
  const interrupted = row.interrupted ? ` (+${row.interrupted} interrupted)` : "";
  const timedOut = row.timedOut ? ` (${row.timedOut} timed out)` : "";
  return [
    row.id,
    `${row.runs}${interrupted}`,
    String(row.passed),
    `${row.failed}${timedOut}`,
    count(row.acknowledged),
    count(row.lost),
    count(row.changed),
    count(row.inDoubt),
    row.longestOutage ? `${formatDuration(row.longestOutage.ms)} (seed ${row.longestOutage.seed})` : "—",
    row.slowestRun ? `${formatDuration(row.slowestRun.ms)} (seed ${row.slowestRun.seed})` : "—",
  ];
}

/** The console's table: columns padded to their widest cell. */
export function renderSoakTable(rows: SoakScenarioRow[]): string {
  const table = [HEADINGS, ...rows.map(cells)];
  const widths = HEADINGS.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  return table.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ").trimEnd()).join("\n");
}

/** summary.md's soak part: the table, then each failed run's replay line. `escape` is the page's Markdown escaping. */
export function soakMarkdown(soak: SoakSection, escape: (text: string) => string): string[] {
  const lines = [`### Soak: ${escape(soak.asked)}, soak seed ${soak.seed}${soak.endedEarly ? ` (${soak.endedEarly})` : ""}`, ""];
  lines.push(`| ${HEADINGS.join(" | ")} |`, `|---|${HEADINGS.slice(1).map(() => "---:").join("|")}|`);
  for (const row of soak.scenarios) lines.push(`| ${cells(row).map(escape).join(" | ")} |`);
  lines.push("", "Replay the whole soak:", "", "```sh", soak.command, "```");
  for (const failure of soak.failures) {
    lines.push("", `**${escape(failure.scenario)} run ${failure.run}** (seed ${failure.seed}${failure.faults.length ? `, ${escape(failure.faults.join(", "))}` : ""}): ${escape(failure.why)}  `, `reports: ${escape(failure.reportDir)}`, "", "```sh", failure.replay, "```");
    if (failure.counterexample) lines.push(`counterexample: ${escape(failure.counterexample)}`);
    if (failure.shrunk) lines.push(`shrunk (${failure.shrunk.tried} runs tried): ${escape(JSON.stringify(failure.shrunk.options))}`, "", "```sh", failure.shrunk.replay, "```");
  }
  return lines;
}

/** report.html's soak section. */
export function soakHtml(soak: SoakSection): string {
  const head = HEADINGS.map((heading) => `<th>${escapeText(heading)}</th>`).join("");
  const rows = soak.scenarios.map((row) => `<tr>${cells(row).map((cell, column) => `<td${column ? ' class="number"' : ""}>${column ? escapeText(cell) : `<code>${escapeText(cell)}</code>`}</td>`).join("")}</tr>`);
  const failures = soak.failures.map(
    (failure) =>
      `<li><code>${escapeText(failure.scenario)}</code> run ${failure.run}, seed ${failure.seed}${failure.faults.length ? `, ${escapeText(failure.faults.join(", "))}` : ""}: ${escapeText(failure.why)}<br>reports: <code>${escapeText(failure.reportDir)}</code><pre><code>${escapeText(failure.replay)}</code></pre>` +
      (failure.counterexample ? `<p>counterexample: <code>${escapeText(failure.counterexample)}</code></p>` : "") +
      (failure.shrunk ? `<p>shrunk (${failure.shrunk.tried} runs tried): <code>${escapeText(JSON.stringify(failure.shrunk.options))}</code></p><pre><code>${escapeText(failure.shrunk.replay)}</code></pre>` : "") +
      `</li>`,
  );
  return [
    `<section class="soak"><h2>Soak: ${escapeText(soak.asked)}, soak seed ${soak.seed}${soak.endedEarly ? ` (${escapeText(soak.endedEarly)})` : ""}</h2>`,
    `<table class="overview-table"><thead><tr>${head}</tr></thead><tbody>${rows.join("\n")}</tbody></table>`,
    `<p>Replay the whole soak:</p><pre><code>${escapeText(soak.command)}</code></pre>`,
    failures.length ? `<h3>Failed runs</h3><ul class="soak-failures">${failures.join("\n")}</ul>` : "",
    `</section>`,
  ].join("\n");
}
