import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { HarnessError, messageOf } from "../errors/harness-error.ts";
import { sqlIdentifier } from "../sql/sql-literal.ts";
import type { SqlRunner } from "../sql/sql-runner.ts";
import { runSqlFile } from "../sql/sql-script.ts";
import { parseCsv } from "./csv.ts";

const BATCH = 500;

/**
 * Loads a team's own data: a .sql file statement by statement (runSqlFile), or a .csv file whose
 * header row names the columns into `table` ("table" or "schema.table"; default: the file's base
 * name, in the session's current schema). In CSV, an unquoted \N is NULL (as mysqldump --tab and
 * SELECT ... INTO OUTFILE write it); a quoted "\N" is the text. Returns the rows inserted (CSV) or
 * undefined (SQL, where the statements say).
 */
export async function loadDataFile(runner: SqlRunner, file: string, table?: string): Promise<{ rows?: number }> {
  const extension = extname(file).toLowerCase();
  if (extension === ".sql") {
    await runSqlFile(runner, file);
    return {};
  }
  if (extension !== ".csv") {
    throw new HarnessError({ what: `loading data file ${file}`, cause: `"${extension || "no extension"}" is neither .sql nor .csv`, fix: "give a .sql file (statements) or a .csv file (a header row naming the columns)" });
  }
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new HarnessError({ what: `reading data file ${file}`, cause: messageOf(error), fix: "check the path", error });
  }
  const records = parseCsv(text, file);
  const [header, ...rows] = records;
  if (!header || header.length === 0 || header.some((name) => name === null || name === "")) {
    throw new HarnessError({ what: `loading ${file}`, cause: "its first row does not name the columns", fix: "start the file with a header row such as id,name,created_at" });
  }
  const target = (table ?? file.replace(/^.*\//, "").replace(/\.csv$/i, "")).split(".").map(sqlIdentifier).join(".");
  const columns = header.map((name) => sqlIdentifier(name!)).join(", ");
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    batch.forEach((row, i) => {
      if (row.length !== header.length) {
        throw new HarnessError({ what: `loading ${file}`, cause: `row ${start + i + 2} has ${row.length} fields where the header has ${header.length}`, fix: `correct line ${start + i + 2} of the file (quote fields holding commas)` });
      }
    });
    try {
      await runner.query(`INSERT INTO ${target} (${columns}) VALUES ${batch.map(() => `(${header.map(() => "?").join(", ")})`).join(", ")}`, batch.flat());
    } catch (error) {
      throw new HarnessError({
        what: `loading ${file} into ${target}`,
        cause: `the server refused rows ${start + 2} to ${start + batch.length + 1}: ${messageOf(error)}`,
        fix: "correct those rows, or the table name and header (rows before them are loaded)",
        error,
      });
    }
  }
  return { rows: rows.length };
}
