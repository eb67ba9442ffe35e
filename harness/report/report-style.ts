/**
 * report.html's stylesheet, inline because the page must open from a CI artifact with no network.
 * System fonts, dark text on light ground (contrast above 7:1 for body text), and status colours that
 * are also spelled out in words (PASS/FAIL), so nothing depends on seeing colour.
 */
export const REPORT_STYLE = `
:root { color-scheme: light; --text: #1f2630; --muted: #4a5260; --line: #d0d5dc; --pass: #116329; --pass-bg: #dafbe1; --fail: #a40e26; --fail-bg: #ffebe9; --warn-bg: #fff8c5; --code-bg: #f3f4f6; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--text); background: #ffffff; }
main { max-width: 1120px; margin: 0 auto; padding: 0 20px 40px; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 13px; }
pre { background: var(--code-bg); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; }
.verdict { padding: 18px 28px; color: #ffffff; }
.verdict-pass { background: #1a7f37; }
.verdict-fail { background: #b42318; }
.verdict-word { margin: 0; font-size: 15px; font-weight: 700; letter-spacing: 0.08em; }
.verdict-text { margin: 2px 0 4px; font-size: 28px; line-height: 1.2; }
.verdict .run { margin: 0; opacity: 0.95; }
.verdict code { font-size: 14px; background: rgba(255,255,255,0.18); padding: 1px 5px; border-radius: 4px; }
.engine { margin-top: 14px; }
.warning { background: var(--warn-bg); border: 1px solid #d4a72c; border-radius: 6px; padding: 8px 12px; }
h2 { margin: 34px 0 10px; font-size: 21px; }
h3 { margin: 20px 0 6px; font-size: 16px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
thead th { background: #f6f8fa; font-weight: 600; border-bottom: 2px solid var(--line); }
td.scenario-id { white-space: nowrap; }
td.number { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.bad, td.bad { color: var(--fail); font-weight: 700; }
.absent { color: var(--muted); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 12px; font-size: 13px; font-weight: 700; white-space: nowrap; vertical-align: 2px; }
.badge-passed { background: var(--pass-bg); color: var(--pass); border: 1px solid #4ac26b; }
.badge-failed, .badge-error { background: var(--fail-bg); color: var(--fail); border: 1px solid #ff8182; }
.overview-row.status-failed td, .overview-row.status-error td { background: #fff5f4; }
.scenario { border: 1px solid var(--line); border-radius: 8px; padding: 4px 20px 18px; margin-top: 28px; }
.scenario.status-failed, .scenario.status-error { border: 2px solid #d1242f; border-left-width: 8px; }
.scenario.status-passed { border-left: 8px solid #1a7f37; }
.badge-not-applicable { background: #f6f8fa; color: #59636e; border: 1px solid #d1d9e0; }
.scenario.status-not-applicable { border-left: 8px solid #d1d9e0; color: #59636e; }
.scenario h2 { margin-top: 14px; }
.scenario h2 .title { font-weight: 400; }
.scenario h2 .duration { color: var(--muted); font-size: 15px; font-weight: 400; white-space: nowrap; }
.outcome { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
.outcome dt { font-weight: 600; color: var(--muted); }
.outcome dd { margin: 0; }
.error pre { background: var(--fail-bg); border-color: #ff8182; }
.timeline { margin: 16px 0 8px; }
.chart { border: 1px solid var(--line); border-radius: 6px; padding: 6px; background: #ffffff; }
.chart svg { display: block; width: 100%; height: auto; }
.no-timeline { color: var(--muted); font-style: italic; border: 1px dashed var(--line); border-radius: 6px; padding: 14px; margin: 0; }
.marks { margin: 6px 0 0; padding-left: 28px; font-size: 14px; }
.marks .time { font-variant-numeric: tabular-nums; color: var(--muted); }
.marks .kind { font-weight: 600; }
.marks .detail { color: var(--muted); }
.mark-fault .kind { color: #c2410c; }
.mark-guardrail .kind { color: #6d28d9; }
.checks { list-style: none; padding: 0; margin: 0; }
.check { padding: 4px 0; border-bottom: 1px solid #eef0f3; display: grid; grid-template-columns: 52px 1fr; column-gap: 8px; }
.check-status { font-weight: 700; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
.check-ok .check-status { color: var(--pass); }
.check-fail { background: #fff5f4; }
.check-fail .check-status { color: var(--fail); }
.check-name { font-weight: 600; }
.check-detail { grid-column: 2; color: var(--muted); font-size: 14px; overflow-wrap: anywhere; white-space: pre-wrap; }
.scroll { overflow-x: auto; }
.findings td { overflow-wrap: break-word; }
.findings td.value { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 13px; white-space: pre-wrap; }
.findings .kind { font-weight: 600; white-space: nowrap; }
.more, .none { color: var(--muted); }
.ledger { width: auto; min-width: 320px; }
details { margin-top: 12px; border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; }
summary { cursor: pointer; font-weight: 600; }
details table { margin-top: 8px; }
tr.bad td { color: var(--fail); }
`;
