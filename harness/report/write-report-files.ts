import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { HarnessError, messageOf } from "../errors/harness-error.ts";
import { renderJunitXml } from "./junit-xml.ts";
import type { RehearsalReport } from "./rehearsal-report.ts";
import { renderReportHtml } from "./report-html.ts";
import { renderReportJson } from "./report-json.ts";
import { renderSummaryMarkdown } from "./summary-markdown.ts";

export interface WrittenReport {
  json: string;
  junit: string;
  summary: string;
  html: string;
  /** The GitHub step summary file summary.md was appended to, when there was one. */
  stepSummary?: string;
}

export interface WriteReportOptions {
  /** Where to append summary.md; defaults to $GITHUB_STEP_SUMMARY (set by GitHub Actions), none when unset or empty. */
  stepSummaryFile?: string;
}

/**
 * Writes report.json, junit.xml, summary.md and report.html into dir (created if missing) and, under
 * GitHub Actions, appends summary.md to the job's step summary so the verdict shows on the run's page.
 */
export function writeReportFiles(report: RehearsalReport, dir: string, options: WriteReportOptions = {}): WrittenReport {
  const files = {
    json: path.join(dir, "report.json"),
    junit: path.join(dir, "junit.xml"),
    summary: path.join(dir, "summary.md"),
    html: path.join(dir, "report.html"),
  };
  const summary = renderSummaryMarkdown(report);
  const contents: Array<[string, string]> = [
    [files.json, renderReportJson(report)],
    [files.junit, renderJunitXml(report)],
    [files.summary, summary],
    [files.html, renderReportHtml(report)],
  ];
  try {
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of contents) writeFileSync(file, text, "utf8");
  } catch (error) {
    throw new HarnessError({
      what: `writing the rehearsal report into ${dir}`,
      cause: messageOf(error),
      fix: "choose a writable directory with --report DIR, or free disk space",
      error,
    });
  }
  const stepSummary = options.stepSummaryFile ?? process.env.GITHUB_STEP_SUMMARY;
  if (!stepSummary) return files;
  try {
    // Appended, not written: other steps of the job add their own sections to the same file.
    appendFileSync(stepSummary, `${summary}\n`, "utf8");
  } catch (error) {
    throw new HarnessError({
      what: `appending the rehearsal summary to the GitHub step summary ${stepSummary}`,
      cause: messageOf(error),
      fix: `the report files are in ${dir}; check GITHUB_STEP_SUMMARY points at a writable file, or unset it outside GitHub Actions`,
      error,
    });
  }
  return { ...files, stepSummary };
}
