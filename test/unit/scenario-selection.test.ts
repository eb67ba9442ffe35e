import { describe, expect, it } from "vitest";
import { belongsToRun } from "../../harness/lifecycle/reaper.ts";
import { scenarioRunId } from "../../harness/scenario/run-scenarios.ts";
import { parseShard, selectScenarios, shardOf } from "../../cli/scenario-selection.ts";
import { SCENARIOS } from "../../scenarios/catalogue.ts";

describe("choosing and splitting scenarios", () => {
  it("puts every scenario in exactly one shard, spreading neighbours", () => {
    const items = ["a", "b", "c", "d", "e"];
    const shards = [1, 2, 3].map((index) => shardOf(items, parseShard(`${index}/3`)));
    expect(shards).toEqual([["a", "d"], ["b", "e"], ["c"]]);
    expect(shards.flat().sort()).toEqual(items);
  });

  it("refuses shards that are not i/n with 1 <= i <= n", () => {
    for (const bad of ["0/2", "3/2", "1/0", "2", "a/b"]) expect(() => parseShard(bad), bad).toThrow(/--shard/);
  });

  it("selects built-in scenarios by id in the order given, all of them by default, and refuses unknown or repeated ones", async () => {
    expect(await selectScenarios([])).toBe(SCENARIOS);
    expect((await selectScenarios(["seed-004", "int-to-bigint"])).map((s) => s.id)).toEqual(["seed-004", "int-to-bigint"]);
    await expect(selectScenarios(["nope"])).rejects.toThrow(/no scenario "nope"/);
    await expect(selectScenarios(["seed-004", "seed-004"])).rejects.toThrow(/named twice/);
  });
});

describe("a run's resources", () => {
  it("are the run's own and its scenarios' (<runId>-<scenario>), never another run's", () => {
    const runId = "bgh-20261122-063812-e681";
    const scenario = scenarioRunId(runId, "Rollback Narrowing!");
    expect(scenario).toBe(`${runId}-rollback-narrowing`);
    expect(belongsToRun(runId, runId)).toBe(true);
    expect(belongsToRun(scenario, runId)).toBe(true);
    expect(belongsToRun("bgh-20261122-063812-e6810", runId)).toBe(false);
    expect(belongsToRun("bgh-20261122-063812-e68", runId)).toBe(false);
    expect(belongsToRun(undefined, runId)).toBe(false);
  });
});
