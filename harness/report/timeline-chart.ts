import { escapeAttribute, escapeText } from "./markup-escape.ts";
import type { ScenarioReport, ScenarioTimeline } from "./rehearsal-report.ts";
import { formatDuration } from "./report-facts.ts";

/**
 * A scenario's timeline as inline SVG, drawn in Node so report.html needs no script to show it: what a
 * reader of a failed rollback asks first is "what happened when", i.e. where writes stopped or failed
 * relative to the switchover and rollback phases, how far each replica lagged, and when faults and
 * guardrail verdicts came. Stacked panels share one x axis (seconds since the scenario started):
 * writes per second on top, replication lag below; phase and downtime bands cross both.
 *
 * Elements carry classes and data attributes (writes-acknowledged, lag-line, phase-band,
 * downtime-band, mark) so the browser check can find what was drawn.
 */

const WIDTH = 960;
const LEFT = 60;
const RIGHT = 20;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;
const LANE = 16;
const FONT = 12;
const PANEL_GAP = 30;
// Sans-serif at 12 px averages about this wide per character; enough to keep labels from colliding.
const CHARACTER_WIDTH = 6.8;

const COLORS = {
  acknowledged: "#3b6fb6",
  failed: "#d62728",
  grid: "#d0d5dc",
  axis: "#4a5260",
  text: "#1f2630",
  downtime: "#c81e1e",
  replicas: ["#e07b00", "#2e8b3d", "#8e44ad", "#8c564b", "#1f9e9e", "#b8860b"],
  phases: ["#f6d98b", "#cdb8ee", "#a9d3f5", "#bfe3b4", "#f2c4a8", "#d5d8dd"],
  marks: { fault: "#c2410c", guardrail: "#6d28d9", event: "#4b5563", note: "#0f766e" },
} as const;

type Mark = ScenarioTimeline["marks"][number];

/** True when the timeline has anything to draw; otherwise the report says so instead of an empty chart. */
export function hasTimelineData(timeline: ScenarioTimeline): boolean {
  return timeline.writes.length > 0 || timeline.lag.some((replica) => replica.samples.length > 0) || timeline.phases.length > 0 || timeline.marks.length > 0 || timeline.downtime !== undefined;
}

/** Marks in the order the chart numbers them, so a list beside the chart can use the same numbers. */
export function numberedMarks(timeline: ScenarioTimeline): Array<Mark & { number: number }> {
  return [...timeline.marks].sort((a, b) => a.atMs - b.atMs).map((mark, index) => ({ ...mark, number: index + 1 }));
}

/**
 * The chart for one scenario, or null when its timeline is empty. idPrefix makes the SVG's internal
 * ids (the hatch pattern) unique among several charts in one page.
 */
