import type { RehearsalReport } from "./rehearsal-report.ts";
import { scrubStrings } from "./scrub-secrets.ts";

/**
 * report.json: the model as recorded, pretty-printed. Values read from MySQL may arrive as bigint
 * (BIGINT columns, GTID sequence numbers); JSON.stringify throws on those, and a number would round
 * past 2^53, so they are written as their exact decimal string.
 */
export function renderReportJson(report: RehearsalReport): string {
  return `${JSON.stringify(scrubStrings(report), (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value), 2)}\n`;
}
