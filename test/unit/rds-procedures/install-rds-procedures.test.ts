import { describe, expect, it } from "vitest";
import { installRdsProcedures, rdsProcedures } from "../../../fakes/rds/procedures/index.ts";
import { HarnessError } from "../../../harness/errors/harness-error.ts";
import type { SqlRow, SqlRunner } from "../../../harness/sql/sql-runner.ts";
import { DIALECTS } from "./support/dialects.ts";

/** A session that records statements and answers @@sql_log_bin; `failOn` makes matching statements fail. */
class RecordingSession implements SqlRunner {
  readonly statements: string[] = [];
  constructor(
    private readonly sqlLogBin: string,
    private readonly failOn?: RegExp,
  ) {}

  async query(sql: string): Promise<SqlRow[]> {
    this.statements.push(sql);
    if (this.failOn?.test(sql)) throw new Error("ER_PARSE_ERROR: You have an error in your SQL syntax");
    return sql.startsWith("SELECT @@SESSION.sql_log_bin") ? [{ sql_log_bin: this.sqlLogBin }] : [];
  }
}

describe("installRdsProcedures", () => {
  it("turns the binary log off for the session, drops and creates each procedure, then restores the setting", async () => {
    const session = new RecordingSession("1");
    await installRdsProcedures(session, DIALECTS.mysql97);
    const names = rdsProcedures(DIALECTS.mysql97).map((procedure) => procedure.name);
    expect(session.statements.slice(0, 2)).toEqual(["SELECT @@SESSION.sql_log_bin AS sql_log_bin", "SET SESSION sql_log_bin = 0"]);
    expect(session.statements.at(-1)).toBe("SET SESSION sql_log_bin = 1");
    const ddl = session.statements.slice(2, -1);
    expect(ddl).toHaveLength(names.length * 2);
    names.forEach((name, index) => {
      expect(ddl[index * 2]).toBe(`DROP PROCEDURE IF EXISTS \`mysql\`.\`${name}\``);
      expect(ddl[index * 2 + 1]).toMatch(new RegExp(`^CREATE DEFINER = 'root'@'localhost' PROCEDURE \`mysql\`\\.\`${name}\`\\(`));
    });
  });

  it("leaves a session that had the binary log off with it off", async () => {
    const session = new RecordingSession("0");
    await installRdsProcedures(session, DIALECTS.mariadb1011);
    expect(session.statements.at(-1)).toBe("SET SESSION sql_log_bin = 0");
  });

  it("names the procedure the server refused, and still restores sql_log_bin", async () => {
    const session = new RecordingSession("1", /PROCEDURE `mysql`\.`rds_skip_repl_error`\(/);
    const failure = await installRdsProcedures(session, DIALECTS.mysql97).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HarnessError);
    expect((failure as HarnessError).message).toMatch(/installing `mysql`\.`rds_skip_repl_error` failed: ER_PARSE_ERROR/);
    expect(session.statements.at(-1)).toBe("SET SESSION sql_log_bin = 1");
  });
});
