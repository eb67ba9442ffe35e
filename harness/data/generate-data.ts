import { HarnessError, messageOf } from "../errors/harness-error.ts";
import type { SchemaModel, TableModel } from "../schema/schema-model.ts";
import { sqlIdentifier, sqlTable } from "../sql/sql-literal.ts";
import type { SqlRunner } from "../sql/sql-runner.ts";
import { normalizeValue } from "../checks/normalize-value.ts";
import { seededRandom } from "../workload/write-load.ts";
import { columnDomain, writableColumns, type ColumnValue, type ValueSource } from "./column-domain.ts";
import { insertionOrder } from "./insertion-order.ts";

export interface GenerateDataOptions {
  /** Rows for every table, or per table (tables not named get none). */
  rows: number | Record<string, number>;
  seed: number;
  /** Only these tables (their parents must already hold rows). */
  tables?: string[];
}

const BATCH = 100;
/** Attempts at a row whose unique keys are all new before the key's domain counts as exhausted. */
const ATTEMPTS_PER_ROW = 50;
/** Parent keys a child draws its foreign key values from. */
const PARENT_SAMPLE = 100_000;

/**
 * Fills a schema's tables with rows generated from their column types (column-domain.ts: whole
 * domains, biased to edges), parents before children so that every foreign key points at a parent
 * row, and every primary and unique key distinct. Replayable: the same seed gives the same rows.
 * Runs with the server's strict sql_mode, so a value the server would alter is an error, never a
 * silent change.
 */
export async function generateData(runner: SqlRunner, model: SchemaModel, options: GenerateDataOptions): Promise<{ table: string; rows: number }[]> {
  const wanted = rowsWanted(model, options);
  const order = insertionOrder(model, [...wanted.keys()]);
  await runner.query("SET SESSION time_zone = '+00:00'");
  const random = seededRandom(options.seed);
  const done: { table: string; rows: number }[] = [];
  for (const table of order) {
    const count = wanted.get(table.table) ?? 0;
    if (count <= 0) continue;
    done.push({ table: table.table, rows: await fillTable(runner, model, table, count, random) });
  }
  return done;
}

function rowsWanted(model: SchemaModel, options: GenerateDataOptions): Map<string, number> {
  const names = model.tables.map((t) => t.table);
  const unknown = [...(options.tables ?? []), ...(typeof options.rows === "number" ? [] : Object.keys(options.rows))].filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    throw new HarnessError({
      what: `generating data for schema ${model.schema}`,
      cause: `no table named ${unknown.map((n) => `"${n}"`).join(", ")} in it`,
      fix: `name tables of the schema: ${names.join(", ") || "(it has none)"}`,
    });
  }
  const selected = options.tables ?? names;
  const wanted = new Map<string, number>();
  for (const name of selected) {
    const rows = typeof options.rows === "number" ? options.rows : (options.rows[name] ?? 0);
    if (!Number.isInteger(rows) || rows < 0) {
      throw new HarnessError({ what: `generating data for ${model.schema}.${name}`, cause: `the row count ${rows} is not a whole number >= 0`, fix: "give a row count such as 1000" });
    }
    wanted.set(name, rows);
  }
  return wanted;
}

