// The report writers of `bgh rehearse`, for the CLI and for rendering a recorded report.json again.
export type { RehearsalReport, ScenarioReport, ScenarioTimeline, Finding, LedgerTotals, GuardrailResult, KeptEnvironment } from "./rehearsal-report.ts";
export { writeReportFiles, type WrittenReport, type WriteReportOptions } from "./write-report-files.ts";
export { readReportJson } from "./read-report-json.ts";
export { renderReportJson } from "./report-json.ts";
export { renderJunitXml } from "./junit-xml.ts";
export { renderSummaryMarkdown } from "./summary-markdown.ts";
export { renderReportHtml } from "./report-html.ts";
export { renderTimelineChart, hasTimelineData } from "./timeline-chart.ts";
export { scrubSecrets } from "./scrub-secrets.ts";
export type { SoakSection, SoakScenarioRow, SoakFailure } from "./soak-section.ts";
export { renderSoakTable, soakMarkdown, soakHtml } from "./soak-render.ts";
