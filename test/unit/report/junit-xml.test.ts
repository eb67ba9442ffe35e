import { describe, expect, it } from "vitest";
import { renderJunitXml } from "../../../harness/report/junit-xml.ts";
import { fixtureReport, fixtureReportWithError, PLANTED_PASSWORD, reachedScenario } from "./fixture.ts";
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
