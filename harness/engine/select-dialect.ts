import { HarnessError, messageOf } from "../errors/harness-error.ts";
import type { SqlRunner } from "../sql/sql-runner.ts";
import type { EngineDialect, ServerVersion } from "./dialect.ts";
import { MariadbDialect } from "./mariadb-dialect.ts";
import { MysqlDialect } from "./mysql-dialect.ts";
import { parseServerVersion } from "./server-version.ts";

/** The dialect for a server version; throws HarnessError for versions no dialect covers (MySQL < 8.0, MariaDB < 10.5). */
export function dialectFor(version: ServerVersion): EngineDialect {
  return version.flavor === "mariadb" ? new MariadbDialect(version) : new MysqlDialect(version);
}

/** Asks the server what it is. VERSION() alone can hide MariaDB behind a proxy; @@version_comment is the second hint. */
export async function detectDialect(runner: SqlRunner): Promise<EngineDialect> {
  let rows;
  try {
    rows = await runner.query("SELECT VERSION() AS version, @@version_comment AS comment");
  } catch (error) {
    throw new HarnessError({
      what: "detecting the server version",
      cause: `SELECT VERSION() failed: ${messageOf(error)}`,
      fix: "check that the node is up and accepts connections",
      error,
    });
  }
  const row = rows[0];
  const version = row?.["version"];
  if (typeof version !== "string") {
    throw new HarnessError({
      what: "detecting the server version",
      cause: `SELECT VERSION() returned ${JSON.stringify(rows)}`,
      fix: "connect to a MySQL or MariaDB server",
    });
  }
  const comment = row?.["comment"];
  return dialectFor(parseServerVersion(version, typeof comment === "string" ? comment : undefined));
}
