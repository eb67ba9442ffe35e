import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { HarnessError } from "../../../harness/errors/harness-error.ts";
import { writeReportFiles } from "../../../harness/report/index.ts";
import { fixtureReport, PLANTED_PASSWORD } from "./fixture.ts";

const root = mkdtempSync(path.join(os.tmpdir(), "bgh-report-files-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

describe("writeReportFiles", () => {
  it("writes the four files into a new directory, none holding the planted password", () => {
    vi.stubEnv("GITHUB_STEP_SUMMARY", "");
    const dir = path.join(root, "reports", "run-1");
    const written = writeReportFiles(fixtureReport(), dir);
    expect(written).toEqual({ json: path.join(dir, "report.json"), junit: path.join(dir, "junit.xml"), summary: path.join(dir, "summary.md"), html: path.join(dir, "report.html") });
    for (const file of [written.json, written.junit, written.summary, written.html]) {
      const text = readFileSync(file, "utf8");
      expect(text.length).toBeGreaterThan(500);
      expect(text).not.toContain(PLANTED_PASSWORD);
    }
    expect(readFileSync(written.summary, "utf8").split("\n")[0]).toBe("## ❌ 1 of 2 scenarios failed");
  });

  it("appends summary.md to $GITHUB_STEP_SUMMARY, keeping what other steps wrote", () => {
    const stepSummary = path.join(root, "step-summary.md");
    writeFileSync(stepSummary, "## Build\nok\n");
    vi.stubEnv("GITHUB_STEP_SUMMARY", stepSummary);
    const written = writeReportFiles(fixtureReport(), path.join(root, "run-2"));
    expect(written.stepSummary).toBe(stepSummary);
    const summary = readFileSync(written.summary, "utf8");
    expect(readFileSync(stepSummary, "utf8")).toBe(`## Build\nok\n${summary}\n`);
  });

  it("names the directory and the fix when it cannot write", () => {
    const blocker = path.join(root, "a-file");
    writeFileSync(blocker, "");
    const attempt = () => writeReportFiles(fixtureReport(), path.join(blocker, "reports"), { stepSummaryFile: "" });
    expect(attempt).toThrow(HarnessError);
    expect(attempt).toThrow(/writing the rehearsal report into .*a-file\/reports failed: .*\n {2}Fix: choose a writable directory with --report DIR/);
    expect(existsSync(path.join(blocker, "reports"))).toBe(false);
  });
});
