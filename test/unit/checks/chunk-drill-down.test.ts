import { describe, expect, it } from "vitest";
import { batches, drillDown, fanOutBits } from "../../../harness/checks/chunk-drill-down.ts";
import { DifferenceTally } from "../../../harness/checks/difference-tally.ts";
import { planTable } from "../../../harness/checks/table-plan.ts";
import type { SqlRunner } from "../../../harness/sql/sql-runner.ts";
import { FakeTableServer } from "./support/fake-table-server.ts";
import { column, table } from "./support/shapes.ts";

describe("the drill-down into a differing chunk", () => {
  it("splits into buckets of about an eighth of drillDownRows, within the 32 bits of the key hash", () => {
    expect(fanOutBits(10_000, 1_000, 32)).toBe(7);
    expect(fanOutBits(1_001, 1_000, 32)).toBe(4);
    expect(fanOutBits(10_000_000, 1_000, 32)).toBe(12);
    expect(fanOutBits(10_000_000, 1_000, 2)).toBe(2);
  });

  it("fetches differing buckets together, up to drillDownRows rows per fetch", () => {
    const part = (value: number, rows: number) => ({ bucket: { bits: 7, value }, rows });
    expect(batches([part(1, 100), part(2, 100), part(3, 900), part(4, 50)], 1000).map((b) => b.map((p) => p.bucket.value))).toEqual([[1, 2], [3, 4]]);
    expect(batches([part(1, 5000)], 1000)).toHaveLength(1);
    expect(batches([], 1000)).toEqual([]);
  });

  it("never holds more than drillDownRows rows of a side, even when every row differs", async () => {
    const shape = table("t", [column("id", "int"), column("v", "int")]);
    const plan = planTable(shape, shape);
    const left = new FakeTableServer(plan, Array.from({ length: 2000 }, (_, i) => ({ id: String(i), v: "1" })));
    const right = new FakeTableServer(plan, Array.from({ length: 2000 }, (_, i) => ({ id: String(i), v: "2" })));
    const largest: number[] = [];
    const recording = (server: FakeTableServer): SqlRunner => ({
      query: async (sql) => {
        const rows = await server.query(sql);
        if (/ AS c0/.test(sql)) largest.push(rows.length);
        return rows;
      },
    });
    const tally = new DifferenceTally(plan, 5);
    const found = await drillDown({ left: recording(left), right: recording(right), plan, drillDownRows: 300, tally }, { from: null, to: null }, 2000, 2000);
    expect(found).toBe(2000);
    expect(tally.differences).toMatchObject({ changedRows: 2000, missingOnRight: 0, extraOnRight: 0 });
    // Math.max() of nothing is -Infinity: make sure the row fetches were seen at all.
    expect(largest.length).toBeGreaterThan(0);
    expect(Math.max(...largest)).toBeLessThanOrEqual(300);
  });
});
