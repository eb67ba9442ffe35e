import mysql from "mysql2/promise";
import { HarnessError, messageOf } from "../errors/harness-error.ts";
import type { StartedMysqlNode } from "../node/started-mysql-node.ts";
import { connectionOptions, openConnection } from "../sql/mysql-session.ts";
import { sqlIdentifier, sqlTable } from "../sql/sql-literal.ts";
import { userSchemasFilter } from "../sql/system-schemas.ts";

/** A base table with stored FLOAT columns, and how its rows are found and updated again. */
export interface FloatTable {
  schema: string;
  table: string;
  floats: string[];
  /** The primary key, else a unique key of NOT NULL columns, neither holding a FLOAT column. */
  key: string[] | undefined;
  /** Columns with ON UPDATE CURRENT_TIMESTAMP: set to themselves, so that putting a FLOAT right does not move them. */
  autoUpdated: string[];
  /** Why its values cannot be put right: no such key, or an UPDATE trigger the update would fire. */
  unrestorable: string | undefined;
}

/** The source's FLOAT values, read under a global read lock that is held until `release`. */
export interface HeldFloats {
  /** Tables whose FLOAT values cannot be put right, each with why ("shop.t: no primary key ..."). */
  readonly unrestorable: string[];
  /** Ends the global read lock on the source (idempotent). */
  release(): Promise<void>;
  /** Writes the exact values into `target` (binary log off), row by row by key. */
  restore(target: StartedMysqlNode): Promise<void>;
}

/** How long the global read lock may wait for statements running on the source. */
const LOCK_WAIT_SECONDS = 60;

/** A value read from the source as a literal for the target (numbers, strings, Buffers, NULL). */
const escape = (value: unknown): string => mysql.escape(value as Parameters<typeof mysql.escape>[0]);

/** Rows per multi-statement round trip when restoring. */
const RESTORE_BATCH = 200;

/**
 * mysqldump (and mariadb-dump) write FLOAT as the server prints it, with 6 significant digits: 123456.25
 * arrives as 123456, 1.2345678 as 1.23457. A dump is the only copy across releases and on MariaDB, so
 * where the source has FLOAT columns the dump runs under a global read lock taken here first (the
 * dump's own FLUSH TABLES WITH READ LOCK shares it), with the exact values read in that same quiet
 * moment as doubles (`col + 0E0` widens a FLOAT exactly); after the load they are written back by key,
 * and a double assigned to a FLOAT column rounds back to the very value it came from. Blue's writes wait
 * for the length of the dump: the price of an exact copy, paid only where FLOAT columns exist.
 * Undefined when the source has no FLOAT column.
 */
export async function holdForExactFloats(source: StartedMysqlNode): Promise<HeldFloats | undefined> {
  const tables = await floatTables(source);
  if (tables.length === 0) return undefined;
  const unrestorable = tables.filter((table) => table.unrestorable !== undefined).map((table) => `${table.schema}.${table.table}: ${table.unrestorable}`);
  // A table without a usable key is unrestorable: the others have one.
  const keyed = tables.filter((table): table is FloatTable & { key: string[] } => table.unrestorable === undefined);
  // Nothing that can be put right: no reason to hold blue's writes.
  if (keyed.length === 0) return { unrestorable, release: async () => undefined, restore: async () => undefined };
  const lock = await openConnection(source.connectionTarget());
  let held = true;
  const release = async () => {
    if (!held) return;
    held = false;
    await lock.query("UNLOCK TABLES").catch(() => undefined);
    await lock.end().catch(() => undefined);
  };
  try {
    // Bounded: the lock waits for running statements, and every write on the source queues behind it.
    await lock.query(`SET SESSION lock_wait_timeout = ${LOCK_WAIT_SECONDS}`);
    await lock.query("FLUSH TABLES WITH READ LOCK").catch((error: unknown) => {
      // 1205 ER_LOCK_WAIT_TIMEOUT: a statement held its tables for the whole wait.
      const timedOut = (error as { errno?: number }).errno === 1205;
      throw new HarnessError({
        what: `taking a global read lock on ${source.name} to copy its FLOAT values exactly`,
        cause: `${messageOf(error).split("\n")[0]}${timedOut ? ` (waited ${LOCK_WAIT_SECONDS} s: a statement kept running on it)` : ""}`,
        fix: timedOut ? "let long statements on blue finish before creating green, or copy by CLONE (same release, MySQL)" : "read the server's error above; the harness's root user must be able to run FLUSH TABLES WITH READ LOCK",
      });
    });
    const values = new Map<FloatTable, Record<string, unknown>[]>();
    for (const table of keyed) {
      const columns = [...table.key.map(sqlIdentifier), ...table.floats.map((column) => `(${sqlIdentifier(column)} + 0E0) AS ${sqlIdentifier(column)}`)];
      const [rows] = await lock.query(`SELECT ${columns.join(", ")} FROM ${sqlTable(table.schema, table.table)}`);
      values.set(table, rows as Record<string, unknown>[]);
    }
    return {
      unrestorable,
      release,
      restore: (target) => restoreFloats(target, keyed, values),
    };
  } catch (error) {
    await release();
    throw error;
  }
}

