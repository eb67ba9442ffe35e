import { describe, expect, it } from "vitest";
import { renderReportHtml } from "../../../harness/report/report-html.ts";
import { failedScenario, fixtureReport, fixtureReportWithError, PLANTED_PASSWORD, reachedScenario } from "./fixture.ts";
import { markupProblems } from "./xml-text.ts";

/** The HTML of the scenario section with this id. */
function section(html: string, id: string): string {
  const start = html.indexOf(`<section class="scenario status-`, html.indexOf(`id="scenario-${id}"`) - 60);
  return html.slice(start, html.indexOf("</section>", start));
}

describe("report.html", () => {
  const html = renderReportHtml(fixtureReportWithError());

  it("opens with the verdict in words and a colour class", () => {
    expect(html).toMatch(/<header class="verdict verdict-fail" data-verdict="fail">\n<p class="verdict-word">✗ FAIL<\/p>\n<h1 class="verdict-text">2 of 3 scenarios failed<\/h1>/);
    expect(html).toContain("<title>FAIL: 2 of 3 scenarios failed (bgh-20261122-041315-155e)</title>");
    const passing = fixtureReport();
    passing.scenarios = [reachedScenario()];
    expect(renderReportHtml(passing)).toContain(`<header class="verdict verdict-pass" data-verdict="pass">\n<p class="verdict-word">✓ PASS</p>\n<h1 class="verdict-text">1/1 scenarios reached their declared outcome</h1>`);
  });

  it("puts failed scenarios first, in the overview and in the sections", () => {
    const order = (pattern: RegExp) => [...html.matchAll(pattern)].map((match) => match[1]);
    expect(order(/<tr class="overview-row status-\w+" data-scenario-id="([^"]+)"/g)).toEqual(["rollback-narrowing", "binlog-purged", "rollback-reverse-replication"]);
    expect(order(/<section class="scenario status-\w+" id="[^"]+" data-scenario-id="([^"]+)"/g)).toEqual(["rollback-narrowing", "binlog-purged", "rollback-reverse-replication"]);
  });

  it("is self-contained: no script, no external resource, and a policy that forbids both", () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    expect([...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((match) => match[1]).every((target) => target!.startsWith("#"))).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  });

  it("shows a failed scenario's why, reproduce command, chart, checks, findings, ledger and guardrails", () => {
    const failed = section(html, "rollback-narrowing");
    expect(failed).toContain(`<dt>Actual outcome</dt><dd>every acknowledged write on blue: 1 lost, 3 changed</dd>`);
    expect(failed).toContain(`<h3>Reproduce</h3><pre><code>npx bgh rehearse rollback-narrowing --engine mysql:8.0 --seed 20261122</code></pre>`);
    expect(failed.match(/<svg class="timeline-chart"/g)).toHaveLength(1);
    expect(failed.match(/<li class="check check-fail">/g)).toHaveLength(2);
    expect(failed.match(/<li class="check check-ok">/g)).toHaveLength(1);
    expect(failed.match(/<tr class="finding" data-kind="changed">/g)).toHaveLength(4);
    expect(failed).toContain(`<tr class="finding" data-kind="lost-write"><td>ledger</td><td class="kind">lost-write</td><td class="value">write 1733</td><td class="absent">—</td><td class="value">amount=120</td><td class="absent">—</td>`);
    expect(failed).toContain(`<tr><th>lost</th><td class="number bad">1</td></tr>`);
    expect(failed).toMatch(/<details class="guardrails" open><summary>Guardrails \(2: 1 passed, 1 refused\)<\/summary>/);
    expect(failed).toContain(`<summary>RDS events (1)</summary>`);
    expect(failed).toContain(`<li class="mark-item mark-fault"><span class="time">18.1 s</span> <span class="kind">fault</span> applier stopped: 13146`);
  });

  it("folds a passed scenario's guardrails and says when there is no timeline or no finding", () => {
    expect(section(html, "rollback-reverse-replication")).toContain(`<details class="guardrails"><summary>Guardrails (6: 6 passed, 0 refused)</summary>`);
    const errored = section(html, "binlog-purged");
    expect(errored).toContain(`<p class="no-timeline">No timeline recorded`);
    expect(errored).not.toContain("<svg");
    expect(errored).toContain(`<div class="error"><h3>Error</h3><pre>starting MySQL node blue-writer failed: Error 1396`);
    expect(errored).toContain("No finding recorded: the scenario ended before its comparisons.");
    expect(section(html, "rollback-reverse-replication")).toContain("The checkers found no difference.");
  });

  it("caps a long findings table with a count of the rest", () => {
    const report = fixtureReport();
    const many = failedScenario();
    many.findings = Array.from({ length: 130 }, (_, index) => ({ subject: "app.orders", kind: "missing" as const, key: `id=${index}`, detail: "missing on blue" }));
    report.scenarios = [many];
    const page = renderReportHtml(report);
    expect(page.match(/<tr class="finding"/g)).toHaveLength(50);
    expect(page).toContain(`<h3>Findings (130)</h3>`);
    expect(page).toContain(`<p class="more">… and 80 more findings in report.json</p>`);
  });

  it("escapes every server text, so no message can inject markup, and never prints the planted password", () => {
    expect(markupProblems(html.replace(/^<!DOCTYPE html>\n/, ""))).toEqual([]);
    expect(html).not.toContain(`<script>alert`);
    expect(html).toContain(`<td class="value">&lt;img src=x onerror="alert(1)"&gt; &amp; 'quoted'</td>`);
    expect(html).toContain("\\x1B[31mred");
    expect(html).not.toContain(PLANTED_PASSWORD);
  });

  it("warns of an engine substitution and shows the kept environment's way in and out", () => {
    expect(html).toContain(`<p class="warning" role="note"><strong>⚠ Engine substituted:</strong> mysql:8.0 could not be pulled`);
    const report = fixtureReport();
    report.scenarios[0]!.kept = {
      endpoints: [{ name: "cluster endpoint", host: "127.0.0.1", port: 40123, user: "root" }],
      rdsEndpoint: "http://127.0.0.1:4599",
      connect: ["export AWS_ENDPOINT_URL_RDS=http://127.0.0.1:4599", "MYSQL_PWD=topsecret mysql -h 127.0.0.1 -P 40123 -u root"],
      remove: "npx bgh reap --run bgh-20261122-041315-155e",
    };
    const page = renderReportHtml(report);
    expect(page).toContain("<li>cluster endpoint: <code>root@127.0.0.1:40123</code></li>");
    expect(page).toContain("MYSQL_PWD=******** mysql -h 127.0.0.1 -P 40123 -u root");
    expect(page).not.toContain("topsecret");
    expect(page).toContain("<pre>npx bgh reap --run bgh-20261122-041315-155e</pre>");
  });
});
