import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareTable } from "../../../harness/checks/row-comparison.ts";
import { startSingleNode, type SingleNode } from "../support/single-node.ts";

/** Two servers holding the same JSON table but for the values each test sets. */
describe("compareTable on JSON columns", () => {
  let left: SingleNode;
  let right: SingleNode;

  beforeAll(async () => {
    [left, right] = await Promise.all([startSingleNode("json-left"), startSingleNode("json-right")]);
    for (const server of [left, right]) {
      await server.session.query("CREATE DATABASE docs");
      await server.session.query("CREATE TABLE docs.t (id INT PRIMARY KEY, j JSON NULL)");
    }
  }, 120_000);
  afterAll(async () => {
    await Promise.all([left?.remove(), right?.remove()]);
  });

  async function holding(rows: Array<[number, string | null]>, server: SingleNode): Promise<void> {
    await server.session.query("DELETE FROM docs.t");
    for (const [id, j] of rows) await server.session.query("INSERT INTO docs.t VALUES (?, ?)", [id, j]);
  }

  it("tells the JSON literal null from SQL NULL", async () => {
    await holding([[1, null], [2, "null"], [3, '{"a": 1}']], left);
    await holding([[1, "null"], [2, null], [3, '{"a":1}']], right);
    const comparison = await compareTable(left.session, right.session, { schema: "docs", table: "t" });
    expect(comparison).toMatchObject({ equal: false, changedRows: 2, missingOnRight: 0, extraOnRight: 0 });
    expect(comparison.samples).toEqual([
      { key: "1", column: "j", left: null, right: "null" },
      { key: "2", column: "j", left: "null", right: null },
    ]);
  });

  it("finds the same document equal however it was written", async () => {
    await holding([[1, '{"b": [1, 2], "a": null}'], [2, null]], left);
    await holding([[1, '{"a":null,"b":[1,2]}'], [2, null]], right);
    expect(await compareTable(left.session, right.session, { schema: "docs", table: "t" })).toMatchObject({ equal: true, changedRows: 0 });
  });
});