async function fillTable(runner: SqlRunner, model: SchemaModel, table: TableModel, count: number, random: () => number): Promise<number> {
  const columns = writableColumns(table);
  const sources = new Map<string, ValueSource>(columns.map((column) => [column.name, columnDomain(table, column)]));
  const parents = await parentTuples(runner, model, table);
  const keys = [table.primaryKey, ...table.uniqueKeys.map((key) => key.columns)].filter((key) => key.length > 0);
  const seen = keys.map(() => new Set<string>());
  const name = sqlTable(table.schema, table.table);
  const insert = (rows: ColumnValue[][]) =>
    runner.query(`INSERT INTO ${name} (${columns.map((c) => sqlIdentifier(c.name)).join(", ")}) VALUES ${rows.map(() => `(${columns.map(() => "?").join(", ")})`).join(", ")}`, rows.flat());

  const nextRow = (): ColumnValue[] => {
    for (let attempt = 0; attempt < ATTEMPTS_PER_ROW; attempt++) {
      const row = new Map<string, ColumnValue>();
      for (const fk of parents) {
        const tuple = fk.nullable && random() < 0.1 ? fk.columns.map(() => null) : fk.tuples[Math.floor(random() * fk.tuples.length)]!;
        fk.columns.forEach((column, i) => row.has(column) || row.set(column, tuple[i] ?? null));
      }
      for (const column of columns) {
        if (row.has(column.name)) continue;
        row.set(column.name, column.nullable && !column.autoIncrement && random() < 0.1 ? null : sources.get(column.name)!(random));
      }
      const tuples = keys.map((key) => key.map((column) => row.get(column) ?? null));
      const ids = tuples.map((tuple) => (tuple.some((v) => v === null) ? undefined : JSON.stringify(tuple.map(keyText))));
      if (ids.some((id, i) => id !== undefined && seen[i]!.has(id))) continue;
      ids.forEach((id, i) => id !== undefined && seen[i]!.add(id));
      return columns.map((column) => row.get(column.name) ?? null);
    }
    throw new HarnessError({
      what: `generating rows for ${table.table}`,
      cause: `no new value for its keys (${keys.map((k) => `(${k.join(", ")})`).join(", ")}) after ${ATTEMPTS_PER_ROW} attempts: the key's domain (or its parent's rows) is nearly used up`,
      fix: `ask for fewer rows for ${table.table}, or load its data from your own file`,
    });
  };

  let inserted = 0;
  let duplicates = 0;
  while (inserted < count) {
    const batch = Array.from({ length: Math.min(BATCH, count - inserted) }, nextRow);
    try {
      await insert(batch);
      inserted += batch.length;
      continue;
    } catch (error) {
      if (errnoOf(error) !== 1062) throw insertFailed(table, batch[0]!, columns.map((c) => c.name), error);
    }
    // A key the server sees as equal that the generator did not (a case-insensitive collation, a
    // row already there): row by row, dropping the duplicates, and drawing more.
    for (const row of batch) {
      try {
        await insert([row]);
        inserted++;
      } catch (error) {
        if (errnoOf(error) !== 1062) throw insertFailed(table, row, columns.map((c) => c.name), error);
        if (++duplicates > count + 100) {
          throw new HarnessError({ what: `generating rows for ${table.table}`, cause: `the server refused ${duplicates} rows as duplicates: ${messageOf(error)}`, fix: `ask for fewer rows for ${table.table} (its keys have few distinct values under their collation)` });
        }
      }
    }
  }
  return inserted;
}

interface ParentTuples {
  columns: string[];
  nullable: boolean;
  tuples: ColumnValue[][];
}

/** For each foreign key of the table, the parent's key values a child row may point at. */
async function parentTuples(runner: SqlRunner, model: SchemaModel, table: TableModel): Promise<ParentTuples[]> {
  const result: ParentTuples[] = [];
  for (const fk of table.foreignKeys) {
    const nullable = fk.columns.every((column) => table.columns.find((c) => c.name === column)?.nullable);
    const selfReference = fk.referencedSchema === model.schema && fk.referencedTable === table.table;
    const rows = selfReference
      ? []
      : await runner.query(
          `SELECT ${fk.referencedColumns.map((c, i) => `${sqlIdentifier(c)} AS c${i}`).join(", ")} FROM ${sqlTable(fk.referencedSchema, fk.referencedTable)} LIMIT ${PARENT_SAMPLE}`,
        );
    const tuples = rows.map((row) => fk.referencedColumns.map((_, i) => row[`c${i}`] as ColumnValue));
    if (tuples.length === 0) {
      if (nullable) {
        result.push({ columns: fk.columns, nullable, tuples: [fk.columns.map(() => null)] });
        continue;
      }
      throw new HarnessError({
        what: `generating rows for ${table.table}`,
        cause: `its foreign key ${fk.name} (${fk.columns.join(", ")}) must point at a row of ${fk.referencedTable}, which has none${selfReference ? " (it references its own table with NOT NULL columns)" : ""}`,
        fix: `generate rows for ${fk.referencedTable} too (or load them first)`,
      });
    }
    result.push({ columns: fk.columns, nullable, tuples });
  }
  return result;
}

/** A key value as the generator compares it for uniqueness. */
function keyText(value: ColumnValue): string | null {
  return normalizeValue(value);
}

function errnoOf(error: unknown): number | undefined {
  return (error as { errno?: number }).errno;
}

function insertFailed(table: TableModel, row: ColumnValue[], columns: string[], error: unknown): HarnessError {
  const shown = columns.map((c, i) => `${c}=${Buffer.isBuffer(row[i]) ? `0x${(row[i] as Buffer).toString("hex").slice(0, 16)}` : JSON.stringify(row[i])?.slice(0, 40)}`).join(", ");
  return new HarnessError({
    what: `inserting generated rows into ${table.table}`,
    cause: `the server refused them: ${messageOf(error)} (first row: ${shown})`,
    fix: `if a CHECK constraint or trigger limits ${table.table}'s values, load its data from your own SQL or CSV file instead`,
    error,
  });
}
