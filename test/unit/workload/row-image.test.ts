import { describe, expect, it } from "vitest";
import { insertionOrder } from "../../../harness/data/insertion-order.ts";
import { columnsSetByTrigger, tablesWrittenByTrigger } from "../../../harness/schema/read-schema.ts";
import type { ColumnModel, SchemaModel, TableModel } from "../../../harness/schema/schema-model.ts";
import { canonicalJson, imageValue, ledgerColumns, ledgerExclusion } from "../../../harness/workload/row-image.ts";

function column(name: string, dataType: string, extra: Partial<ColumnModel> = {}): ColumnModel {
  return { name, dataType, columnType: dataType, nullable: true, characterSet: null, collation: null, numericScale: null, ordinal: 1, unsigned: false, default: null, autoIncrement: false, generated: false, autoUpdated: false, maxLength: null, numericPrecision: null, datetimePrecision: null, values: [], ...extra };
}
function table(name: string, extra: Partial<TableModel> = {}): TableModel {
  return { schema: "s", table: name, columns: [column("id", "int")], primaryKey: ["id"], uniqueKeys: [], foreignKeys: [], engine: "InnoDB", triggerSetColumns: [], writtenByTriggers: [], ...extra };
}

describe("row images", () => {
  it("compare integers by value across widths, JSON by document, BIT by number, NULL apart from JSON null", () => {
    expect(imageValue(column("a", "int"), 5)).toBe(imageValue(column("a", "bigint"), "5"));
    expect(imageValue(column("j", "json"), '{"b":1,"a":[true,null]}')).toBe(imageValue(column("j", "json"), '{"a": [true, null], "b": 1}'));
    expect(imageValue(column("j", "json"), "null")).toBe("null");
    expect(imageValue(column("j", "json"), null)).toBeNull();
    expect(imageValue(column("b", "bit"), Buffer.from([1, 0]))).toBe("256");
    expect(imageValue(column("b", "bit"), "256")).toBe("256");
    expect(canonicalJson({ z: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"z":1}');
  });

  it("leave out generated, server-updated and trigger-set columns, and tables a row cannot be named in", () => {
    const t = table("t", {
      columns: [column("id", "int"), column("g", "int", { generated: true }), column("u", "timestamp", { autoUpdated: true }), column("n", "int")],
      triggerSetColumns: ["n"],
    });
    expect(ledgerColumns(t).columns.map((c) => c.name)).toEqual(["id"]);
    expect(ledgerColumns(t).ignored.map((i) => i.column)).toEqual(["g", "u", "n"]);
    expect(ledgerExclusion(table("log", { primaryKey: [] }))).toMatch(/no primary key/);
    expect(ledgerExclusion(table("audit", { writtenByTriggers: ["orders_ai"] }))).toMatch(/written by trigger orders_ai/);
    expect(ledgerExclusion(t)).toBeUndefined();
  });
});

describe("reading trigger bodies", () => {
  it("finds the columns a trigger sets and the tables it writes", () => {
    const body = "BEGIN\n SET NEW.`total` = NEW.qty * 2, NEW.stamp := NOW();\n IF NEW.qty = OLD.qty THEN SET @x = 1; END IF;\n INSERT INTO audit (id) VALUES (NEW.id);\n UPDATE shop.`stock` SET n = n - 1;\n DELETE FROM other.t;\nEND";
    expect(columnsSetByTrigger(body).sort()).toEqual(["stamp", "total"]);
    expect(tablesWrittenByTrigger(body, "shop").sort()).toEqual(["audit", "stock"]);
  });
});

describe("insertion order", () => {
  const fk = (to: string) => ({ name: `fk_${to}`, columns: ["p"], referencedSchema: "s", referencedTable: to, referencedColumns: ["id"] });
  it("puts parents before children and names a cycle", () => {
    const model: SchemaModel = { schema: "s", tables: [table("c", { foreignKeys: [fk("b")] }), table("b", { foreignKeys: [fk("a"), fk("b")] }), table("a")], views: [], triggers: [], routines: [] };
    expect(insertionOrder(model).map((t) => t.table)).toEqual(["a", "b", "c"]);
    const cycle: SchemaModel = { ...model, tables: [table("x", { foreignKeys: [fk("y")] }), table("y", { foreignKeys: [fk("x")] })] };
    expect(() => insertionOrder(cycle)).toThrow(/cycle: x, y/);
  });
});
