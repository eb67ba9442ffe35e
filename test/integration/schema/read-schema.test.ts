import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSchema } from "../../../harness/schema/read-schema.ts";
import { findColumn, findTable, type SchemaModel } from "../../../harness/schema/schema-model.ts";
import { runSqlFile } from "../../../harness/sql/sql-script.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";
import { startSingleNode, type SingleNode } from "../support/single-node.ts";

const ZOO = new URL("../../fixtures/sql/zoo-schema.sql", import.meta.url).pathname;

describe("reading a team's schema from information_schema", () => {
  let server: SingleNode;
  let model: SchemaModel;
  beforeAll(async () => {
    server = await startSingleNode("read-schema");
    await runSqlFile(server.session, ZOO);
    model = await readSchema(server.session, "zoo");
  });
  afterAll(async () => {
    await server?.remove();
    if (server) expect(await resourcesOfRun(server.runId)).toEqual([]);
  });

  it("lists base tables, views, triggers apart", () => {
    expect(model.tables.map((t) => t.table)).toEqual(["animal", "enclosure", "feeding", "keeper", "visit_log"]);
    expect(model.views).toEqual(["heavy_animals"]);
    expect(model.triggers).toEqual(["animal_touch"]);
    // The trigger's body is read too: the column it sets is known (the ledger leaves it out).
    expect(findTable(model, "animal")!.triggerSetColumns).toEqual(["touched"]);
    expect(model.tables.every((t) => t.writtenByTriggers.length === 0)).toBe(true);
  });

  it("reads composite primary keys in key order, unique keys, and tables without a primary key", () => {
    expect(findTable(model, "enclosure")!.primaryKey).toEqual(["zone", "num"]);
    expect(findTable(model, "feeding")!.primaryKey).toEqual(["animal_id", "fed_at"]);
    expect(findTable(model, "keeper")!.uniqueKeys).toEqual([{ name: "uk_badge", columns: ["badge"] }]);
    expect(findTable(model, "visit_log")!.primaryKey).toEqual([]);
  });

  it("reads foreign keys, composite ones included, with their referenced columns", () => {
    expect(findTable(model, "animal")!.foreignKeys).toEqual([
      { name: "fk_animal_enclosure", columns: ["zone", "num"], referencedSchema: "zoo", referencedTable: "enclosure", referencedColumns: ["zone", "num"] },
    ]);
    expect(findTable(model, "enclosure")!.foreignKeys[0]).toMatchObject({ columns: ["keeper_id"], referencedTable: "keeper", referencedColumns: ["id"] });
  });

  it("reads each column's full type, signedness, nullability, default, auto_increment, generation and charset", () => {
    const keeper = findTable(model, "keeper")!;
    expect(findColumn(keeper, "id")).toMatchObject({ dataType: "int", unsigned: true, autoIncrement: true, nullable: false });
    expect(findColumn(keeper, "id")!.columnType).toMatch(/^int(\(10\))? unsigned$/); // MariaDB keeps the display width
    expect(findColumn(keeper, "badge")).toMatchObject({ dataType: "bigint", unsigned: false, autoIncrement: false });
    expect(findColumn(keeper, "name")).toMatchObject({ dataType: "varchar", maxLength: 40, characterSet: "utf8mb4" });
    const animal = findTable(model, "animal")!;
    expect(findColumn(animal, "species")).toMatchObject({ dataType: "enum", values: ["lion", "okapi", "it's a bird"], default: "lion" });
    expect(findColumn(animal, "born")).toMatchObject({ dataType: "datetime", datetimePrecision: 3, nullable: true, default: null });
    expect(findColumn(animal, "profile")).toMatchObject({ dataType: "json", nullable: true });
    expect(findColumn(animal, "full_label")).toMatchObject({ generated: true });
    expect(findColumn(animal, "medium")).toMatchObject({ dataType: "mediumint", unsigned: true });
    expect(findColumn(animal, "tiny")).toMatchObject({ dataType: "tinyint", unsigned: false, default: "0" });
    expect(findColumn(findTable(model, "enclosure")!, "area")).toMatchObject({ dataType: "decimal", numericPrecision: 9, numericScale: 2 });
    expect(animal.columns.map((c) => c.ordinal)).toEqual(animal.columns.map((_, i) => i + 1));
  });

  it("names a schema the server does not have", async () => {
    await expect(readSchema(server.session, "nope")).rejects.toThrow(/no schema named "nope"/);
  });
});
