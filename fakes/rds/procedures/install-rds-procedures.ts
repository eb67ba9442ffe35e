import type { EngineDialect } from "../../../harness/engine/dialect.ts";
import { HarnessError, messageOf } from "../../../harness/errors/harness-error.ts";
import type { SqlRunner } from "../../../harness/sql/sql-runner.ts";
import { createProcedureSql, dropProcedureSql, qualifiedName } from "./procedure-definition.ts";
import { rdsProcedures } from "./rds-procedures.ts";

/**
 * Installs (or replaces) RDS's replication and configuration procedures in the node's `mysql` schema,
 * so that runbooks' CALL mysql.rds_... statements run unchanged.
 *
 * Nothing of it reaches the binary log: CREATE PROCEDURE is logged with a GTID, which would make every
 * replica of this node hold an errant transaction (or, replicated, collide with its own copy). So the
 * whole installation runs with sql_log_bin = 0, and the session's setting is restored afterwards.
 * `runner` must therefore be one session (as a StartedMysqlNode is), not a pool; it needs SUPER-like
 * rights (root): sql_log_bin, and creating routines for root@localhost in the `mysql` schema.
 *
 * Idempotent: each procedure is dropped if it exists and created again.
 */
export async function installRdsProcedures(runner: SqlRunner, dialect: EngineDialect): Promise<void> {
  const procedures = rdsProcedures(dialect);
  const [row] = await runner.query("SELECT @@SESSION.sql_log_bin AS sql_log_bin");
  const previous = Number(row?.["sql_log_bin"]) === 0 ? 0 : 1;
  await runner.query("SET SESSION sql_log_bin = 0");
  try {
    for (const procedure of procedures) {
      try {
        await runner.query(dropProcedureSql(procedure.name));
        await runner.query(createProcedureSql(procedure));
      } catch (error) {
        throw new HarnessError({
          what: `installing ${qualifiedName(procedure.name)}`,
          cause: messageOf(error),
          fix: "install as root (CREATE ROUTINE in the mysql schema, SET_ANY_DEFINER or SUPER for the root@localhost definer); if the server rejects the procedure's SQL, the dialect chosen does not match the server",
          error,
        });
      }
    }
  } finally {
    await runner.query(`SET SESSION sql_log_bin = ${previous}`);
  }
}
