import { describe, expect, it } from "vitest";
import { MariadbDialect } from "../../harness/engine/mariadb-dialect.ts";
import { MysqlDialect } from "../../harness/engine/mysql-dialect.ts";
import { detectDialect, dialectFor } from "../../harness/engine/select-dialect.ts";
import { parseServerVersion } from "../../harness/engine/server-version.ts";
import { HarnessError } from "../../harness/errors/harness-error.ts";
import type { SqlRow, SqlRunner } from "../../harness/sql/sql-runner.ts";

function runnerReturning(rows: SqlRow[] | Error): SqlRunner & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    async query(sql: string) {
      seen.push(sql);
      if (rows instanceof Error) throw rows;
      return rows;
    },
  };
}

describe("dialectFor", () => {
  it.each([
    ["8.0.36", "mysql-8.0"],
    ["8.4.3", "mysql-8.4+"],
    ["9.7.4-2", "mysql-8.4+"],
    ["10.11.6-MariaDB-0+deb12u1", "mariadb"],
    ["11.4.2-MariaDB-ubu2404", "mariadb"],
  ])("%s -> %s", (raw, name) => {
    expect(dialectFor(parseServerVersion(raw)).name).toBe(name);
  });

  it("refuses versions no dialect covers", () => {
    expect(() => dialectFor(parseServerVersion("5.7.44"))).toThrow(HarnessError);
    expect(() => dialectFor(parseServerVersion("10.3.39-MariaDB"))).toThrow(HarnessError);
  });
});

describe("detectDialect", () => {
  it("asks VERSION() and @@version_comment", async () => {
    const runner = runnerReturning([{ version: "9.7.4-2", comment: "(Debian)" }]);
    const dialect = await detectDialect(runner);
    expect(dialect).toBeInstanceOf(MysqlDialect);
    expect(dialect.version.raw).toBe("9.7.4-2");
    expect(runner.seen).toEqual(["SELECT VERSION() AS version, @@version_comment AS comment"]);
  });

  it("recognizes MariaDB by the comment when the version hides it", async () => {
    const dialect = await detectDialect(runnerReturning([{ version: "10.6.12", comment: "MariaDB Server" }]));
    expect(dialect).toBeInstanceOf(MariadbDialect);
  });

  it("wraps a failed query in a HarnessError", async () => {
    await expect(detectDialect(runnerReturning(new Error("connect ECONNREFUSED")))).rejects.toThrow(/SELECT VERSION\(\) failed: connect ECONNREFUSED/);
  });

  it("rejects an empty answer", async () => {
    await expect(detectDialect(runnerReturning([]))).rejects.toThrow(HarnessError);
  });
});
