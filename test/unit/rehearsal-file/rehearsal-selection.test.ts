import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { selectScenarios } from "../../../cli/scenario-selection.ts";
import { REHEARSAL_SCHEMA_PATH } from "../../../harness/rehearsal-file/rehearsal-schema.ts";

describe("rehearsal files among scenario ids", () => {
  it("compiles each file to a scenario in the order given, beside built-in ids, with the file's expectations in words", async () => {
    const scenarios = await selectScenarios(["examples/seed-001/rehearsal.yaml", "int-to-bigint", "examples/seed-000-strategy-2/rehearsal.yaml"]);
    expect(scenarios.map((scenario) => scenario.id)).toEqual(["seed-001", "int-to-bigint", "seed-000-strategy-2"]);
    expect(scenarios[0]!.title).toBe("Widen joinit's INT key to BIGINT on green and switch over under load (seed 001)");
    expect(scenarios[2]!.expectation).toBe("every step succeeds; no acknowledged write lost or changed on blue; write outage at most 120 s");
  });

  it("refuses the same rehearsal twice, saying how to tell two apart", async () => {
    await expect(selectScenarios(["examples/seed-001/rehearsal.yaml", "./examples/seed-001/rehearsal.yaml"])).rejects.toThrow(/"seed-001" is named twice[\s\S]*id: of its own/);
  });

  it("publishes the JSON Schema in the package, with an $id editors can resolve", () => {
    const packageJson = JSON.parse(readFileSync("package.json", "utf8")) as { exports: Record<string, string>; files: string[] };
    expect(packageJson.exports["./schema/rehearsal.schema.json"]).toBe("./schema/rehearsal.schema.json");
    expect(packageJson.files).toContain("schema");
    const schema = JSON.parse(readFileSync(REHEARSAL_SCHEMA_PATH, "utf8")) as { $id: string; required: string[] };
    expect(schema.$id).toMatch(/rehearsal\.schema\.json$/);
    expect(schema.required).toEqual(["name", "cluster", "schema", "steps"]);
  });
});
