import { describe, expect, it } from "vitest";
import { renderSummaryMarkdown } from "../../../harness/report/summary-markdown.ts";
import { erroredScenario, fixtureReport, PLANTED_PASSWORD, predictedScenario, predictionFindings, reachedScenario } from "./fixture.ts";

/** A table row's cells, split on pipes that are not escaped. */
function cells(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());
}

describe("summary.md", () => {
  const markdown = renderSummaryMarkdown(fixtureReport());
  const lines = markdown.split("\n");

  it("starts with the verdict", () => {
    expect(lines[0]).toBe("## ❌ 1 of 2 scenarios failed");
    const passing = fixtureReport();
    passing.scenarios = [reachedScenario()];
    expect(renderSummaryMarkdown(passing).split("\n")[0]).toBe("## ✅ 1/1 scenarios reached their declared outcome");
    expect(renderSummaryMarkdown({ ...passing, scenarios: [] }).split("\n")[0]).toBe("## ❌ no scenario ran");
  });

  it("names the engine and warns of its substitution", () => {
    expect(lines).toContain("**Engine:** MySQL 9.7.4-2, dialect mysql-8.4+, image bgh/warm:mysql-9.7.4-2-edf47d87187b, requested mysql:8.0");
    expect(markdown).toMatch(/^> ⚠️ \*\*Engine substituted:\*\* mysql:8\.0 could not be pulled .*Results hold for the engine that ran, not for `mysql:8\.0`\.$/m);
    const exact = fixtureReport();
    exact.engine.substitution = null;
    expect(renderSummaryMarkdown(exact)).not.toContain("substituted");
  });

  it("has a table row per scenario with status, duration and key figures, each row of eight cells", () => {
    const header = lines.findIndex((line) => line.startsWith("| status |"));
    const rows = lines.slice(header + 2, header + 4);
    expect(rows.map(cells)).toEqual([
      ["✅ pass", "`rollback-reverse-replication`", "48.2 s", "2011", "0", "0", "2.7 s", "reached"],
      ["❌ FAIL", "`rollback-narrowing`", "31.3 s", "1104", "**1**", "0", "—", expect.stringMatching(/^reverse replication healthy: Error 1396 \(HY000\): Operation CREATE USER failed for 'app'@'%' &lt;script&gt;alert\("pwned"\)&lt;\/script&gt; &amp; more;.*…$/)],
    ]);
    expect(lines[header + 4]).toBe("");
  });

  it("lists a failed scenario's failed checks and its reproduce command in a code block, not a passed one's", () => {
    const section = markdown.slice(markdown.indexOf("### ❌ `rollback-narrowing`"));
    expect(section).toContain("- **reverse replication healthy**: Error 1396");
    expect(section).toContain("- **every acknowledged write on blue**: 1 lost \\| 3 changed of 1104 acknowledged");
    expect(section).toContain("Ledger on mydb writer: **1 lost**, **0 changed** of 1104 acknowledged writes.");
    expect(section).toContain("Reproduce:\n\n```sh\nnpx bgh rehearse rollback-narrowing --engine mysql:8.0 --seed 20261122\n```");
    expect(section).not.toContain("green widened to BIGINT");
    expect(markdown).not.toContain("### ✅");
    expect(markdown).toContain("Reproduce the whole run:\n\n```sh\nnpx bgh rehearse rollback-reverse-replication rollback-narrowing");
  });

  it("shows a scenario's error in a text block whose fence its content cannot close", () => {
    const report = fixtureReport();
    report.scenarios = [{ ...erroredScenario(), error: "boom\n```\n## not a heading" }];
    const text = renderSummaryMarkdown(report);
    expect(text).toContain("### 💥 `binlog-purged`");
    expect(text).toContain("Error:\n\n````text\nboom\n```\n## not a heading\n````");
  });

  it("escapes markdown and HTML in text and never prints the planted password", () => {
    expect(markdown).not.toContain("<script>");
    expect(markdown).not.toContain(PLANTED_PASSWORD);
    const report = fixtureReport();
    report.scenarios[1]!.title = "a *bold* [link](http://x) | pipe <b>";
    expect(renderSummaryMarkdown(report)).toContain("a \\*bold\\* \\[link\\](http://x) \\| pipe &lt;b&gt;");
  });
});

describe("summary.md: the prediction beside what was observed", () => {
  const report = fixtureReport();
  report.scenarios = [predictedScenario(), reachedScenario()];
  const markdown = renderSummaryMarkdown(report);
  const lines = markdown.split("\n");

  it("has a table per scenario with predictions: hazard, tables/columns, predicted, observed, agree? — disagreements first", () => {
    const heading = lines.indexOf("### Prediction beside what was observed: `examples/seed-001/rehearsal.yaml`");
    expect(heading).toBeGreaterThan(0);
    expect(lines[heading + 4]).toBe("| hazard | tables/columns | predicted | observed | agree? |");
    const rows = lines.slice(heading + 6, heading + 11).map(cells);
    expect(rows.map((row) => [row[0], row[1], row[4]])).toEqual([
      ["`collision:joinit.k (back)`", "joinit.k", "❌ **no**"],
      ["`duplicate key (1062)`", "—", "❌ **no**"],
      ["`back-stops:joinit.g (back)`", "joinit.g", "✅ yes"],
      ["`forward-values:counters.hits (forward)`", "counters.hits, counters", "➖ not exercised"],
      ["`binlog-retention`", "—", "ℹ️ advice"],
    ]);
    expect(rows[0]![2]).toBe("collision: clipped keys collide (1062)");
    expect(rows[0]![3]).toBe("not seen");
    expect(lines[heading + 11]).not.toMatch(/^\|/);
  });

  it("says plainly where prediction and run disagree", () => {
    expect(markdown).toContain("⚠️ prediction and run DISAGREE on 2 of 3 exercised hazards: collision:joinit.k (back) (predicted, not observed); duplicate key (1062) (observed, not predicted)");
    const agreeing = fixtureReport();
    agreeing.scenarios = [{ ...predictedScenario(), findings: predictionFindings().filter((finding) => finding.detail === "confirmed") }];
    expect(renderSummaryMarkdown(agreeing)).toContain("\nprediction and run agree: 1 exercised hazard confirmed\n");
  });

  it("shows no prediction section for a scenario without a prediction", () => {
    expect(markdown.match(/### Prediction beside what was observed/g)).toHaveLength(1);
    expect(renderSummaryMarkdown(fixtureReport())).not.toContain("Prediction beside");
  });
});
