import { describe, expect, it } from "vitest";
import { planHazards, type Hazard } from "../../../harness/plan/plan-hazards.ts";
import { renderPlan } from "../../../harness/plan/render-plan.ts";
import type { ColumnModel, ForeignKeyModel, SchemaModel, TableModel } from "../../../harness/schema/schema-model.ts";

function column(name: string, columnType: string): ColumnModel {
  const dataType = columnType.split(/[ (]/)[0]!;
  return { name, dataType, columnType, nullable: false, characterSet: null, collation: null, numericScale: null, ordinal: 1, unsigned: columnType.includes("unsigned"), default: null, autoIncrement: false, generated: false, autoUpdated: false, maxLength: null, numericPrecision: null, datetimePrecision: null, values: [] };
}
function table(name: string, columns: ColumnModel[], primaryKey: string[], foreignKeys: ForeignKeyModel[] = []): TableModel {
  return { schema: "app", table: name, columns, primaryKey, uniqueKeys: [], foreignKeys, engine: "InnoDB", triggerSetColumns: [], writtenByTriggers: [] };
}
function schema(tables: TableModel[]): SchemaModel {
  return { schema: "app", tables, views: [], triggers: [], routines: [] };
}

// Seed 001: joinit.g (INT, foreign key to joinit_fk.i) and joinit_fk.i (INT primary key) widened to BIGINT on green.
const joinitFk: ForeignKeyModel = { name: "joinit_ibfk_1", columns: ["g"], referencedSchema: "app", referencedTable: "joinit_fk", referencedColumns: ["i"] };
const seed001 = (g: string, i: string) =>
  schema([
    table("joinit", [column("i", "int"), column("s", "varchar(64)"), column("t", "time"), column("g", g)], ["i"], [joinitFk]),
    table("joinit_fk", [column("i", i)], ["i"]),
  ]);
const byId = (hazards: Hazard[], id: string) => hazards.find((h) => h.id === id);

describe("the plan for seed 001's INT -> BIGINT change", () => {
  const input = { blue: seed001("int", "int"), green: seed001("bigint", "bigint"), greenConversions: "ALL_NON_LOSSY", blueConversions: "" };

  it("predicts an intact forward replication and a refused one back into old blue", () => {
    const plan = planHazards(input);
    expect(plan.changedColumns.map((c) => `${c.table}.${c.column}`)).toEqual(["joinit.g", "joinit_fk.i"]);
    for (const c of plan.changedColumns) {
      expect(c.forward).toMatchObject({ outcome: "intact", ranges: [] });
      expect(c.back).toMatchObject({ outcome: "stops", ranges: [] });
    }
    expect(plan.hazards.some((h) => h.direction === "forward" && h.severity !== "warning")).toBe(false);
    const stop = byId(plan.hazards, "back-stops:joinit_fk.i")!;
    expect(stop).toMatchObject({ severity: "replication-stop", tables: ["joinit_fk"], columns: ["joinit_fk.i"], direction: "back" });
    expect(stop.detail).toMatch(/13146/);
    expect(stop.step).toMatch(/reverse replication/);
    expect(stop.fix).toMatch(/widen old blue's joinit_fk.i to bigint/);
  });

  it("names the foreign key across the changed columns and GTID auto-position replaying green's ALTERs", () => {
    const plan = planHazards(input);
    expect(byId(plan.hazards, "foreign-key:joinit.joinit_ibfk_1")).toMatchObject({ tables: ["joinit", "joinit_fk"], columns: ["joinit.g", "joinit_fk.i"] });
    expect(byId(plan.hazards, "gtid-auto-position-replays-ddl")!.detail).toMatch(/joinit.g, joinit_fk.i silently become bigint/);
    expect(byId(planHazards({ ...input, gtidMode: false }).hazards, "gtid-auto-position-replays-ddl")).toBeUndefined();
  });

  it("with ALL_LOSSY on old blue: the exact clipped ranges, and the clipped primary key colliding", () => {
    const plan = planHazards({ ...input, blueConversions: "ALL_LOSSY" });
    const clipped = ["-9223372036854775808..-2147483649 arrive as -2147483648 (clipped)", "2147483648..9223372036854775807 arrive as 2147483647 (clipped)"];
    expect(byId(plan.hazards, "back-values:joinit.g")).toMatchObject({ severity: "data-change", ranges: clipped });
    expect(byId(plan.hazards, "back-collision:joinit_fk.i")).toMatchObject({ severity: "collision", columns: ["joinit_fk.i"] });
    expect(byId(plan.hazards, "back-collision:joinit.g")).toBeUndefined(); // not a key column
  });

  it("without ALL_NON_LOSSY on green the forward replication stops", () => {
    const plan = planHazards({ ...input, greenConversions: "" });
    expect(byId(plan.hazards, "forward-stops:joinit.g")!.fix).toMatch(/include ALL_NON_LOSSY/);
  });
});

describe("the plan for an INT UNSIGNED widening into signed BIGINT", () => {
  const model = (type: string) => schema([table("account", [column("id", "bigint"), column("balance", type)], ["id"])]);

  it("predicts values from 2^31 up arriving negative while replication stays healthy (bug #82599)", () => {
    const plan = planHazards({ blue: model("int unsigned"), green: model("bigint"), greenConversions: "ALL_NON_LOSSY", blueConversions: "" });
    expect(plan.changedColumns[0]!.forward).toMatchObject({ outcome: "changes-values", ranges: ["2147483648..4294967295 arrive as -2147483648..-1 (signedness)"] });
    const hazard = byId(plan.hazards, "forward-values:account.balance")!;
    expect(hazard).toMatchObject({ severity: "data-change", direction: "forward", columns: ["account.balance"] });
    expect(hazard.fix).toMatch(/bigint UNSIGNED|ALL_UNSIGNED/i);
  });

  it("predicts nothing changed with ALL_UNSIGNED; an unsigned BIGINT alone does not help (the event is read as signed)", () => {
    expect(planHazards({ blue: model("int unsigned"), green: model("bigint"), greenConversions: "ALL_NON_LOSSY,ALL_UNSIGNED", blueConversions: "" }).changedColumns[0]!.forward.outcome).toBe("intact");
    expect(planHazards({ blue: model("int unsigned"), green: model("bigint unsigned"), greenConversions: "ALL_NON_LOSSY,ALL_UNSIGNED", blueConversions: "" }).changedColumns[0]!.forward.outcome).toBe("intact");
    expect(planHazards({ blue: model("int unsigned"), green: model("bigint unsigned"), greenConversions: "ALL_NON_LOSSY", blueConversions: "" }).changedColumns[0]!.forward.ranges).toEqual([
      "2147483648..4294967295 arrive as 0 (signedness, clipped)",
    ]);
  });
});

describe("settings and shapes that bite", () => {
  const plain = schema([table("t", [column("id", "int")], ["id"]), table("log", [column("at", "datetime")], [])]);
  it("retention shorter than the rollback window, binlog format, writes on green, tables without a primary key", () => {
    const plan = planHazards({ blue: plain, green: plain, greenConversions: "", blueConversions: "", binlogFormat: "MIXED", binlogRetentionHours: 24, rollbackWindowHours: 48, greenReadOnly: false });
    expect(plan.changedColumns).toEqual([]);
    expect(plan.hazards.map((h) => h.id).sort()).toEqual(["binlog-format-not-row", "binlog-retention-shorter-than-rollback-window", "no-primary-key:log", "writes-allowed-on-green"]);
    expect(byId(plan.hazards, "binlog-retention-shorter-than-rollback-window")!.fix).toMatch(/'binlog retention hours', 48/);
    expect(planHazards({ blue: plain, green: plain, greenConversions: "", blueConversions: "", binlogFormat: "ROW", binlogRetentionHours: 72, rollbackWindowHours: 48 }).hazards.map((h) => h.id)).toEqual(["no-primary-key:log"]);
  });

  it("renders every changed column, range and hazard with its step and fix", () => {
    const blue = seed001("int", "int");
    const text = renderPlan(planHazards({ blue, green: seed001("bigint", "bigint"), greenConversions: "ALL_NON_LOSSY", blueConversions: "ALL_LOSSY" }));
    expect(text).toContain("joinit_fk.i: int -> bigint (key column)");
    expect(text).toContain("2147483648..9223372036854775807 arrive as 2147483647 (clipped)");
    expect(text).toMatch(/\[COLLISION\] back-collision:joinit_fk.i/);
    expect(text).toMatch(/fix: {2}widen old blue's joinit_fk.i/);
    expect(text).toMatch(/Summary: .*data change.*collision/);
  });
});
