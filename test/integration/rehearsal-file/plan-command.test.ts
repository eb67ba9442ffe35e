import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../../harness/plan/plan-hazards.ts";

const BGH = path.resolve("cli/bgh.mjs");
const run = promisify(execFile);

async function plan(file: string): Promise<{ status: number | null; output: string; plan: Plan }> {
  const result = await run(process.execPath, [BGH, "plan", file, "--json"], { env: { ...process.env, CI: "1" }, encoding: "utf8", timeout: 200_000, maxBuffer: 64 * 1024 * 1024 }).then(
    (done) => ({ ...done, status: 0 as number | null }),
    (error: { stdout?: string; stderr?: string; code?: number }) => ({ stdout: error.stdout ?? "", stderr: error.stderr ?? String(error), status: error.code ?? null }),
  );
  const json = result.stdout.slice(result.stdout.indexOf("{"));
  return { status: result.status, output: `${result.stdout}${result.stderr}`, plan: JSON.parse(json) as Plan };
}

// Side by side: each plan is its own `bgh plan` process with its own two servers.
describe.concurrent("bgh plan", () => {
  it("predicts seed 001's change: intact forward under ALL_NON_LOSSY, old blue's applier stopping (13146) back, the foreign key across both columns", async () => {
    const { status, output, plan: predicted } = await plan("examples/seed-001/rehearsal.yaml");
    expect(status, output).toBe(0);
    expect(predicted.changedColumns.map((c) => [`${c.table}.${c.column}`, c.blueType, c.greenType, c.forward.outcome, c.back.outcome])).toEqual([
      ["joinit.g", "int", "bigint", "intact", "stops"],
      ["joinit_fk.i", "int", "bigint", "intact", "stops"],
    ]);
    expect(predicted.hazards.map((h) => h.id).sort()).toEqual(["back-stops:joinit.g", "back-stops:joinit_fk.i", "foreign-key:joinit.joinit_ibfk_1"]);
  }, 220_000);

  it("predicts an INT UNSIGNED widened to signed BIGINT: values from 2^31 up arrive changed on green", async () => {
    const { status, output, plan: predicted } = await plan("test/integration/fixtures/rehearsal-files/unsigned-widening.yaml");
    expect(status, output).toBe(0);
    const hits = predicted.changedColumns.find((c) => c.column === "hits")!;
    expect(hits).toMatchObject({ blueType: "int unsigned", greenType: "bigint" });
    expect(hits.forward.outcome).toBe("changes-values");
    expect(hits.forward.ranges.join(" ")).toMatch(/2147483648\.\.4294967295/);
    expect(predicted.hazards.some((h) => h.severity === "data-change" && h.direction === "forward" && h.columns.includes("counters.hits"))).toBe(true);
  }, 220_000);

  it("predicts the hazards of a schema it has never seen: the unsigned column's silent change forward, both widened columns stopping old blue, the table without a primary key", async () => {
    const { status, output, plan: predicted } = await plan("test/integration/fixtures/rehearsal-files/zoo.yaml");
    expect(status, output).toBe(0);
    expect(predicted.changedColumns.map((c) => [`${c.table}.${c.column}`, c.blueType, c.greenType, c.forward.outcome, c.back.outcome])).toEqual([
      ["animal.weight_g", "int", "bigint", "intact", "stops"],
      ["feeding.grams", "int unsigned", "bigint", "changes-values", "stops"],
    ]);
    expect(predicted.hazards.map((h) => h.id).sort()).toEqual(["back-stops:animal.weight_g", "back-stops:feeding.grams", "forward-values:feeding.grams", "no-primary-key:visit_log"]);
  }, 220_000);
});