export function renderTimelineChart(scenario: ScenarioReport, idPrefix: string): string | null {
  const timeline = scenario.timeline;
  if (!hasTimelineData(timeline)) return null;
  const prefix = idPrefix.replace(/[^A-Za-z0-9_-]/g, "-");
  const x = xScale(timeline, scenario.durationMs);
  const replicas = timeline.lag.filter((replica) => replica.samples.length > 0).map((replica, index) => ({ ...replica, color: COLORS.replicas[index % COLORS.replicas.length]! }));
  const marks = numberedMarks(timeline);

  const legend = legendItems(timeline, replicas, marks);
  const legendRows = flowLegend(legend);
  let y = 8 + legendRows.length * 20;

  const phaseLabels = timeline.phases.map((phase) => ({ phase, text: `${phase.name} ${formatDuration(Math.max(0, phase.endMs - phase.startMs))}` }));
  const phaseLanes = assignLanes(phaseLabels.map((label) => ({ x: x.at(label.phase.startMs), width: textWidth(label.text) })), 3);
  const phaseLaneCount = lanesUsed(phaseLanes);
  const phaseTop = y;
  y += phaseLaneCount * LANE;

  const markLanes = assignLanes(marks.map((mark) => ({ x: x.at(mark.atMs) - 6, width: 14 + textWidth(String(mark.number)) })), 3);
  const markTop = y;
  y += lanesUsed(markLanes) * LANE + (marks.length ? 4 : 0);

  const panels: Array<{ kind: "writes" | "lag" | "none"; top: number; height: number }> = [];
  if (timeline.writes.length) panels.push({ kind: "writes", top: 0, height: 150 });
  if (replicas.length) panels.push({ kind: "lag", top: 0, height: 110 });
  if (!panels.length) panels.push({ kind: "none", top: 0, height: 40 });
  const plotTop = y;
  for (const panel of panels) {
    panel.top = y;
    y += panel.height + PANEL_GAP;
  }
  const plotBottom = y - PANEL_GAP;
  const height = plotBottom + 40;

  const parts: string[] = [];
  parts.push(
    `<svg class="timeline-chart" data-scenario-id="${escapeAttribute(scenario.id)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="${prefix}-title ${prefix}-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif" font-size="${FONT}">`,
    `<title id="${prefix}-title">Timeline of ${escapeText(scenario.id)}</title>`,
    `<desc id="${prefix}-desc">${escapeText(describe(timeline, replicas.length))}</desc>`,
    `<defs><pattern id="${prefix}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="${COLORS.downtime}" fill-opacity="0.08"/><line x1="0" y1="0" x2="0" y2="8" stroke="${COLORS.downtime}" stroke-width="3" stroke-opacity="0.45"/></pattern></defs>`,
  );
  parts.push(...legendRows.flatMap((row, index) => row.map((item) => item.draw(item.x, 14 + index * 20, prefix))));

  // Bands first, so bars and lines are drawn over them.
  timeline.phases.forEach((phase, index) => {
    const left = x.at(phase.startMs);
    const width = Math.max(1.5, x.at(phase.endMs) - left);
    const color = COLORS.phases[index % COLORS.phases.length]!;
    const label = phaseLabels[index]!;
    const tooltip = `${phase.name}: ${seconds(phase.startMs)}–${seconds(phase.endMs)} (${formatDuration(Math.max(0, phase.endMs - phase.startMs))})`;
    parts.push(
      `<g class="phase" data-phase="${escapeAttribute(phase.name)}"><title>${escapeText(tooltip)}</title>`,
      `<rect class="phase-band" data-phase="${escapeAttribute(phase.name)}" x="${n(left)}" y="${n(plotTop)}" width="${n(width)}" height="${n(plotBottom - plotTop)}" fill="${color}" fill-opacity="0.55"/>`,
      `<line x1="${n(left)}" x2="${n(left)}" y1="${n(phaseTop)}" y2="${n(plotBottom)}" stroke="${color}" stroke-width="1"/>`,
    );
    const lane = phaseLanes[index]!;
    if (lane >= 0) {
      const top = phaseTop + lane * LANE;
      parts.push(
        `<rect x="${n(left)}" y="${n(top + 1)}" width="${n(textWidth(label.text) + 8)}" height="${LANE - 2}" rx="3" fill="${color}"/>`,
        `<text class="phase-label" x="${n(left + 4)}" y="${n(top + LANE - 4)}" fill="${COLORS.text}">${escapeText(label.text)}</text>`,
      );
    }
    parts.push(`</g>`);
  });

  for (const panel of panels) {
    if (panel.kind === "writes") parts.push(writesPanel(timeline.writes, x, panel.top, panel.height));
    else if (panel.kind === "lag") parts.push(lagPanel(replicas, x, panel.top, panel.height));
    else parts.push(`<text x="${LEFT + 8}" y="${n(panel.top + panel.height / 2 + 4)}" fill="${COLORS.axis}">no writes or replication lag recorded; phases and marks only</text>`);
  }

  // Over the bars, not under them: the downtime is the figure a reader looks for first.
  if (timeline.downtime) parts.push(downtimeBand(timeline.downtime, x, plotTop, plotBottom, prefix));

  marks.forEach((mark, index) => parts.push(markMarker(mark, x.at(mark.atMs), markTop + Math.max(0, markLanes[index]!) * LANE, plotTop, plotBottom)));
  parts.push(xAxis(x, plotBottom));
  parts.push(`</svg>`);
  return parts.join("\n");
}

interface XScale {
  endMs: number;
  at(ms: number): number;
}

