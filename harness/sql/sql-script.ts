import { readFile } from "node:fs/promises";
import { HarnessError, messageOf } from "../errors/harness-error.ts";
import type { SqlRunner } from "./sql-runner.ts";

/** One statement of a script, as the server must receive it, and the line it starts on (1-based). */
export interface SqlStatement {
  sql: string;
  line: number;
}

/**
 * Splits a SQL script into statements the way the `mysql` command-line client does, so that a
 * `mysqldump` file loads unchanged:
 * - `DELIMITER ;;` (at the start of a statement) changes the terminator, for triggers and routines;
 * - quotes ('…', "…", `…`, with backslash escapes and doubled quotes) hide terminators;
 * - `-- ` and `#` comments, and plain `/* … *\/` comments, are dropped;
 * - conditional comments (`/*!40101 … *\/`) and optimizer hints (`/*+ … *\/`) are code: the server
 *   reads them, so they are kept, and a terminator inside one ends the statement as in `mysql`;
 * - statements holding nothing but comments and blanks are skipped.
 * An unterminated quote or comment is an error naming the line it starts on.
 */
export function splitSqlScript(text: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let delimiter = ";";
  let current = "";
  let startLine = 0; // 0: no code yet in the current statement
  let line = 1;
  let i = 0;
  const n = text.length;

  const finish = () => {
    const sql = current.trim();
    if (startLine > 0 && sql !== "") statements.push({ sql, line: startLine });
    current = "";
    startLine = 0;
  };
  const code = (chunk: string) => {
    if (startLine === 0 && chunk.trim() !== "") startLine = line;
    current += chunk;
  };
  const advance = (chunk: string) => {
    for (const c of chunk) if (c === "\n") line++;
  };

  while (i < n) {
    const c = text[i]!;
    // DELIMITER is a client command, recognised only where a statement begins.
    if (startLine === 0 && (c === "d" || c === "D") && /^delimiter[ \t]/i.test(text.slice(i, i + 10))) {
      const end = text.indexOf("\n", i);
      const rest = text.slice(i + 9, end === -1 ? n : end).trim();
      const value = rest.split(/\s+/)[0] ?? "";
      if (value === "") {
        throw new HarnessError({
          what: `reading the SQL script at line ${line}`,
          cause: "DELIMITER is not followed by a delimiter",
          fix: "write e.g. `DELIMITER ;;` before the routine or trigger and `DELIMITER ;` after it",
        });
      }
      delimiter = value;
      current = "";
      i = end === -1 ? n : end;
      continue;
    }
    if (text.startsWith(delimiter, i)) {
      finish();
      advance(delimiter);
      i += delimiter.length;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") {
      const end = closingQuote(text, i);
      if (end === -1) throw unterminated(`${c} quote`, line);
      const chunk = text.slice(i, end + 1);
      code(chunk);
      advance(chunk);
      i = end + 1;
      continue;
    }
    if (c === "#" || (c === "-" && text[i + 1] === "-" && (i + 2 >= n || /[\s]/.test(text[i + 2]!)))) {
      const end = text.indexOf("\n", i);
      i = end === -1 ? n : end; // the newline itself stays, as whitespace
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const kind = text[i + 2];
      if (kind === "!" || kind === "+") {
        // Read by the server: kept as code. Its body is scanned as code too (quotes, terminators).
        code(text.slice(i, i + 2));
        i += 2;
        continue;
      }
      const end = text.indexOf("*/", i + 2);
      if (end === -1) throw unterminated("/* comment", line);
      const chunk = text.slice(i, end + 2);
      advance(chunk);
      current += " ";
      i = end + 2;
      continue;
    }
    code(c);
    if (c === "\n") line++;
    i++;
  }
  finish();
  return statements;
}

/** Index of the quote that closes the one at `start`, or -1. Backslash escapes and doubled quotes stay inside. */
function closingQuote(text: string, start: number): number {
  const quote = text[start]!;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && quote !== "`") {
      i++;
      continue;
    }
    if (c === quote) {
      if (text[i + 1] === quote) {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}

function unterminated(what: string, line: number): HarnessError {
  return new HarnessError({
    what: "reading the SQL script",
    cause: `the ${what} opened at line ${line} is never closed`,
    fix: `close it, or check the file is complete (a truncated dump ends mid-statement)`,
  });
}

/**
 * Runs a SQL file statement by statement on one session (so `USE db` carries to the next statements).
 * A statement the server refuses stops the run with an error naming the file, the line, the statement
 * and the server's message; statements before it have run.
 */
export async function runSqlFile(runner: SqlRunner, file: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new HarnessError({ what: `reading SQL file ${file}`, cause: messageOf(error), fix: "check the path (relative paths are taken from the rehearsal file's folder)", error });
  }
  let statements: SqlStatement[];
  try {
    statements = splitSqlScript(text);
  } catch (error) {
    if (error instanceof HarnessError) throw new HarnessError({ what: `reading SQL file ${file}`, cause: error.reason, fix: error.fix, error });
    throw error;
  }
  for (const statement of statements) {
    try {
      await runner.query(statement.sql);
    } catch (error) {
      const shown = statement.sql.length > 200 ? `${statement.sql.slice(0, 200)}…` : statement.sql;
      throw new HarnessError({
        what: `running ${file}:${statement.line}`,
        cause: `the server refused the statement: ${messageOf(error)}\n  Statement: ${shown}`,
        fix: `correct the statement at ${file}:${statement.line} (statements before it have already run)`,
        error,
      });
    }
  }
}
