import { describe, expect, it } from "vitest";
import { renderJunitXml } from "../../../harness/report/junit-xml.ts";
import { renderReportHtml } from "../../../harness/report/report-html.ts";
import { statusOf, verdictOf } from "../../../harness/report/report-facts.ts";
import { renderSummaryMarkdown } from "../../../harness/report/summary-markdown.ts";
import { fixtureReport, notApplicableScenario, reachedScenario } from "./fixture.ts";
import { attribute } from "./xml-text.ts";

/** A passing run on an engine one scenario does not apply to. */
function runWithNotApplicable() {
  const report = fixtureReport();
  report.scenarios = [reachedScenario(), notApplicableScenario()];
  return report;
}

describe("a scenario that does not apply to the engine", () => {
  it("is neither passed nor failed: the run passes and the verdict counts it apart", () => {
    const report = runWithNotApplicable();
    expect(statusOf(report.scenarios[1]!)).toBe("not-applicable");
    expect(verdictOf(report)).toMatchObject({ passed: true, reached: 1, failed: 0, notApplicable: 1, text: "1/1 scenarios reached their declared outcome, 1 not applicable to this engine" });
    report.scenarios = [notApplicableScenario()];
    expect(verdictOf(report)).toMatchObject({ passed: false, text: "no scenario ran: 1 not applicable to this engine" });
  });

  it("is a skipped test case in junit.xml, with the reason", () => {
    const xml = renderJunitXml(runWithNotApplicable());
    expect(attribute(xml, "<testsuite ", "skipped")).toBe("1");
    expect(attribute(xml, "<testsuite ", "failures")).toBe("0");
    const testcase = xml.slice(xml.indexOf(`name="rollback-gtid-replay"`));
    expect(attribute(testcase, "<skipped ", "message")).toMatch(/^not applicable: applies to MySQL 8\.0\+, not to MariaDB 10\.11\.14: MariaDB has no GTID auto-position/);
    expect(testcase.slice(0, testcase.indexOf("</testcase>"))).not.toMatch(/<failure|<error/);
  });

  it("shows as n/a with its reason in summary.md and report.html, never as a failure section", () => {
    const markdown = renderSummaryMarkdown(runWithNotApplicable());
    expect(markdown.split("\n")[0]).toBe("## ✅ 1/1 scenarios reached their declared outcome, 1 not applicable to this engine");
    expect(markdown).toMatch(/\| ➖ n\/a \| `rollback-gtid-replay` \|.*not applicable: applies to MySQL 8\.0\+/);
    expect(markdown).not.toContain("### ");
    const html = renderReportHtml(runWithNotApplicable());
    expect(html).toContain(`data-verdict="pass"`);
    expect(html).toMatch(/<section class="scenario status-not-applicable"[^>]*data-status="not-applicable">/);
    expect(html).toContain("– N/A");
  });
});