function xScale(timeline: ScenarioTimeline, durationMs: number): XScale {
  const ends = [
    durationMs,
    ...timeline.writes.map((second) => second.atMs + 1000),
    ...timeline.lag.flatMap((replica) => replica.samples.map((sample) => sample.atMs)),
    ...timeline.phases.map((phase) => phase.endMs),
    ...timeline.marks.map((mark) => mark.atMs),
    timeline.downtime?.toMs ?? 0,
  ].filter((value) => Number.isFinite(value));
  const endMs = Math.max(1000, ...ends);
  return { endMs, at: (ms) => LEFT + (Math.min(Math.max(ms, 0), endMs) / endMs) * PLOT_WIDTH };
}

function writesPanel(writes: ScenarioTimeline["writes"], x: XScale, top: number, height: number): string {
  const max = niceCeiling(Math.max(1, ...writes.map((second) => second.acknowledged + second.failed)));
  const y = (value: number) => top + height - (value / max) * height;
  const parts = [`<g class="writes-panel">`, ...yAxis(max, y, top, height, "writes/s")];
  for (const second of writes) {
    const left = x.at(second.atMs);
    const width = Math.max(1, x.at(second.atMs + 1000) - left - (x.at(1000) - x.at(0) > 4 ? 1 : 0));
    const range = `${seconds(second.atMs)}–${seconds(second.atMs + 1000)}`;
    if (second.acknowledged > 0) {
      parts.push(
        `<rect class="writes-acknowledged" data-at-ms="${second.atMs}" data-count="${second.acknowledged}" x="${n(left)}" y="${n(y(second.acknowledged))}" width="${n(width)}" height="${n(y(0) - y(second.acknowledged))}" fill="${COLORS.acknowledged}"><title>${range}: ${second.acknowledged} acknowledged writes</title></rect>`,
      );
    }
    if (second.failed > 0) {
      const base = y(second.acknowledged);
      // At least 2 px so that a single failed write in a busy second is still seen.
      const barHeight = Math.max(2, base - y(second.acknowledged + second.failed));
      parts.push(
        `<rect class="writes-failed" data-at-ms="${second.atMs}" data-count="${second.failed}" x="${n(left)}" y="${n(base - barHeight)}" width="${n(width)}" height="${n(barHeight)}" fill="${COLORS.failed}"><title>${range}: ${second.failed} failed writes</title></rect>`,
      );
    }
  }
  parts.push(`<line x1="${LEFT}" x2="${LEFT + PLOT_WIDTH}" y1="${n(top + height)}" y2="${n(top + height)}" stroke="${COLORS.axis}"/>`, `</g>`);
  return parts.join("\n");
}

function lagPanel(replicas: Array<ScenarioTimeline["lag"][number] & { color: string }>, x: XScale, top: number, height: number): string {
  const values = replicas.flatMap((replica) => replica.samples.map((sample) => sample.seconds ?? 0));
  const max = niceCeiling(Math.max(1, ...values));
  const y = (value: number) => top + height - (value / max) * height;
  const parts = [`<g class="lag-panel">`, ...yAxis(max, y, top, height, "lag (s)")];
  for (const replica of replicas) {
    const samples = [...replica.samples].sort((a, b) => a.atMs - b.atMs);
    const gaps: Array<{ fromMs: number; toMs: number; state: string }> = [];
    const segments: Array<typeof samples> = [];
    let current: typeof samples = [];
    samples.forEach((sample, index) => {
      if (sample.seconds === null) {
        if (current.length) segments.push(current);
        current = [];
        const next = samples[index + 1];
        gaps.push({ fromMs: sample.atMs, toMs: next ? next.atMs : sample.atMs + 1000, state: sample.state });
      } else {
        current.push(sample);
      }
    });
    if (current.length) segments.push(current);
    parts.push(...notApplying(replica, mergeGaps(gaps), x, y(0)));
    const d = segments.map((segment) => segment.map((sample, index) => `${index === 0 ? "M" : "L"}${n(x.at(sample.atMs))},${n(y(sample.seconds ?? 0))}`).join(" ")).join(" ");
    const peak = Math.max(0, ...samples.map((sample) => sample.seconds ?? 0));
    if (d) {
      parts.push(
        `<path class="lag-line" data-replica="${escapeAttribute(replica.replica)}" d="${d}" fill="none" stroke="${replica.color}" stroke-width="2.2" stroke-linejoin="round"><title>${escapeText(`${replica.replica}: lag up to ${peak} s`)}</title></path>`,
      );
    }
    // A sample between two gaps is a segment of one point: a line cannot show it, a dot can.
    for (const segment of segments.filter((item) => item.length === 1)) {
      const sample = segment[0]!;
      parts.push(`<circle class="lag-point" data-replica="${escapeAttribute(replica.replica)}" cx="${n(x.at(sample.atMs))}" cy="${n(y(sample.seconds ?? 0))}" r="3" fill="${replica.color}"/>`);
    }
  }
  parts.push(`<line x1="${LEFT}" x2="${LEFT + PLOT_WIDTH}" y1="${n(top + height)}" y2="${n(top + height)}" stroke="${COLORS.axis}"/>`, `</g>`);
  return parts.join("\n");
}