async function restoreFloats(target: StartedMysqlNode, tables: (FloatTable & { key: string[] })[], values: Map<FloatTable, Record<string, unknown>[]>): Promise<void> {
  const connection = await mysql.createConnection({ ...connectionOptions(target.connectionTarget()), multipleStatements: true });
  try {
    // Not logged (the copy is not the target's own transactions); a foreign key on a FLOAT column must
    // not refuse a row put right before the row it refers to.
    await connection.query("SET SESSION sql_log_bin = 0, SESSION foreign_key_checks = 0");
    for (const table of tables) {
      const held = table.autoUpdated.map((column) => `${sqlIdentifier(column)} = ${sqlIdentifier(column)}`);
      // Values are escaped into the text, not bound by `?`: a `?` inside a quoted name would shift them.
      const update = (row: Record<string, unknown>) => {
        const set = [...table.floats.map((column) => `${sqlIdentifier(column)} = ${escape(row[column])}`), ...held].join(", ");
        const where = table.key.map((column) => `${sqlIdentifier(column)} = ${escape(row[column])}`).join(" AND ");
        return `UPDATE ${sqlTable(table.schema, table.table)} SET ${set} WHERE ${where}`;
      };
      const rows = values.get(table) ?? [];
      for (let start = 0; start < rows.length; start += RESTORE_BATCH) {
        await connection.query(rows.slice(start, start + RESTORE_BATCH).map(update).join(";\n"));
      }
    }
  } finally {
    await connection.end().catch(() => undefined);
  }
}

/**
 * The stored FLOAT columns of the user's base tables, as `FROM ... WHERE ...` over information_schema.COLUMNS
 * `c`. Views and generated columns are left out: the copy computes those again from exact base columns.
 */
function storedFloatColumns(): { sql: string; params: string[] } {
  const { where, params } = userSchemasFilter();
  return {
    sql:
      "FROM information_schema.COLUMNS c JOIN information_schema.TABLES b ON b.TABLE_SCHEMA = c.TABLE_SCHEMA AND b.TABLE_NAME = c.TABLE_NAME AND b.TABLE_TYPE = 'BASE TABLE' " +
      `WHERE c.DATA_TYPE = 'float' AND c.EXTRA NOT LIKE '%GENERATED%' AND c.${where}`,
    params,
  };
}

/** Whether a dump of `node` would round any stored value (one query: what choosing a copy method asks). */
export async function hasStoredFloats(node: StartedMysqlNode): Promise<boolean> {
  const { sql, params } = storedFloatColumns();
  return (await node.query(`SELECT 1 ${sql} LIMIT 1`, params)).length > 0;
}

/** The source's base tables with stored FLOAT columns, each with the key its rows can be found by. */
export async function floatTables(node: StartedMysqlNode): Promise<FloatTable[]> {
  const { sql, params } = storedFloatColumns();
  const columns = await node.query(`SELECT c.TABLE_SCHEMA AS s, c.TABLE_NAME AS t, c.COLUMN_NAME AS c ${sql} ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION`, params);
  const tables = new Map<string, FloatTable>();
  for (const row of columns) {
    const id = JSON.stringify([row.s, row.t]);
    const table = tables.get(id) ?? { schema: String(row.s), table: String(row.t), floats: [], key: undefined, autoUpdated: [], unrestorable: undefined };
    table.floats.push(String(row.c));
    tables.set(id, table);
  }
  for (const table of tables.values()) {
    table.key = await rowKey(node, table.schema, table.table, table.floats);
    const autoUpdated = await node.query(
      "SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND LOWER(EXTRA) LIKE '%on update%'",
      [table.schema, table.table],
    );
    table.autoUpdated = autoUpdated.map((row) => String(row.c));
    const triggers = await node.query(
      "SELECT TRIGGER_NAME AS n FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = ? AND EVENT_OBJECT_TABLE = ? AND EVENT_MANIPULATION = 'UPDATE'",
      [table.schema, table.table],
    );
    if (!table.key) {
      table.unrestorable = "no primary key or unique key of NOT NULL columns without a FLOAT to find its rows by (fix: give it one)";
    } else if (triggers.length > 0) {
      table.unrestorable = `its UPDATE trigger ${triggers.map((row) => String(row.n)).join(", ")} would fire on the copy (fix: copy by CLONE, same release on MySQL)`;
    }
  }
  return [...tables.values()];
}

/**
 * The primary key's columns, else those of the first unique index whose columns are all NOT NULL; an
 * index holding one of `floats` does not count (the copy holds its rounded value, not the source's).
 */
async function rowKey(node: StartedMysqlNode, schema: string, table: string, floats: string[]): Promise<string[] | undefined> {
  const rows = await node.query(
    "SELECT s.INDEX_NAME AS i, s.COLUMN_NAME AS c, c.IS_NULLABLE AS nullable FROM information_schema.STATISTICS s " +
      "LEFT JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME " +
      "WHERE s.TABLE_SCHEMA = ? AND s.TABLE_NAME = ? AND s.NON_UNIQUE = 0 ORDER BY s.INDEX_NAME = 'PRIMARY' DESC, s.INDEX_NAME, s.SEQ_IN_INDEX",
    [schema, table],
  );
  const indexes = new Map<string, { columns: string[]; usable: boolean }>();
  for (const row of rows) {
    const index = indexes.get(String(row.i)) ?? { columns: [], usable: true };
    index.columns.push(String(row.c));
    // A functional key part has no column; a nullable column may hold NULL in more than one row.
    index.usable &&= row.c !== null && row.nullable === "NO" && !floats.includes(String(row.c));
    indexes.set(String(row.i), index);
  }
  return [...indexes.values()].find((index) => index.usable)?.columns;
}
