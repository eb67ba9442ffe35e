import { describe, expect, it } from "vitest";
import { runPlacements, runSeed } from "../../../harness/soak/soak-seeds.ts";
import type { FaultPointDeclaration } from "../../../harness/scenario/fault-points.ts";

const CUT: FaultPointDeclaration = { fault: "cut", description: "", points: ["a", "b", "c"], maxDelayMs: 500 };

describe("a soak's run seeds", () => {
  it("are the same for the same soak seed, scenario and run: the whole soak replays", () => {
    expect(runSeed(42, "int-to-bigint", 7)).toBe(runSeed(42, "int-to-bigint", 7));
  });

  it("are fresh per run, per scenario and per soak seed, and within rehearse's range", () => {
    const seeds = new Set<number>();
    for (let run = 1; run <= 200; run++) for (const id of ["x", "y"]) seeds.add(runSeed(42, id, run));
    expect(seeds.size).toBe(400);
    expect(runSeed(43, "x", 1)).not.toBe(runSeed(42, "x", 1));
    for (const seed of seeds) expect(seed >= 1 && seed <= 2 ** 31 - 1 && Number.isInteger(seed)).toBe(true);
  });
});

describe("a soak's fault placements", () => {
  it("keep the defaults in a scenario's first run, what plain bgh rehearse proves", () => {
    expect(runPlacements([CUT], runSeed(1, "s", 1), 1)).toEqual({ cut: { point: "a", delayMs: 0 } });
  });

  it("move across points and moments in later runs, within what the scenario declares, the same for the same seed", () => {
    const placements = Array.from({ length: 60 }, (_, index) => runPlacements([CUT], runSeed(9, "s", index + 2), index + 2)!.cut!);
    expect(new Set(placements.map((placement) => placement.point))).toEqual(new Set(["a", "b", "c"]));
    expect(new Set(placements.map((placement) => placement.delayMs)).size).toBeGreaterThan(30);
    for (const placement of placements) expect(placement.delayMs >= 0 && placement.delayMs <= 500).toBe(true);
    expect(runPlacements([CUT], 1234, 5)).toEqual(runPlacements([CUT], 1234, 5));
  });

  it("are absent for a scenario without fault points", () => {
    expect(runPlacements(undefined, 5, 3)).toBeUndefined();
  });
});
