import { describe, expect, it } from "vitest";
import { renderJunitXml } from "../../../harness/report/junit-xml.ts";
import { failedScenario, fixtureReport, fixtureReportWithError, PLANTED_PASSWORD, predictedScenario, predictionFindings, reachedScenario } from "./fixture.ts";
import { attribute, decodeXml, markupProblems } from "./xml-text.ts";

describe("junit.xml", () => {
  const xml = renderJunitXml(fixtureReportWithError());

  it("is one testsuite with one testcase per scenario and counts failures and errors apart", () => {
    expect(xml.startsWith(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites `)).toBe(true);
    expect(xml.match(/<testsuite /g)).toHaveLength(1);
    expect([...xml.matchAll(/<testcase [^>]*name="([^"]+)"/g)].map((match) => match[1])).toEqual(["rollback-reverse-replication", "rollback-narrowing", "binlog-purged"]);
    expect(attribute(xml, "<testsuite ", "tests")).toBe("3");
    expect(attribute(xml, "<testsuite ", "failures")).toBe("1");
    expect(attribute(xml, "<testsuite ", "errors")).toBe("1");
    expect(attribute(xml, "<testsuites ", "failures")).toBe("1");
    expect(attribute(xml, `name="rollback-reverse-replication"`, "time")).toBe("48.200");
    expect(attribute(xml, "<testsuite ", "time")).toBe((48.2 + 31.25 + 31.25).toFixed(3));
  });

  it("gives a passing scenario no failure and a failed one a failure naming the failed checks and the reproduce command", () => {
    const passed = xml.slice(xml.indexOf(`name="rollback-reverse-replication"`), xml.indexOf("</testcase>"));
    expect(passed).not.toMatch(/<failure|<error/);
    const message = attribute(xml, "<failure ", "message");
    expect(message.split("\n")).toEqual([
      "rollback-narrowing did not reach its declared outcome; failed checks:",
      expect.stringMatching(/^- reverse replication healthy: Error 1396 \(HY000\): Operation CREATE USER failed for 'app'@'%' <script>alert\("pwned"\)<\/script> & more; /),
      "- every acknowledged write on blue: 1 lost | 3 changed of 1104 acknowledged",
      "Reproduce: npx bgh rehearse rollback-narrowing --engine mysql:8.0 --seed 20261122",
    ]);
    const body = decodeXml(xml.slice(xml.indexOf(">", xml.indexOf("<failure ")) + 1, xml.indexOf("</failure>")));
    expect(body).toContain("Ledger (verified on mydb writer): 1104 acknowledged, 1 lost");
    expect(body).toContain("lost-write ledger (key write 1733): expected amount=120, actual (none); acknowledged at 24.9 s, absent on blue");
    expect(body).toMatch(/Reproduce:\n {2}npx bgh rehearse rollback-narrowing/);
  });

  it("reports a scenario that threw as an error with the error's first line", () => {
    expect(attribute(xml, "<error ", "message")).toMatch(/^binlog-purged could not run to its end: starting MySQL node blue-writer failed: Error 1396.*\nReproduce: npx bgh rehearse binlog-purged /s);
    expect(attribute(xml, "<error ", "type")).toBe("scenario error");
  });

  it("records engine and seed as properties", () => {
    const properties = Object.fromEntries([...xml.matchAll(/<property name="([^"]+)" value="([^"]*)"\/>/g)].map((match) => [match[1], decodeXml(match[2]!)]));
    expect(properties).toMatchObject({
      engine: "MySQL 9.7.4-2, dialect mysql-8.4+, image bgh/warm:mysql-9.7.4-2-edf47d87187b, requested mysql:8.0",
      "engine.flavor": "mysql",
      "engine.version": "9.7.4-2",
      "engine.substitution": expect.stringContaining("could not be pulled"),
      seed: "20261122",
      reproduce: expect.stringContaining("npx bgh rehearse"),
    });
  });

  it("escapes markup, quotes and control characters, and keeps newlines in attributes as references", () => {
    expect(markupProblems(xml)).toEqual([]);
    expect(xml).not.toContain("<script>");
    expect(xml).toContain("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; more");
    expect(xml).toContain("\\x1B[31mred");
    expect(attribute(xml, "<failure ", "message")).toContain("\n");
    expect(xml).not.toMatch(/message="[^"]*\n/);
  });

  it("never prints the planted password", () => {
    expect(xml).not.toContain(PLANTED_PASSWORD);
    expect(xml).toContain("IDENTIFIED BY '********'");
  });

  it("says what to do about a failed scenario without checks", () => {
    const report = fixtureReport();
    report.scenarios = [{ ...reachedScenario(), reached: false, actualOutcome: "the scenario returned no checks" }];
    expect(attribute(renderJunitXml(report), "<failure ", "message")).toBe(
      "rollback-reverse-replication did not reach its declared outcome: the scenario returned no checks\nReproduce: npx bgh rehearse rollback-reverse-replication --engine mysql:8.0 --seed 20261122",
    );
  });
});

describe("junit.xml: the prediction beside what was observed", () => {
  const report = fixtureReport();
  const failing = { ...failedScenario(), findings: [...failedScenario().findings, ...predictionFindings()] };
  report.scenarios = [predictedScenario(), reachedScenario(), failing];
  const xml = renderJunitXml(report);
  const testcaseOf = (name: string) => {
    const start = xml.indexOf(`<testcase classname="bgh.rehearse" name="${name}"`);
    return xml.slice(start, xml.indexOf("</testcase>", start));
  };

  it("gives a rehearsal's testcase properties counting disagreements and naming them plainly", () => {
    const testcase = testcaseOf("examples/seed-001/rehearsal.yaml");
    const properties = Object.fromEntries([...testcase.matchAll(/<property name="([^"]+)" value="([^"]*)"\/>/g)].map((match) => [match[1], decodeXml(match[2]!)]));
    expect(properties).toEqual({
      prediction: "prediction and run DISAGREE on 2 of 3 exercised hazards: collision:joinit.k (back) (predicted, not observed); duplicate key (1062) (observed, not predicted)",
      "prediction.disagreements": "2",
      "prediction.confirmed": "1",
    });
    expect(testcaseOf("rollback-reverse-replication")).not.toContain("<properties>");
    expect(markupProblems(xml)).toEqual([]);
  });

  it("lists every hazard in system-out with the disagreements marked, and in a failure's body", () => {
    const out = decodeXml(testcaseOf("examples/seed-001/rehearsal.yaml").split("<system-out>")[1]!.split("</system-out>")[0]!);
    expect(out).toContain("Prediction beside what was observed: prediction and run DISAGREE on 2 of 3");
    expect(out).toContain("  DISAGREES collision:joinit.k (back) [joinit.k]: predicted collision: clipped keys collide (1062); observed not seen (predicted, not observed)");
    expect(out).toContain("  agrees    back-stops:joinit.g (back) [joinit.g]: predicted replication-stop:");
    expect(out).toContain("  not run   forward-values:counters.hits (forward) [counters.hits, counters]:");
    const failure = testcaseOf("rollback-narrowing");
    const body = decodeXml(failure.slice(failure.indexOf(">", failure.indexOf("<failure ")) + 1, failure.indexOf("</failure>")));
    expect(body).toContain("  DISAGREES duplicate key (1062): predicted nothing; observed a step saw 1062 (observed, not predicted)");
  });
});
