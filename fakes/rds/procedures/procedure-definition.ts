import { sqlString, sqlTable } from "../../../harness/sql/sql-literal.ts";
import { indent } from "./procedure-statements.ts";

/** One stored procedure of the `mysql` schema, before it is turned into CREATE PROCEDURE. */
export interface RdsProcedure {
  /** Without the schema, e.g. "rds_start_replication". */
  readonly name: string;
  /** The parameter list as SQL, e.g. "IN curr_master_log INT" ("" for none). */
  readonly parameters: string;
  /** Local declarations (DECLARE lines, variables first). */
  readonly declarations: readonly string[];
  readonly statements: readonly string[];
}

/** RDS keeps its procedures in the `mysql` schema, and runbooks call them by that name. */
export const PROCEDURE_SCHEMA = "mysql";

/**
 * RDS's definer is rdsadmin@localhost; the harness's nodes have no such account, but every one has
 * root@localhost (created when the data directory is initialized, on MySQL and MariaDB alike). SQL
 * SECURITY DEFINER lets a master user without SUPER (or REPLICATION_SLAVE_ADMIN) call them, as on RDS.
 */
export const PROCEDURE_DEFINER = "'root'@'localhost'";

export function createProcedureSql(procedure: RdsProcedure): string {
  return [
    `CREATE DEFINER = ${PROCEDURE_DEFINER} PROCEDURE ${qualifiedName(procedure.name)}(${procedure.parameters})`,
    "  SQL SECURITY DEFINER",
    `  COMMENT ${sqlString("Stands in for the Amazon RDS procedure of this name (blue-green-harness)")}`,
    "BEGIN",
    ...indent(procedure.declarations.map((declaration) => `DECLARE ${declaration};`)),
    ...indent(procedure.statements),
    "END",
  ].join("\n");
}

export function dropProcedureSql(name: string): string {
  return `DROP PROCEDURE IF EXISTS ${qualifiedName(name)}`;
}

export function qualifiedName(name: string): string {
  return `${sqlTable(PROCEDURE_SCHEMA, name)}`;
}

/**
 * A procedure that only calls another, as RDS's *_master names call its *_source ones: one body, two
 * names (runbooks written for Aurora MySQL 2 say master, those for version 3 say source).
 */
export function aliasProcedure(name: string, target: RdsProcedure, argumentNames: readonly string[], parameters = target.parameters): RdsProcedure {
  return {
    name,
    parameters,
    declarations: [],
    statements: [`CALL ${qualifiedName(target.name)}(${argumentNames.join(", ")});`],
  };
}
