import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HarnessError } from "../../../harness/errors/harness-error.ts";
import { readReportJson } from "../../../harness/report/read-report-json.ts";
import { renderReportJson } from "../../../harness/report/report-json.ts";
import { fixtureReport, HOSTILE_ERROR, PLANTED_PASSWORD } from "./fixture.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "bgh-report-json-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("report.json", () => {
  it("is the model as is, pretty-printed, with only secrets masked", () => {
    const report = fixtureReport();
    const text = renderReportJson(report);
    expect(text).toMatch(/^\{\n {2}"tool": \{\n {4}"name": "bgh",/);
    const parsed = JSON.parse(text);
    const detail = parsed.scenarios[1].checks[1].detail as string;
    expect(detail).not.toContain(PLANTED_PASSWORD);
    expect(detail).toBe(HOSTILE_ERROR.split(PLANTED_PASSWORD).join("********"));
    parsed.scenarios[1].checks[1].detail = HOSTILE_ERROR;
    expect(parsed).toEqual(report);
  });

  it("writes bigint values as their exact decimal string", () => {
    const report = fixtureReport();
    (report.scenarios[0]!.figures as Record<string, unknown>).maxKey = 2n ** 63n + 1n;
    expect(JSON.parse(renderReportJson(report)).scenarios[0].figures.maxKey).toBe("9223372036854775809");
  });

  it("reads back into the model, and refuses a file that is not a report with the reason", () => {
    const file = path.join(dir, "report.json");
    writeFileSync(file, renderReportJson(fixtureReport()));
    expect(readReportJson(file).scenarios.map((scenario) => scenario.id)).toEqual(["rollback-reverse-replication", "rollback-narrowing"]);

    const old = path.join(dir, "rehearsal.json");
    writeFileSync(old, JSON.stringify({ runId: "bgh-1", engine: {}, scenarios: [{ id: "x", reached: true, outcome: {} }] }));
    expect(() => readReportJson(old)).toThrow(HarnessError);
    expect(() => readReportJson(old)).toThrow(/not a bgh rehearsal report: scenarios\[0\]\.checks, scenarios\[0\]\.timeline, scenarios\[0\]\.findings missing/);
    expect(() => readReportJson(path.join(dir, "absent.json"))).toThrow(/reading the rehearsal report .*absent\.json failed: ENOENT/);
  });
});