/**
 * Where a replica is not applying, a hatched strip on the baseline with its state: a stopped applier
 * is often the cause of everything after it, so it is spelled out, not left as a missing line.
 */
function notApplying(replica: { replica: string; color: string }, gaps: Array<{ fromMs: number; toMs: number; state: string }>, x: XScale, baseline: number): string[] {
  return gaps.map((gap) => {
    const left = x.at(gap.fromMs);
    const width = Math.max(2, x.at(gap.toMs) - left);
    const text = `${replica.replica}: ${gap.state}`;
    // The label may run past a short strip (pulled left near the chart's end), but not off the chart.
    const labelX = Math.min(left + 2, LEFT + PLOT_WIDTH - textWidth(text));
    const label = labelX >= LEFT ? `<text class="lag-gap-label" x="${n(labelX)}" y="${n(baseline - 12)}" fill="${COLORS.text}">${escapeText(text)}</text>` : "";
    return [
      `<g class="lag-gap" data-replica="${escapeAttribute(replica.replica)}"><title>${escapeText(`${replica.replica} not applying from ${seconds(gap.fromMs)} to ${seconds(gap.toMs)}: ${gap.state}`)}</title>`,
      `<rect x="${n(left)}" y="${n(baseline - 8)}" width="${n(width)}" height="8" fill="${replica.color}" fill-opacity="0.35" stroke="${replica.color}" stroke-dasharray="3 2"/>`,
      label,
      `</g>`,
    ].join("");
  });
}

/** Consecutive samples in the same state make one strip, not one per sample. */
function mergeGaps(gaps: Array<{ fromMs: number; toMs: number; state: string }>): Array<{ fromMs: number; toMs: number; state: string }> {
  const merged: Array<{ fromMs: number; toMs: number; state: string }> = [];
  for (const gap of gaps) {
    const last = merged[merged.length - 1];
    if (last && last.state === gap.state && last.toMs >= gap.fromMs) last.toMs = Math.max(last.toMs, gap.toMs);
    else merged.push({ ...gap });
  }
  return merged;
}

function downtimeBand(downtime: NonNullable<ScenarioTimeline["downtime"]>, x: XScale, top: number, bottom: number, prefix: string): string {
  const left = x.at(downtime.fromMs);
  const width = Math.max(2, x.at(downtime.toMs) - left);
  const text = `downtime ${formatDuration(downtime.longestMs)}`;
  // Inside the band when it fits, else just right of it (or left, at the chart's right edge).
  const fits = textWidth(text) + 8 <= width;
  const outsideRight = left + width + 4 + textWidth(text) <= LEFT + PLOT_WIDTH;
  const labelX = fits ? left + 4 : outsideRight ? left + width + 4 : left - 4 - textWidth(text);
  return [
    `<g class="downtime"><title>${escapeText(`no acknowledged write from ${seconds(downtime.fromMs)} to ${seconds(downtime.toMs)} (longest stretch ${formatDuration(downtime.longestMs)})`)}</title>`,
    `<rect class="downtime-band" data-longest-ms="${downtime.longestMs}" x="${n(left)}" y="${n(top)}" width="${n(width)}" height="${n(bottom - top)}" fill="url(#${prefix}-hatch)" stroke="${COLORS.downtime}" stroke-width="1" stroke-dasharray="4 2"/>`,
    `<rect x="${n(labelX - 3)}" y="${n(top + 3)}" width="${n(textWidth(text) + 6)}" height="16" rx="3" fill="#ffffff" fill-opacity="0.9"/>`,
    `<text class="downtime-label" x="${n(labelX)}" y="${n(top + 15)}" fill="${COLORS.downtime}" font-weight="600">${escapeText(text)}</text>`,
    `</g>`,
  ].join("\n");
}

