import { describe, expect, it } from "vitest";
import { createProcedureSql, dropProcedureSql, FAILING_GTID_UNKNOWN, RDS_MESSAGES, rdsProcedures, type RdsProcedure } from "../../../fakes/rds/procedures/index.ts";
import { SIGNAL_MESSAGE_LIMIT } from "../../../fakes/rds/procedures/rds-messages.ts";
import type { EngineDialect } from "../../../harness/engine/dialect.ts";
import { DIALECTS } from "./support/dialects.ts";
import { readStringLiteral } from "./support/sql-literals.ts";

/** RDS's signatures (8.0.41's schema; with_auto_position as Aurora has it, without `delay`). */
const SIGNATURES: Record<string, string> = {
  rds_set_external_source: "IN host VARCHAR(255), IN port INT, IN user TEXT, IN passwd TEXT, IN name TEXT, IN pos BIGINT UNSIGNED, IN enable_ssl_encryption TINYINT(1)",
  rds_set_external_master: "IN host VARCHAR(255), IN port INT, IN user TEXT, IN passwd TEXT, IN name TEXT, IN pos BIGINT UNSIGNED, IN enable_ssl_encryption TINYINT(1)",
  rds_set_external_source_with_auto_position: "IN host VARCHAR(255), IN port INT, IN user TEXT, IN passwd TEXT, IN enable_ssl_encryption TINYINT(1)",
  rds_set_external_master_with_auto_position: "IN host VARCHAR(255), IN port INT, IN user TEXT, IN passwd TEXT, IN enable_ssl_encryption TINYINT(1)",
  rds_start_replication: "",
  rds_stop_replication: "",
  rds_reset_external_source: "",
  rds_reset_external_master: "",
  rds_skip_repl_error: "",
  rds_next_source_log: "IN curr_source_log INT",
  rds_next_master_log: "IN curr_master_log INT",
  rds_start_replication_until: "IN replication_log_file TEXT, IN replication_stop_point BIGINT",
  rds_set_configuration: "IN name VARCHAR(30), IN value INT",
  rds_show_configuration: "",
};

