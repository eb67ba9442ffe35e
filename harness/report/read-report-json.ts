import { readFileSync } from "node:fs";
import { HarnessError, messageOf } from "../errors/harness-error.ts";
import type { RehearsalReport } from "./rehearsal-report.ts";

/**
 * Reads a report.json written by renderReportJson, to render the other formats again from it (after
 * a renderer changed, or on another machine). Checks the shape a renderer relies on, so a wrong file
 * ends in an error that says so rather than in a page of "undefined".
 */
export function readReportJson(file: string): RehearsalReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new HarnessError({ what: `reading the rehearsal report ${file}`, cause: messageOf(error), fix: "give the report.json that `bgh rehearse` wrote into its --report directory", error });
  }
  const missing = missingFields(parsed);
  if (missing.length) {
    throw new HarnessError({
      what: `reading the rehearsal report ${file}`,
      cause: `it is not a bgh rehearsal report: ${missing.join(", ")} missing or of the wrong type`,
      fix: "give the report.json that `bgh rehearse` wrote (rehearsal.json of older runs has another shape: rerun the rehearsal)",
    });
  }
  return parsed as RehearsalReport;
}

function missingFields(value: unknown): string[] {
  if (value === null || typeof value !== "object") return ["the whole object"];
  const report = value as Record<string, unknown>;
  const missing: string[] = [];
  if (typeof report.runId !== "string") missing.push("runId");
  if (report.engine === null || typeof report.engine !== "object") missing.push("engine");
  if (!Array.isArray(report.scenarios)) return [...missing, "scenarios"];
  report.scenarios.forEach((scenario: unknown, index: number) => {
    const item = (scenario ?? {}) as Record<string, unknown>;
    for (const field of ["id", "reached", "checks", "timeline", "findings"] as const) {
      if (item[field] === undefined) missing.push(`scenarios[${index}].${field}`);
    }
  });
  return missing;
}
