import { describe, expect, it } from "vitest";
import { renderSoakTable } from "../../../harness/report/soak-render.ts";
import type { LedgerTotals } from "../../../harness/report/rehearsal-report.ts";
import type { ScenarioRun } from "../../../harness/scenario/run-scenario.ts";
import type { Scenario } from "../../../harness/scenario/scenario.ts";
import type { SoakRunResult } from "../../../harness/soak/soak-run.ts";
import { summarizeSoak } from "../../../harness/soak/soak-summary.ts";
import { formatRemaining, parseDuration } from "../../../cli/duration-option.ts";

const scenario = (id: string) => ({ id, title: id, expectation: "", run: async () => ({ reached: true, checks: [], figures: {}, details: {} }) }) as Scenario<any>;
const A = scenario("alpha");
const B = scenario("beta");

function result(of: Scenario<any>, run: number, seed: number, reached: boolean, durationMs: number, extra: { ledger?: Partial<LedgerTotals>; outageMs?: number; timedOut?: boolean; interrupted?: boolean } = {}): SoakRunResult {
  const ledger = extra.ledger ? { acknowledged: 0, failed: 0, lost: 0, changed: 0, unexpected: 0, inDoubt: 0, verifiedOn: "blue", ...extra.ledger } : undefined;
  const scenarioRun: ScenarioRun = {
    id: of.id,
    title: of.title,
    expectation: "",
    reached,
    startedAt: "2026-12-07T00:00:00.000Z",
    durationMs,
    seed,
    profile: [],
    recording: {
      timeline: { phases: [], marks: [], writes: [], lag: [], ...(extra.outageMs === undefined ? {} : { downtime: { fromMs: 0, toMs: extra.outageMs, longestMs: extra.outageMs } }) },
      findings: [],
      guardrails: [],
      events: [],
      ...(ledger ? { ledger } : {}),
    },
  };
  return { spec: { scenario: of, run, seed, runId: `r-${of.id}-${run}` }, run: scenarioRun, ...(extra.timedOut ? { timedOut: true } : {}), ...(extra.interrupted ? { interrupted: true } : {}) };
}

describe("the soak summary", () => {
  const results = [
    result(A, 1, 11, true, 5000, { ledger: { acknowledged: 100, inDoubt: 1 }, outageMs: 900 }),
    result(B, 1, 21, true, 1000),
    result(A, 2, 12, false, 9000, { ledger: { acknowledged: 50, lost: 2, changed: 1 }, outageMs: 3000 }),
    result(B, 2, 22, false, 60_000, { timedOut: true }),
    result(A, 3, 13, true, 7000, { ledger: { acknowledged: 25 }, outageMs: 1200 }),
    result(A, 4, 14, false, 99_000, { ledger: { acknowledged: 1000, lost: 1000 }, interrupted: true }),
  ];

  it("counts runs, passes and failures per scenario, in the scenarios' order; a timeout is a failure, an interrupted run neither", () => {
    const [alpha, beta] = summarizeSoak(results);
    expect(alpha).toMatchObject({ id: "alpha", runs: 3, passed: 2, failed: 1, timedOut: 0, interrupted: 1 });
    expect(beta).toMatchObject({ id: "beta", runs: 2, passed: 1, failed: 1, timedOut: 1, interrupted: 0 });
  });

  it("adds up the ledgers of finished runs and keeps the longest outage and slowest run with their seeds", () => {
    const [alpha, beta] = summarizeSoak(results);
    expect(alpha).toMatchObject({ acknowledged: 175, lost: 2, changed: 1, inDoubt: 1, longestOutage: { ms: 3000, seed: 12 }, slowestRun: { ms: 9000, seed: 12 } });
    // No run of beta verified a ledger: no figure, rather than a misleading 0.
    expect(beta).toMatchObject({ acknowledged: null, lost: null, changed: null, inDoubt: null, longestOutage: null, slowestRun: { ms: 60_000, seed: 22 } });
  });

  it("renders as an aligned table with a row per scenario", () => {
    const table = renderSoakTable(summarizeSoak(results)).split("\n");
    expect(table).toHaveLength(3);
    expect(table[0]).toMatch(/^scenario\s+runs\s+passed\s+failed\s+acknowledged\s+lost\s+changed\s+in doubt\s+longest outage\s+slowest run$/);
    expect(table[1]).toMatch(/^alpha\s+3 \(\+1 interrupted\)\s+2\s+1\s+175\s+2\s+1\s+1\s+3\.0 s \(seed 12\)\s+9\.0 s \(seed 12\)$/);
    expect(table[2]).toMatch(/^beta .*1 \(1 timed out\)\s+—\s+—\s+—\s+—\s+—/);
  });
});

describe("soak durations", () => {
  it("reads 90s, 30m, 2h, 1h30m and a bare number of seconds, and refuses anything else", () => {
    expect(parseDuration("90s", "--for")).toBe(90_000);
    expect(parseDuration("30m", "--for")).toBe(1_800_000);
    expect(parseDuration("1h30m", "--for")).toBe(5_400_000);
    expect(parseDuration("45", "--for")).toBe(45_000);
    for (const bad of ["", "soon", "2 hours", "0s", "1x"]) expect(() => parseDuration(bad, "--for"), bad).toThrow(/--for 90s, 30m, 2h or 1h30m/);
  });

  it("formats the time left briefly", () => {
    expect(formatRemaining(4_230_000)).toBe("1h10m");
    expect(formatRemaining(125_000)).toBe("2m05s");
    expect(formatRemaining(-5)).toBe("0s");
  });
});
