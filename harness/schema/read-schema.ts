import { HarnessError } from "../errors/harness-error.ts";
import type { SqlRow, SqlRunner } from "../sql/sql-runner.ts";
import type { ColumnModel, ForeignKeyModel, SchemaModel, TableModel } from "./schema-model.ts";

/**
 * Reads one schema's tables, keys, foreign keys, views, triggers and routines from information_schema
 * (a fixed number of queries, whatever the number of tables). Works on MySQL 8.0+ and MariaDB.
 */
export async function readSchema(runner: SqlRunner, schema: string): Promise<SchemaModel> {
  const [exists] = await runner.query("SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", [schema]);
  if (Number(exists?.n ?? 0) === 0) {
    throw new HarnessError({ what: `reading schema ${schema}`, cause: `the server has no schema named "${schema}"`, fix: "load the schema first, or name the schema its SQL file creates (CREATE DATABASE / USE)" });
  }
  const [version] = await runner.query("SELECT VERSION() AS v");
  const mariadb = /mariadb/i.test(String(version?.v ?? ""));
  const tables = await runner.query(
    "SELECT TABLE_NAME AS t, TABLE_TYPE AS type, ENGINE AS engine FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME",
    [schema],
  );
  const columns = await runner.query(
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS name, ORDINAL_POSITION AS ordinal, DATA_TYPE AS dataType, COLUMN_TYPE AS columnType,
            IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, EXTRA AS extra, CHARACTER_SET_NAME AS characterSet,
            COLLATION_NAME AS collation, CHARACTER_MAXIMUM_LENGTH AS maxLength, NUMERIC_PRECISION AS numericPrecision,
            NUMERIC_SCALE AS numericScale, DATETIME_PRECISION AS datetimePrecision
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    [schema],
  );
  const keys = await runner.query(
    `SELECT TABLE_NAME AS t, INDEX_NAME AS name, COLUMN_NAME AS col, NON_UNIQUE AS nonUnique
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND NON_UNIQUE = 0 ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    [schema],
  );
  const references = await runner.query(
    `SELECT k.TABLE_NAME AS t, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS col, k.REFERENCED_TABLE_SCHEMA AS rs,
            k.REFERENCED_TABLE_NAME AS rt, k.REFERENCED_COLUMN_NAME AS rc
       FROM information_schema.KEY_COLUMN_USAGE k
      WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
      ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
    [schema],
  );
  const triggers = await runner.query(
    "SELECT TRIGGER_NAME AS name, EVENT_OBJECT_TABLE AS t, ACTION_STATEMENT AS body FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? ORDER BY TRIGGER_NAME",
    [schema],
  );
  const routines = await runner.query("SELECT ROUTINE_NAME AS name FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? ORDER BY ROUTINE_NAME", [schema]);

  const byName = new Map<string, TableModel>();
  const views: string[] = [];
  for (const row of tables) {
    const name = String(row.t);
    if (String(row.type) === "VIEW") {
      views.push(name);
      continue;
    }
    if (String(row.type) !== "BASE TABLE") continue;
    byName.set(name, {
      schema,
      table: name,
      columns: [],
      primaryKey: [],
      uniqueKeys: [],
      foreignKeys: [],
      engine: row.engine === null ? null : String(row.engine),
      triggerSetColumns: [],
      writtenByTriggers: [],
    });
  }
  for (const row of columns) byName.get(String(row.t))?.columns.push(columnOf(row, mariadb));
  if (mariadb) await markMariadbJson(runner, schema, byName);
  for (const row of keys) {
    const table = byName.get(String(row.t));
    if (!table) continue;
    const name = String(row.name);
    if (name === "PRIMARY") {
      table.primaryKey.push(String(row.col));
      continue;
    }
    let key = table.uniqueKeys.find((candidate) => candidate.name === name);
    if (!key) table.uniqueKeys.push((key = { name, columns: [] }));
    key.columns.push(String(row.col));
  }
  for (const row of references) {
    const table = byName.get(String(row.t));
    if (!table) continue;
    const name = String(row.name);
    let key: ForeignKeyModel | undefined = table.foreignKeys.find((candidate) => candidate.name === name);
    if (!key) table.foreignKeys.push((key = { name, columns: [], referencedSchema: String(row.rs), referencedTable: String(row.rt), referencedColumns: [] }));
    key.columns.push(String(row.col));
    key.referencedColumns.push(String(row.rc));
  }
  for (const row of triggers) {
    const name = String(row.name);
    const body = String(row.body ?? "");
    const own = byName.get(String(row.t));
    for (const column of columnsSetByTrigger(body)) if (own && !own.triggerSetColumns.includes(column)) own.triggerSetColumns.push(column);
    for (const target of tablesWrittenByTrigger(body, schema)) {
      const table = byName.get(target);
      if (table && !table.writtenByTriggers.includes(name)) table.writtenByTriggers.push(name);
    }
  }
  return {
    schema,
    tables: [...byName.values()],
    views,
    triggers: triggers.map((row) => String(row.name)),
    routines: routines.map((row) => String(row.name)),
  };
}

