import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HarnessError } from "../../../harness/errors/harness-error.ts";
import { runSqlFile, splitSqlScript } from "../../../harness/sql/sql-script.ts";

// test/fixtures/sql/shop-dump.sql is shaped as `mysqldump --routines --triggers` (8.0) writes it.
const DUMP = readFileSync(new URL("../../fixtures/sql/shop-dump.sql", import.meta.url), "utf8");

describe("splitting a SQL script as the mysql client does", () => {
  const statements = splitSqlScript(DUMP);

  it("keeps conditional comments as statements and drops plain comments and blank statements", () => {
    expect(statements.slice(0, 3)).toEqual([
      { sql: "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */", line: 6 },
      { sql: "/*!50503 SET NAMES utf8mb4 */", line: 7 },
      { sql: "/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */", line: 8 },
    ]);
    expect(statements[3]).toEqual({ sql: "DROP TABLE IF EXISTS `orders`", line: 14 });
    expect(statements.every((s) => !s.sql.startsWith("--") && !s.sql.includes("plain comment"))).toBe(true);
  });

  it("does not split on ';' inside quotes, escaped quotes and doubled quotes", () => {
    const create = statements.find((s) => s.sql.startsWith("CREATE TABLE"))!;
    expect(create.line).toBe(16);
    expect(create.sql).toContain("'paid;late','it''s'");
    expect(create.sql.endsWith("COMMENT='orders; one per \\'cart\\''")).toBe(true);
    const insert = statements.find((s) => s.sql.startsWith("INSERT"))!;
    expect(insert.sql).toBe("INSERT INTO `orders` VALUES (1,'x;y','new'),(2,\"dq;\\\"z\",'paid;late')");
  });

  it("takes a trigger and a procedure whole between DELIMITER ;; and DELIMITER ;", () => {
    const trigger = statements.find((s) => s.sql.includes("TRIGGER"))!;
    expect(trigger.line).toBe(26);
    expect(trigger.sql.startsWith("/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER `orders_bi`")).toBe(true);
    expect(trigger.sql.endsWith("END IF;\nEND */")).toBe(true);
    const procedure = statements.find((s) => s.sql.includes("PROCEDURE"))!;
    expect(procedure.line).toBe(33);
    expect(procedure.sql).toContain("UPDATE orders SET id = id + n;");
    expect(procedure.sql).not.toContain("hash comment");
    expect(procedure.sql.endsWith("END")).toBe(true);
    expect(statements.some((s) => /^DELIMITER/i.test(s.sql))).toBe(false);
  });

  it("reads '1--1' as arithmetic, keeps optimizer hints, and ends with the last statement", () => {
    expect(statements.slice(-2)).toEqual([
      { sql: "SELECT 1--1", line: 39 },
      { sql: "SELECT /*+ MAX_EXECUTION_TIME(1000) */ 2", line: 41 },
    ]);
    expect(statements).toHaveLength(14);
  });

  it("takes a last statement without a terminator and skips a script of comments only", () => {
    expect(splitSqlScript("SELECT 1;\nSELECT 2")).toEqual([{ sql: "SELECT 1", line: 1 }, { sql: "SELECT 2", line: 2 }]);
    expect(splitSqlScript("-- nothing\n/* at all */\n;;\n")).toEqual([]);
  });

  it("names the line of an unterminated quote", () => {
    expect(() => splitSqlScript("SELECT 1;\n\nINSERT INTO t VALUES ('open;\n")).toThrow(/' quote opened at line 3 is never closed/);
  });
});

describe("running a SQL file", () => {
  it("runs each statement in order and names file, line, statement and the server's error on failure", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bgh-sql-"));
    try {
      const file = join(dir, "schema.sql");
      await writeFile(file, "CREATE TABLE a (id INT);\n-- note\nCREATE TABLE b (id INT);\nCREATE TABLE a (id INT);\nSELECT 'never';\n");
      const ran: string[] = [];
      const runner = {
        async query(sql: string) {
          if (ran.includes(sql)) throw Object.assign(new Error("Table 'a' already exists"), { errno: 1050 });
          ran.push(sql);
          return [];
        },
      };
      const failure = await runSqlFile(runner, file).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(HarnessError);
      const message = (failure as Error).message;
      expect(message).toContain(`${file}:4`);
      expect(message).toContain("Table 'a' already exists");
      expect(message).toContain("Statement: CREATE TABLE a (id INT)");
      expect(ran).toEqual(["CREATE TABLE a (id INT)", "CREATE TABLE b (id INT)"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("names a missing file", async () => {
    await expect(runSqlFile({ query: async () => [] }, "/nonexistent/x.sql")).rejects.toThrow(/reading SQL file \/nonexistent\/x.sql/);
  });
});