function procedure(dialect: EngineDialect, name: string): RdsProcedure {
  const found = rdsProcedures(dialect).find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no procedure ${name}`);
  return found;
}

function sql(dialect: EngineDialect, name: string): string {
  return createProcedureSql(procedure(dialect, name));
}

/** Every literal right after `prefix` in the text, decoded (a variable there is passed over). */
function literalsAfter(text: string, prefix: string): string[] {
  const values: string[] = [];
  for (let at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + 1)) {
    if (text[at + prefix.length] === "'") values.push(readStringLiteral(text, at + prefix.length).value);
  }
  return values;
}

const ALL = Object.values(DIALECTS);

describe("the RDS procedures generated for each engine", () => {
  it("are the same procedures with RDS's signatures on every engine", () => {
    for (const dialect of ALL) {
      const procedures = rdsProcedures(dialect);
      expect(Object.fromEntries(procedures.map((p) => [p.name, p.parameters])), dialect.version.raw).toEqual(SIGNATURES);
    }
  });

  it("are created in the mysql schema for root@localhost with SQL SECURITY DEFINER, and dropped idempotently", () => {
    const text = sql(DIALECTS.mysql97, "rds_start_replication");
    expect(text.split("\n").slice(0, 2)).toEqual(["CREATE DEFINER = 'root'@'localhost' PROCEDURE `mysql`.`rds_start_replication`()", "  SQL SECURITY DEFINER"]);
    expect(text.endsWith("\nEND")).toBe(true);
    expect(dropProcedureSql("rds_start_replication")).toBe("DROP PROCEDURE IF EXISTS `mysql`.`rds_start_replication`");
  });

  it("make the *_master names call the *_source ones with every argument", () => {
    for (const [alias, target, args] of [
      ["rds_set_external_master", "rds_set_external_source", "host, port, user, passwd, name, pos, enable_ssl_encryption"],
      ["rds_set_external_master_with_auto_position", "rds_set_external_source_with_auto_position", "host, port, user, passwd, enable_ssl_encryption"],
      ["rds_reset_external_master", "rds_reset_external_source", ""],
      ["rds_next_master_log", "rds_next_source_log", "curr_master_log"],
    ] as const) {
      expect(procedure(DIALECTS.mysql97, alias).statements).toEqual([`CALL \`mysql\`.\`${target}\`(${args});`]);
    }
  });

  it("read the replication state from performance_schema on MySQL and from status and process list on MariaDB", () => {
    for (const dialect of [DIALECTS.mysql8020, DIALECTS.mysql97]) {
      const text = sql(dialect, "rds_stop_replication");
      expect(text).toContain("FROM performance_schema.replication_connection_status AS c");
      expect(text).toContain("JOIN performance_schema.replication_applier_status AS a");
    }
    for (const dialect of [DIALECTS.mariadb105, DIALECTS.mariadb1011]) {
      const text = rdsProcedures(dialect).map(createProcedureSql).join("\n");
      expect(text).not.toContain("performance_schema");
      expect(text).toContain("information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'SLAVE_RUNNING'");
      expect(text).toContain("information_schema.PROCESSLIST WHERE COMMAND IN ('Slave_IO', 'Slave_SQL')");
    }
  });

  it("run every replication statement through PREPARE, in each engine's words", () => {
    const mysql = sql(DIALECTS.mysql97, "rds_set_external_source");
    expect(mysql).toContain("SET @rds_statement = CONCAT('CHANGE REPLICATION SOURCE TO SOURCE_HOST=', QUOTE(TRIM(host)), ', SOURCE_PORT=', port,");
    expect(mysql).toContain("PREPARE rds_statement FROM @rds_statement;");
    const mariadb = sql(DIALECTS.mariadb1011, "rds_set_external_source");
    expect(mariadb).toContain("SET @rds_statement = CONCAT('CHANGE MASTER TO MASTER_HOST=', QUOTE(TRIM(host)), ', MASTER_PORT=', port,");
    expect(sql(DIALECTS.mysql97, "rds_start_replication")).toContain("SET @rds_statement = 'START REPLICA';");
    expect(sql(DIALECTS.mysql8020, "rds_start_replication")).toContain("SET @rds_statement = 'START SLAVE';");
    expect(sql(DIALECTS.mariadb1011, "rds_stop_replication")).toContain("SET @rds_statement = 'STOP SLAVE';");
    expect(sql(DIALECTS.mysql84, "rds_reset_external_source")).toContain("SET @rds_statement = 'RESET REPLICA ALL';");
    expect(sql(DIALECTS.mysql97, "rds_next_source_log")).toContain(
      "SET @rds_statement = CONCAT('CHANGE REPLICATION SOURCE TO SOURCE_LOG_FILE=', QUOTE(CONCAT('mysql-bin-changelog.', LPAD(curr_source_log + 1, 6, '0'))), ', SOURCE_LOG_POS=4');",
    );
    expect(sql(DIALECTS.mariadb1011, "rds_start_replication_until")).toContain(
      "SET @rds_statement = CONCAT('START SLAVE UNTIL MASTER_LOG_FILE=', QUOTE(TRIM(replication_log_file)), ', MASTER_LOG_POS=', replication_stop_point);",
    );
  });

  it("skip with each engine's skip counter, and by empty transaction for a GTID on MySQL", () => {
    const counters = { mysql8020: "sql_slave_skip_counter", mysql8025: "sql_slave_skip_counter", mysql8041: "sql_replica_skip_counter", mysql97: "sql_replica_skip_counter", mariadb1011: "sql_slave_skip_counter" } as const;
    for (const [name, counter] of Object.entries(counters)) {
      const text = sql(DIALECTS[name as keyof typeof counters], "rds_skip_repl_error");
      expect(text, name).toContain(`IF @@GLOBAL.${counter} = 0 THEN`);
      expect(text, name).toContain(`SET GLOBAL ${counter} = 1;`);
    }
    const mysql = sql(DIALECTS.mysql97, "rds_skip_repl_error");
    expect(mysql).toContain("SELECT APPLYING_TRANSACTION FROM performance_schema.replication_applier_status_by_worker");
    expect(mysql).toMatch(/IF v_failing_gtid LIKE '%:%' THEN\n[^]*SET @@SESSION\.gtid_next = v_failing_gtid;\n\s*START TRANSACTION;\n\s*COMMIT;\n\s*SET @@SESSION\.gtid_next = 'AUTOMATIC';/);
    expect(sql(DIALECTS.mariadb1011, "rds_skip_repl_error")).not.toContain("gtid_next");
  });

  it("check each engine's parallel applier setting before starting until a position", () => {
    expect(sql(DIALECTS.mysql97, "rds_start_replication_until")).toContain("@@GLOBAL.replica_parallel_workers > 1");
    expect(sql(DIALECTS.mysql8025, "rds_start_replication_until")).toContain("@@GLOBAL.slave_parallel_workers > 1");
    expect(sql(DIALECTS.mariadb1011, "rds_start_replication_until")).toContain("@@GLOBAL.slave_parallel_threads > 1");
  });

  it("apply binlog retention hours to the server's expiry, in days where MariaDB has no seconds", () => {
    for (const dialect of [DIALECTS.mysql8041, DIALECTS.mysql97, DIALECTS.mariadb1011]) {
      expect(sql(dialect, "rds_set_configuration")).toContain("SET GLOBAL binlog_expire_logs_seconds = IFNULL(value * 3600, 1);");
      expect(sql(dialect, "rds_show_configuration")).toContain("CASE WHEN @@GLOBAL.binlog_expire_logs_seconds BETWEEN 1 AND 3599 THEN NULL");
    }
    expect(sql(DIALECTS.mariadb105, "rds_set_configuration")).toContain("SET GLOBAL expire_logs_days = IFNULL(CEIL(value / 24), 1);");
    expect(sql(DIALECTS.mysql97, "rds_set_configuration")).toContain("value NOT BETWEEN 1 AND 2160");
  });
});