function columnOf(row: SqlRow, mariadb: boolean): ColumnModel {
  const columnType = String(row.columnType).toLowerCase();
  const dataType = String(row.dataType).toLowerCase();
  const extra = String(row.extra ?? "").toLowerCase();
  const number = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return {
    name: String(row.name),
    ordinal: Number(row.ordinal),
    dataType,
    columnType,
    unsigned: /\bunsigned\b|\bzerofill\b/.test(columnType),
    nullable: String(row.nullable) === "YES",
    default: defaultOf(row.dflt, mariadb),
    autoIncrement: extra.includes("auto_increment"),
    // MySQL: "VIRTUAL GENERATED"/"STORED GENERATED"; MariaDB: "VIRTUAL"/"PERSISTENT"/"STORED".
    generated: /\b(generated|virtual|persistent|stored)\b/.test(extra),
    autoUpdated: extra.includes("on update"),
    characterSet: row.characterSet === null ? null : String(row.characterSet).toLowerCase(),
    collation: row.collation === null ? null : String(row.collation).toLowerCase(),
    maxLength: number(row.maxLength),
    numericPrecision: number(row.numericPrecision),
    numericScale: number(row.numericScale),
    datetimePrecision: number(row.datetimePrecision),
    values: dataType === "enum" || dataType === "set" ? enumValues(String(row.columnType)) : [],
  };
}

/**
 * MariaDB's JSON is LONGTEXT with a CHECK (json_valid(col)) named after the column: such a column is
 * given the data type "json" (its COLUMN_TYPE stays longtext), so that values are generated and
 * compared as JSON documents.
 */
async function markMariadbJson(runner: SqlRunner, schema: string, tables: Map<string, TableModel>): Promise<void> {
  const checks = await runner.query("SELECT TABLE_NAME AS t, CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?", [schema]);
  for (const row of checks) {
    const match = /^\s*json_valid\(\s*`((?:[^`]|``)+)`\s*\)\s*$/i.exec(String(row.clause ?? ""));
    if (!match) continue;
    const column = tables.get(String(row.t))?.columns.find((c) => c.name === match[1]!.replace(/``/g, "`"));
    if (column && /text$/.test(column.dataType)) column.dataType = "json";
  }
}

/**
 * COLUMN_DEFAULT as MySQL shows it: a literal unquoted, no default (or NULL) as NULL. MariaDB quotes
 * literals ('lion') and shows a NULL default as the text NULL; expressions stay as they are.
 */
function defaultOf(value: unknown, mariadb: boolean): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  if (!mariadb) return text;
  if (text === "NULL") return null;
  const quoted = /^'([\s\S]*)'$/.exec(text);
  return quoted ? quoted[1]!.replace(/''/g, "'").replace(/\\(.)/g, "$1") : text;
}

/** The quoted values of "enum('a','b''c')" in order, unquoted. */
export function enumValues(columnType: string): string[] {
  const body = columnType.slice(columnType.indexOf("(") + 1, columnType.lastIndexOf(")"));
  const values: string[] = [];
  const pattern = /'((?:[^'\\]|''|\\.)*)'/g;
  for (let match = pattern.exec(body); match; match = pattern.exec(body)) values.push(match[1]!.replace(/''/g, "'").replace(/\\(.)/g, "$1"));
  return values;
}

/**
 * Columns a trigger body assigns through NEW: `SET NEW.col = ...` (and further `, NEW.col := ...` in the
 * same SET). A comparison in an IF condition is not an assignment; one inside a SET's expression would
 * be counted, which only leaves a column out of the ledger.
 */
export function columnsSetByTrigger(body: string): string[] {
  const found = new Set<string>();
  for (const statement of body.matchAll(/\bSET\b([^;]*)/gi)) {
    for (const match of statement[1]!.matchAll(/\bNEW\s*\.\s*(?:`((?:[^`]|``)+)`|([A-Za-z0-9_$]+))\s*:?=(?!=)/gi)) found.add((match[1] ?? match[2]!).replace(/``/g, "`"));
  }
  return [...found];
}

/** Tables of `schema` a trigger body writes to (INSERT/REPLACE INTO, UPDATE, DELETE FROM). */
export function tablesWrittenByTrigger(body: string, schema: string): string[] {
  const found = new Set<string>();
  const name = "(?:`((?:[^`]|``)+)`|([A-Za-z0-9_$]+))";
  const pattern = new RegExp(`\\b(?:INSERT(?:\\s+IGNORE)?(?:\\s+INTO)?|REPLACE(?:\\s+INTO)?|UPDATE(?:\\s+IGNORE)?|DELETE(?:\\s+IGNORE)?\\s+FROM)\\s+${name}(?:\\s*\\.\\s*${name})?`, "gi");
  for (const match of body.matchAll(pattern)) {
    const first = (match[1] ?? match[2]!).replace(/``/g, "`");
    const second = match[3] ?? match[4];
    if (second === undefined) found.add(first);
    else if (first === schema) found.add(second.replace(/``/g, "`"));
  }
  return [...found];
}
