import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arithmeticRanges, chunkRanges, indexWalkRanges, isDense } from "../../../harness/checks/chunk-boundaries.ts";
import type { KeyRange } from "../../../harness/checks/key-range.ts";
import { planTable } from "../../../harness/checks/table-plan.ts";
import { FakeTableServer, type FakeRow } from "./support/fake-table-server.ts";
import { column, table } from "./support/shapes.ts";

async function collect(ranges: AsyncIterable<KeyRange>): Promise<KeyRange[]> {
  const result: KeyRange[] = [];
  for await (const range of ranges) result.push(range);
  return result;
}

/** Ranges cover every integer exactly once: unbounded at both ends, each starting where the last ended. */
function expectContiguous(ranges: KeyRange[]): void {
  expect(ranges[0]!.from).toBeNull();
  expect(ranges.at(-1)!.to).toBeNull();
  for (let i = 1; i < ranges.length; i++) {
    expect(ranges[i]!.from).toBe(ranges[i - 1]!.to);
    if (ranges[i]!.to !== null) expect(ranges[i]!.to! > ranges[i]!.from!).toBe(true);
  }
}

function rowsIn(keys: bigint[], range: KeyRange): number {
  return keys.filter((key) => (range.from === null || key >= range.from) && (range.to === null || key < range.to)).length;
}

describe("chunk boundaries", () => {
  it("splits a dense key by arithmetic into contiguous ranges of about chunkRows keys", () => {
    const ranges = [...arithmeticRanges(1n, 1_000_000n, 1_000_000, 10_000)];
    expect(ranges).toHaveLength(100);
    expectContiguous(ranges);
    expect(ranges[1]).toEqual({ from: 10_001n, to: 20_001n });
  });

  it("keeps arithmetic ranges exact at the edges of BIGINT", () => {
    const max = 2n ** 63n - 1n;
    const ranges = [...arithmeticRanges(max - 9n, max, 10, 3)];
    expectContiguous(ranges);
    expect(ranges.map((r) => r.to)).toEqual([max - 6n, max - 3n, max, null]);
  });

  it("calls a key dense when at least half of its value range is used", () => {
    expect(isDense(50, 1n, 100n)).toBe(true);
    expect(isDense(49, 1n, 100n)).toBe(false);
    expect(isDense(2, -(2n ** 63n), 2n ** 63n - 1n)).toBe(false);
  });

  it("covers every key exactly once, with at most 2 x chunkRows rows of a dense key per range (property)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.bigInt({ min: -50n, max: 50n }), { minLength: 1, maxLength: 101 }), fc.integer({ min: 1, max: 20 }), (keys, chunkRows) => {
        const sorted = [...keys].sort((a, b) => (a < b ? -1 : 1));
        const min = sorted[0]!;
        const max = sorted.at(-1)!;
        fc.pre(isDense(keys.length, min, max));
        const ranges = [...arithmeticRanges(min, max, keys.length, chunkRows)];
        expectContiguous(ranges);
        for (const range of ranges) expect(rowsIn(keys, range)).toBeLessThanOrEqual(2 * chunkRows);
      }),
      { seed: 7 },
    );
  });

  it("walks the index for a sparse key: each range holds chunkRows rows of the left side", async () => {
    const shape = table("t", [column("id", "bigint")]);
    const plan = planTable(shape, shape);
    const keys = [-(2n ** 63n), -5n, 0n, 3n, 4n, 1000n, 2n ** 40n, 2n ** 62n, 2n ** 63n - 1n];
    const server = new FakeTableServer(plan, keys.map((id) => ({ id: id.toString() })));
    const { boundaries, ranges } = await chunkRanges(server, plan, 2);
    expect(boundaries).toBe("index-walk");
    const all = await collect(ranges);
    expectContiguous(all);
    expect(all.map((range) => rowsIn(keys, range))).toEqual([2, 2, 2, 2, 1]);
  });

  it("takes a dense key's ranges from MIN, MAX and COUNT alone", async () => {
    const shape = table("t", [column("id", "int")]);
    const plan = planTable(shape, shape);
    const server = new FakeTableServer(plan, Array.from({ length: 100 }, (_, i) => ({ id: String(i + 1) })));
    const { boundaries, ranges } = await chunkRanges(server, plan, 10);
    expect(boundaries).toBe("arithmetic");
    expect(await collect(ranges)).toHaveLength(10);
    expect(server.statements).toHaveLength(1);
  });

  it("never splits the rows of one first-column value of a composite key, however many there are", async () => {
    const shape = table("t", [column("tenant", "int"), column("seq", "int")], ["tenant", "seq"]);
    const plan = planTable(shape, shape);
    const rows: FakeRow[] = [];
    for (const [tenant, count] of [[1, 2], [2, 9], [3, 1], [7, 3]] as const) {
      for (let seq = 0; seq < count; seq++) rows.push({ tenant: String(tenant), seq: String(seq) });
    }
    const all = await collect(indexWalkRanges(new FakeTableServer(plan, rows), plan, "tenant", 3));
    expectContiguous(all);
    for (const tenant of [1n, 2n, 3n, 7n]) {
      expect(all.filter((range) => rowsIn([tenant], range) === 1)).toHaveLength(1);
    }
  });

  it("uses one whole-table range when the first key column is not an integer", async () => {
    const shape = table("t", [column("code", "varchar(10)")], ["code"]);
    const plan = planTable(shape, shape);
    const { boundaries, ranges } = await chunkRanges(new FakeTableServer(plan, []), plan, 10);
    expect(boundaries).toBe("none");
    expect(await collect(ranges)).toEqual([{ from: null, to: null }]);
  });
});