function markMarker(mark: Mark & { number: number }, at: number, laneTop: number, plotTop: number, plotBottom: number): string {
  const color = COLORS.marks[mark.kind] ?? COLORS.marks.note;
  const cy = laneTop + LANE / 2;
  const tooltip = `${mark.number}. ${seconds(mark.atMs)} ${mark.kind}: ${mark.label}${mark.detail ? ` — ${mark.detail}` : ""}`;
  return [
    `<g class="mark" data-kind="${escapeAttribute(mark.kind)}" data-at-ms="${mark.atMs}"><title>${escapeText(tooltip)}</title>`,
    `<line x1="${n(at)}" x2="${n(at)}" y1="${n(cy)}" y2="${n(plotBottom)}" stroke="${color}" stroke-width="1.5" stroke-dasharray="5 3"/>`,
    // A wide invisible stroke so the tooltip is reachable without pixel-perfect aim.
    `<line x1="${n(at)}" x2="${n(at)}" y1="${n(plotTop)}" y2="${n(plotBottom)}" stroke="transparent" stroke-width="9"/>`,
    glyph(mark.kind, at, cy, color),
    `<text x="${n(at + 8)}" y="${n(cy + 4)}" fill="${color}" font-weight="700">${mark.number}</text>`,
    `</g>`,
  ].join("\n");
}

/** A shape per kind, so marks differ without relying on colour alone. */
function glyph(kind: Mark["kind"], cx: number, cy: number, color: string): string {
  if (kind === "fault") return `<path d="M${n(cx)},${n(cy - 6)} L${n(cx + 6)},${n(cy + 5)} L${n(cx - 6)},${n(cy + 5)} Z" fill="${color}"/>`;
  if (kind === "guardrail") return `<path d="M${n(cx)},${n(cy - 6)} L${n(cx + 6)},${n(cy)} L${n(cx)},${n(cy + 6)} L${n(cx - 6)},${n(cy)} Z" fill="${color}"/>`;
  if (kind === "event") return `<circle cx="${n(cx)}" cy="${n(cy)}" r="5" fill="${color}"/>`;
  return `<rect x="${n(cx - 5)}" y="${n(cy - 5)}" width="10" height="10" fill="${color}"/>`;
}

function yAxis(max: number, y: (value: number) => number, top: number, height: number, label: string): string[] {
  const parts: string[] = [];
  for (const value of [0, max / 2, max]) {
    parts.push(
      `<line x1="${LEFT}" x2="${LEFT + PLOT_WIDTH}" y1="${n(y(value))}" y2="${n(y(value))}" stroke="${COLORS.grid}" stroke-width="1"/>`,
      `<text x="${LEFT - 6}" y="${n(y(value) + 4)}" text-anchor="end" fill="${COLORS.axis}">${formatNumber(value)}</text>`,
    );
  }
  const middle = top + height / 2;
  parts.push(`<text x="14" y="${n(middle)}" transform="rotate(-90 14 ${n(middle)})" text-anchor="middle" fill="${COLORS.axis}" font-weight="600">${escapeText(label)}</text>`);
  return parts;
}

function xAxis(x: XScale, bottom: number): string {
  const step = tickStep(x.endMs / 1000);
  const parts = [`<g class="x-axis">`];
  for (let second = 0; second * 1000 <= x.endMs + 1; second += step) {
    const at = x.at(second * 1000);
    parts.push(`<line x1="${n(at)}" x2="${n(at)}" y1="${n(bottom)}" y2="${n(bottom + 5)}" stroke="${COLORS.axis}"/>`, `<text x="${n(at)}" y="${n(bottom + 18)}" text-anchor="middle" fill="${COLORS.axis}">${second}</text>`);
  }
  parts.push(`<text x="${LEFT + PLOT_WIDTH}" y="${n(bottom + 34)}" text-anchor="end" fill="${COLORS.axis}">seconds since the scenario started</text>`, `</g>`);
  return parts.join("\n");
}

interface LegendItem {
  width: number;
  draw(x: number, y: number, prefix: string): string;
}

