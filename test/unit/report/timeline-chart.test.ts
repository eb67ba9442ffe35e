import { describe, expect, it } from "vitest";
import { hasTimelineData, numberedMarks, renderTimelineChart } from "../../../harness/report/timeline-chart.ts";
import { erroredScenario, failedScenario, reachedScenario } from "./fixture.ts";

/** Every element of the given class with its attributes. */
function elements(svg: string, className: string): Array<Record<string, string>> {
  return [...svg.matchAll(new RegExp(`<(\\w+) class="${className}"([^>]*)>`, "g"))].map((match) =>
    Object.fromEntries([...match[2]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((attribute) => [attribute[1]!, attribute[2]!])),
  );
}

describe("timeline chart", () => {
  const reached = reachedScenario();
  const svg = renderTimelineChart(reached, "chart-0")!;

  it("draws a bar per second with acknowledged writes and a red bar per second with failed ones", () => {
    const acknowledged = elements(svg, "writes-acknowledged");
    const failed = elements(svg, "writes-failed");
    expect(acknowledged).toHaveLength(reached.timeline.writes.filter((second) => second.acknowledged > 0).length);
    expect(failed.map((bar) => Number(bar["data-at-ms"]))).toEqual([20_000, 21_000, 22_000, 23_000]);
    const total = (bars: Array<Record<string, string>>) => bars.reduce((sum, bar) => sum + Number(bar["data-count"]), 0);
    expect(total(acknowledged)).toBe(reached.timeline.writes.reduce((sum, second) => sum + second.acknowledged, 0));
    expect(total(failed)).toBe(26);
  });

  it("scales bars by their count and places them in time order", () => {
    const bars = elements(svg, "writes-acknowledged");
    const second = (atMs: number) => bars.find((bar) => Number(bar["data-at-ms"]) === atMs)!;
    const heightPerWrite = (bar: Record<string, string>) => Number(bar.height) / Number(bar["data-count"]);
    expect(heightPerWrite(second(20_000))).toBeCloseTo(heightPerWrite(second(30_000)), 1);
    expect(Number(second(10_000).x)).toBeLessThan(Number(second(20_000).x));
    // Seconds 21 and 22 had no acknowledged write: no bar, not a zero-height one.
    expect(bars.some((bar) => bar["data-at-ms"] === "21000")).toBe(false);
  });

  it("draws one lag line per replica and a labelled strip where a replica is not applying", () => {
    expect(elements(svg, "lag-line").map((line) => line["data-replica"])).toEqual(["green-writer", "blue-writer (reverse)"]);
    const failed = renderTimelineChart(failedScenario(), "chart-1")!;
    expect(elements(failed, "lag-line").map((line) => line["data-replica"])).toEqual(["green-writer"]);
    expect(failed).toContain("green-writer: SQL stopped: error 13146 (type-conversion)");
    // The line runs to the last sample that had a lag (18 s) and no further: the bar of that second starts there.
    const path = elements(failed, "lag-line")[0]!.d!;
    const xs = [...path.matchAll(/[ML]([\d.]+),/g)].map((match) => Number(match[1]));
    const at18 = Number(elements(failed, "writes-acknowledged").find((bar) => bar["data-at-ms"] === "18000")!.x);
    expect(Math.max(...xs)).toBeCloseTo(at18, 0);
  });

  it("shades each phase, labelled by name, across the chart at its place in time", () => {
    const bands = elements(svg, "phase-band");
    expect(bands.map((band) => band["data-phase"])).toEqual(["switchover", "reverse replication", "rollback"]);
    const widthOf = (name: string) => Number(bands.find((band) => band["data-phase"] === name)!.width);
    expect(widthOf("reverse replication") / widthOf("switchover")).toBeCloseTo(9 / 3.8, 1);
    expect(svg).toContain(">switchover 3.8 s</text>");
    expect(svg).toContain(">rollback 5.5 s</text>");
  });

  it("hatches the downtime window and writes its length", () => {
    const [band] = elements(svg, "downtime-band");
    expect(band).toMatchObject({ "data-longest-ms": "2700", fill: "url(#chart-0-hatch)" });
    expect(svg).toContain(`<pattern id="chart-0-hatch"`);
    expect(svg).toContain(">downtime 2.7 s</text>");
    expect(renderTimelineChart(failedScenario(), "x")).not.toContain("downtime-band");
  });

  it("marks faults, guardrail verdicts and events with numbered markers and tooltips", () => {
    expect(elements(svg, "mark").map((mark) => mark["data-kind"])).toEqual(["guardrail", "event", "note"]);
    expect(svg).toContain("<title>2. 23.6 s event: RDS-EVENT-0245 switchover completed — new primary at mysql-bin-changelog.000003:1547</title>");
    expect(numberedMarks(reached.timeline).map((mark) => mark.number)).toEqual([1, 2, 3]);
  });

  it("has a legend naming what is drawn, and only that", () => {
    const legend = [...svg.matchAll(/<g class="legend-item">.*?<text[^>]*>([^<]+)<\/text><\/g>/g)].map((match) => match[1]);
    expect(legend).toEqual(["acknowledged writes/s", "failed writes/s", "lag of green-writer", "lag of blue-writer (reverse)", "phase", "downtime (no acknowledged write)", "guardrail verdict", "event", "note"]);
    const failedLegend = renderTimelineChart(failedScenario(), "x")!;
    expect(failedLegend).not.toContain("downtime (no acknowledged write)");
    expect(failedLegend).toContain(">fault</text>");
  });

  it("draws nothing for an empty timeline, so the report can say so", () => {
    expect(hasTimelineData(erroredScenario().timeline)).toBe(false);
    expect(renderTimelineChart(erroredScenario(), "x")).toBeNull();
    const marksOnly = { ...erroredScenario(), timeline: { phases: [], writes: [], lag: [], marks: [{ atMs: 500, kind: "fault" as const, label: "killed" }] } };
    expect(renderTimelineChart(marksOnly, "x")).toContain("no writes or replication lag recorded");
  });

  it("escapes names that come from servers", () => {
    const scenario = reachedScenario();
    scenario.timeline.lag[0]!.replica = `<b onmouseover="x">green</b>`;
    scenario.timeline.phases[0]!.name = "a & b";
    const hostile = renderTimelineChart(scenario, `id with "quotes"`)!;
    expect(hostile).not.toContain("<b ");
    expect(hostile).toContain(`data-replica="&lt;b onmouseover=&quot;x&quot;&gt;green&lt;/b&gt;"`);
    expect(hostile).toContain(`data-phase="a &amp; b"`);
    expect(hostile).toContain(`<pattern id="id-with--quotes--hatch"`);
  });
});
