import { describe, expect, it } from "vitest";
import type { SqlRow, SqlRunner } from "../../harness/sql/sql-runner.ts";
import { longestGap } from "../../harness/workload/ledger-workload.ts";
import { WriteLedger } from "../../harness/workload/write-ledger.ts";

/** A table as the final primary would return it: key -> value. */
function primaryWith(rows: Record<string, string | null>): SqlRunner {
  return {
    async query(_sql: string, params?: readonly unknown[]): Promise<SqlRow[]> {
      if (params && params.length > 0) return []; // one page holds everything here
      return Object.entries(rows).map(([k, v]) => ({ k, v }));
    },
  };
}
const TABLE = { schema: "app", table: "ledger", key: "id", value: "v" };

describe("the write ledger", () => {
  it("passes when every acknowledged write is there with its value, deletes included", async () => {
    const ledger = new WriteLedger();
    ledger.acknowledged("1", "10");
    ledger.acknowledged("2", "20");
    ledger.acknowledged("2", "21");
    ledger.acknowledged("3", "30");
    ledger.acknowledged("3", null);
    const verdict = await ledger.verify(primaryWith({ "1": "10", "2": "21" }), TABLE);
    expect(verdict).toMatchObject({ ok: true, acknowledged: 5, keys: 3, lost: 0, changed: 0, unexpected: 0 });
  });

  it("finds a lost row, a changed value, an undone delete and a row nobody wrote", async () => {
    const ledger = new WriteLedger();
    ledger.acknowledged("1", "10");
    ledger.acknowledged("2", "2147483648");
    ledger.acknowledged("3", null);
    const verdict = await ledger.verify(primaryWith({ "2": "2147483647", "3": "30", "9": "90" }), TABLE);
    expect(verdict).toMatchObject({ ok: false, lost: 1, changed: 2, unexpected: 1 });
    expect(verdict.samples.lost).toEqual([{ key: "1", expected: "10", actual: null }]);
    expect(verdict.samples.changed).toEqual([
      { key: "2", expected: "2147483648", actual: "2147483647" },
      { key: "3", expected: null, actual: "30" },
    ]);
    expect(verdict.samples.unexpected).toEqual([{ key: "9", expected: null, actual: "90" }]);
  });

  it("accepts either outcome of a write whose acknowledgement was lost, and nothing else", async () => {
    const ledger = new WriteLedger();
    ledger.acknowledged("1", "10");
    ledger.unknownOutcome("1", "11");
    ledger.unknownOutcome("2", "20");
    expect(await ledger.verify(primaryWith({ "1": "11", "2": "20" }), TABLE)).toMatchObject({ ok: true, inDoubt: 2 });
    expect(await ledger.verify(primaryWith({ "1": "10" }), TABLE)).toMatchObject({ ok: true, inDoubt: 0 });
    expect(await ledger.verify(primaryWith({ "1": "12" }), TABLE)).toMatchObject({ ok: false, changed: 1 });
  });

  it("an acknowledged write after an in-doubt one settles the key", async () => {
    const ledger = new WriteLedger();
    ledger.unknownOutcome("1", "10");
    ledger.acknowledged("1", "11");
    expect(await ledger.verify(primaryWith({ "1": "10" }), TABLE)).toMatchObject({ ok: false, changed: 1 });
  });
});

describe("the unavailability window", () => {
  it("is the longest stretch without an acknowledged write, edges included", () => {
    expect(longestGap([100, 200, 1500, 1600], 2000)).toEqual({ longestMs: 1300, fromMs: 200, toMs: 1500 });
    expect(longestGap([], 800)).toEqual({ longestMs: 800, fromMs: 0, toMs: 800 });
    expect(longestGap([10, 20], 3000)).toEqual({ longestMs: 2980, fromMs: 20, toMs: 3000 });
  });
});
