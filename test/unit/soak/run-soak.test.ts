import { describe, expect, it } from "vitest";
import type { EngineImage } from "../../../harness/images/engine-image.ts";
import type { Scenario, ScenarioContext } from "../../../harness/scenario/scenario.ts";
import { runSoak, type SoakOptions } from "../../../harness/soak/run-soak.ts";
import { runSeed } from "../../../harness/soak/soak-seeds.ts";

/** A scenario without servers, to drive the soak's scheduling: it fails for the seeds `fails` picks. */
function scenario(id: string, fails: (seed: number) => boolean = () => false, ms = 5, seen: ScenarioContext[] = []): Scenario<any> {
  return {
    id,
    title: id,
    expectation: "",
    faultPoints: [{ fault: "f", description: "", points: ["p", "q"], maxDelayMs: 100 }],
    async run(context) {
      seen.push(context);
      await new Promise((resolve) => setTimeout(resolve, ms));
      return { reached: !fails(context.seed!), checks: [], figures: {}, details: {} };
    },
  };
}

const base: SoakOptions = { engine: {} as EngineImage, runId: "bgh-test", soakSeed: 7, parallel: 2, perRunTimeoutMs: 60_000, stopOnFailure: false };

describe("runSoak", () => {
  it("runs each scenario N times in rounds, with the derived seeds and placements, results in scheduled order", async () => {
    const seen: ScenarioContext[] = [];
    const { results, endedEarly } = await runSoak([scenario("a", undefined, 5, seen), scenario("b", undefined, 1, seen)], { ...base, runs: 3 });
    expect(endedEarly).toBeUndefined();
    expect(results.map((result) => `${result.spec.scenario.id}#${result.spec.run}`)).toEqual(["a#1", "b#1", "a#2", "b#2", "a#3", "b#3"]);
    expect(results.map((result) => result.run.seed)).toEqual(results.map((result) => runSeed(7, result.spec.scenario.id, result.spec.run)));
    expect(results[0]!.spec.runId).toBe("bgh-test-a-r1");
    // The scenario saw the run's placement; the first run the default.
    expect(seen.find((context) => context.runId === "bgh-test-a-r1")!.faultPlacements).toEqual({ f: { point: "p", delayMs: 0 } });
    for (const result of results) expect(seen.find((context) => context.runId === result.spec.runId)!.faultPlacements).toEqual(result.spec.faultPlacements);
  });

  it("starts no run after --for's time is up", async () => {
    const started = Date.now();
    const { results } = await runSoak([scenario("a", undefined, 20)], { ...base, parallel: 1, until: started + 100 });
    expect(results.length).toBeGreaterThan(1);
    expect(results.length).toBeLessThan(10);
    expect(results.every((result) => Date.parse(result.run.startedAt) < started + 100)).toBe(true);
  });

  it("with stopOnFailure starts nothing after the first failure", async () => {
    const failing = runSeed(7, "a", 2);
    const { results, endedEarly } = await runSoak([scenario("a", (seed) => seed === failing)], { ...base, parallel: 1, runs: 10, stopOnFailure: true });
    expect(endedEarly).toBe("stopped at the first failure");
    expect(results.map((result) => [result.spec.run, result.run.reached])).toEqual([[1, true], [2, false]]);
  });

  it("when aborted (Ctrl-C) starts nothing more and reports what finished", async () => {
    const controller = new AbortController();
    const finished: number[] = [];
    const { results, endedEarly } = await runSoak([scenario("a")], {
      ...base,
      parallel: 1,
      runs: 50,
      signal: controller.signal,
      onFinished: (result) => {
        finished.push(result.spec.run);
        if (result.spec.run === 3) controller.abort();
      },
    });
    expect(endedEarly).toBe("interrupted");
    expect(results.map((result) => result.spec.run)).toEqual([1, 2, 3]);
    expect(finished).toEqual([1, 2, 3]);
  });
});