describe("RDS's texts in the generated SQL", () => {
  const everything = ALL.flatMap((dialect) => rdsProcedures(dialect).map(createProcedureSql)).join("\n");
  const known = new Set<string>([...Object.values(RDS_MESSAGES), FAILING_GTID_UNKNOWN]);

  it("signal only RDS's refusals, escaped so that the server reads them back verbatim, within MESSAGE_TEXT's 128 characters", () => {
    const signalled = literalsAfter(everything, "SET MESSAGE_TEXT = ");
    expect(signalled.length).toBeGreaterThan(20);
    for (const message of signalled) {
      expect(known, message).toContain(message);
      expect(message.length).toBeLessThanOrEqual(SIGNAL_MESSAGE_LIMIT);
    }
    // The two texts with a quote and a backslash, as the procedure's source holds them.
    expect(everything).toContain("MESSAGE_TEXT = 'You can''t start replication because the replica isn''t configured. First call mysql.rds_set_external_master.';");
    expect(everything).toContain("MESSAGE_TEXT = 'Slave is already stopped or may not be configured. Run SHOW SLAVE STATUS\\\\G;';");
  });

  it("answer in one-row result sets named Message (message for reset, as RDS spells it)", () => {
    expect(everything).toContain(`SELECT 'Replica running normally.' AS Message;`);
    expect(everything).toContain(`SELECT 'Replica is down or disabled' AS Message;`);
    expect(everything).toContain(`SELECT 'Slave has been reset' AS message;`);
    expect(everything).toContain("SELECT CONCAT('Replication started until MASTER_LOG_FILE = ', QUOTE(TRIM(replication_log_file)), ' and MASTER_LOG_POS = ', replication_stop_point) AS Message;");
  });

  it("quote an unknown configuration name in the refusal, cut to what SIGNAL accepts", () => {
    expect(sql(DIALECTS.mysql97, "rds_set_configuration")).toContain(
      "DECLARE v_message VARCHAR(128) DEFAULT LEFT(CONCAT('Cannot set unknown configuration parameter ', QUOTE(name), ' using mysql.rds_set_configuration.'), 128);",
    );
  });
});