function legendItems(timeline: ScenarioTimeline, replicas: Array<{ replica: string; color: string }>, marks: Mark[]): LegendItem[] {
  const items: LegendItem[] = [];
  const swatch = (label: string, shape: (x: number, y: number, prefix: string) => string): LegendItem => ({
    width: 22 + textWidth(label) + 18,
    draw: (x, y, prefix) => `<g class="legend-item">${shape(x, y, prefix)}<text x="${n(x + 20)}" y="${n(y + 4)}" fill="${COLORS.text}">${escapeText(label)}</text></g>`,
  });
  if (timeline.writes.length) {
    items.push(swatch("acknowledged writes/s", (x, y) => `<rect x="${n(x)}" y="${n(y - 6)}" width="14" height="12" fill="${COLORS.acknowledged}"/>`));
    if (timeline.writes.some((second) => second.failed > 0)) items.push(swatch("failed writes/s", (x, y) => `<rect x="${n(x)}" y="${n(y - 6)}" width="14" height="12" fill="${COLORS.failed}"/>`));
  }
  for (const replica of replicas) items.push(swatch(`lag of ${replica.replica}`, (x, y) => `<line x1="${n(x)}" x2="${n(x + 14)}" y1="${n(y)}" y2="${n(y)}" stroke="${replica.color}" stroke-width="3"/>`));
  if (timeline.phases.length) items.push(swatch("phase", (x, y) => `<rect x="${n(x)}" y="${n(y - 6)}" width="14" height="12" fill="${COLORS.phases[0]}"/>`));
  if (timeline.downtime) items.push(swatch("downtime (no acknowledged write)", (x, y, prefix) => `<rect x="${n(x)}" y="${n(y - 6)}" width="14" height="12" fill="url(#${prefix}-hatch)" stroke="${COLORS.downtime}"/>`));
  for (const kind of ["fault", "guardrail", "event", "note"] as const) {
    if (marks.some((mark) => mark.kind === kind)) items.push(swatch(kind === "guardrail" ? "guardrail verdict" : kind, (x, y) => glyph(kind, x + 7, y, COLORS.marks[kind])));
  }
  return items;
}

function flowLegend(items: LegendItem[]): Array<Array<LegendItem & { x: number }>> {
  const rows: Array<Array<LegendItem & { x: number }>> = [];
  let row: Array<LegendItem & { x: number }> = [];
  let x = LEFT;
  for (const item of items) {
    if (row.length && x + item.width > WIDTH - RIGHT) {
      rows.push(row);
      row = [];
      x = LEFT;
    }
    row.push({ ...item, x });
    x += item.width;
  }
  if (row.length) rows.push(row);
  return rows;
}

/** Puts each label in the first lane where it does not overlap the previous one; -1 when none is free. */
function assignLanes(labels: Array<{ x: number; width: number }>, maxLanes: number): number[] {
  const laneEnds: number[] = [];
  const order = labels.map((label, index) => ({ ...label, index })).sort((a, b) => a.x - b.x);
  const lanes = new Array<number>(labels.length).fill(-1);
  for (const label of order) {
    let lane = laneEnds.findIndex((end) => end + 6 <= label.x);
    if (lane < 0 && laneEnds.length < maxLanes) lane = laneEnds.length;
    if (lane < 0) continue;
    laneEnds[lane] = label.x + label.width;
    lanes[label.index] = lane;
  }
  return lanes;
}

function lanesUsed(lanes: number[]): number {
  return lanes.length ? Math.max(0, ...lanes) + 1 : 0;
}

function describe(timeline: ScenarioTimeline, replicaCount: number): string {
  const acknowledged = timeline.writes.reduce((sum, second) => sum + second.acknowledged, 0);
  const failed = timeline.writes.reduce((sum, second) => sum + second.failed, 0);
  const parts = [`${acknowledged} acknowledged and ${failed} failed writes over ${timeline.writes.length} s`, `lag of ${replicaCount} replica(s)`];
  if (timeline.phases.length) parts.push(`phases: ${timeline.phases.map((phase) => phase.name).join(", ")}`);
  if (timeline.downtime) parts.push(`downtime ${formatDuration(timeline.downtime.longestMs)}`);
  return parts.join("; ");
}

/** 1, 2 or 5 times a power of ten, at or above the value: axis maxima a person reads at once. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= value) return factor * power;
  return 10 * power;
}

function tickStep(totalSeconds: number): number {
  for (const step of [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600]) if (totalSeconds / step <= 12) return step;
  return 7200;
}

function textWidth(text: string): number {
  return text.length * CHARACTER_WIDTH;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}
