import { describe, expect, it } from "vitest";
import {
  changeSourceExpression,
  changeSourceHead,
  moveToLogFileExpression,
  parallelWorkersVariable,
  resetReplicaAllExpression,
  startReplicaExpression,
  startUntilExpression,
  stopReplicaExpression,
} from "../../../fakes/rds/procedures/replication-statements.ts";
import { DIALECTS } from "./support/dialects.ts";
import { concatArguments } from "./support/sql-literals.ts";

const SOURCE = { host: "TRIM(host)", port: "port", user: "TRIM(user)", password: "TRIM(passwd)" };
const FILE_POSITION = { mode: "file-position" as const, file: "TRIM(name)", position: "pos" };

/** The statement text CONCAT builds, with each argument expression shown as <expression>. */
function shape(expression: string): string {
  if (!expression.startsWith("CONCAT(")) return expression;
  return concatArguments(expression)
    .map((argument) => ("literal" in argument ? argument.literal : `<${argument.expression}>`))
    .join("");
}

describe("replication statements from the dialect", () => {
  it("configures a source with CHANGE REPLICATION SOURCE TO on MySQL 8.0.23 and later", () => {
    for (const dialect of [DIALECTS.mysql8025, DIALECTS.mysql8041, DIALECTS.mysql84, DIALECTS.mysql97]) {
      expect(shape(changeSourceExpression(dialect, SOURCE, FILE_POSITION, false)), dialect.version.raw).toBe(
        "CHANGE REPLICATION SOURCE TO SOURCE_HOST=<QUOTE(TRIM(host))>, SOURCE_PORT=<port>, SOURCE_USER=<QUOTE(TRIM(user))>, " +
          "SOURCE_PASSWORD=<QUOTE(TRIM(passwd))>, SOURCE_AUTO_POSITION=0, SOURCE_LOG_FILE=<QUOTE(TRIM(name))>, SOURCE_LOG_POS=<pos>, " +
          "SOURCE_SSL=0, GET_SOURCE_PUBLIC_KEY=1",
      );
    }
    expect(shape(changeSourceExpression(DIALECTS.mysql97, SOURCE, { mode: "gtid" }, true))).toBe(
      "CHANGE REPLICATION SOURCE TO SOURCE_HOST=<QUOTE(TRIM(host))>, SOURCE_PORT=<port>, SOURCE_USER=<QUOTE(TRIM(user))>, " +
        "SOURCE_PASSWORD=<QUOTE(TRIM(passwd))>, SOURCE_AUTO_POSITION=1, SOURCE_SSL=1, GET_SOURCE_PUBLIC_KEY=1",
    );
  });

  it("configures a source with CHANGE MASTER TO before MySQL 8.0.23 and on MariaDB (MASTER_USE_GTID, no public key option)", () => {
    expect(shape(changeSourceExpression(DIALECTS.mysql8022, SOURCE, { mode: "gtid" }, false))).toBe(
      "CHANGE MASTER TO MASTER_HOST=<QUOTE(TRIM(host))>, MASTER_PORT=<port>, MASTER_USER=<QUOTE(TRIM(user))>, " +
        "MASTER_PASSWORD=<QUOTE(TRIM(passwd))>, MASTER_AUTO_POSITION=1, MASTER_SSL=0, GET_MASTER_PUBLIC_KEY=1",
    );
    expect(shape(changeSourceExpression(DIALECTS.mariadb1011, SOURCE, FILE_POSITION, false))).toBe(
      "CHANGE MASTER TO MASTER_HOST=<QUOTE(TRIM(host))>, MASTER_PORT=<port>, MASTER_USER=<QUOTE(TRIM(user))>, " +
        "MASTER_PASSWORD=<QUOTE(TRIM(passwd))>, MASTER_USE_GTID=no, MASTER_LOG_FILE=<QUOTE(TRIM(name))>, MASTER_LOG_POS=<pos>, MASTER_SSL=0",
    );
    expect(shape(changeSourceExpression(DIALECTS.mariadb1011, SOURCE, { mode: "gtid" }, true))).toContain("MASTER_USE_GTID=slave_pos, MASTER_SSL=1");
  });

  it("names START/STOP/RESET with REPLICA from MySQL 8.0.22 and SLAVE before it and on MariaDB", () => {
    const words = (dialect: (typeof DIALECTS)[keyof typeof DIALECTS]) => [startReplicaExpression(dialect), stopReplicaExpression(dialect), resetReplicaAllExpression(dialect)];
    for (const dialect of [DIALECTS.mysql8022, DIALECTS.mysql8041, DIALECTS.mysql84, DIALECTS.mysql97]) {
      expect(words(dialect), dialect.version.raw).toEqual(["'START REPLICA'", "'STOP REPLICA'", "'RESET REPLICA ALL'"]);
    }
    for (const dialect of [DIALECTS.mysql8020, DIALECTS.mariadb105, DIALECTS.mariadb1011]) {
      expect(words(dialect), dialect.version.raw).toEqual(["'START SLAVE'", "'STOP SLAVE'", "'RESET SLAVE ALL'"]);
    }
  });

  it("starts until a source position with the options each engine names", () => {
    expect(shape(startUntilExpression(DIALECTS.mysql97, "TRIM(replication_log_file)", "replication_stop_point"))).toBe(
      "START REPLICA UNTIL SOURCE_LOG_FILE=<QUOTE(TRIM(replication_log_file))>, SOURCE_LOG_POS=<replication_stop_point>",
    );
    expect(shape(startUntilExpression(DIALECTS.mysql8022, "f", "p"))).toBe("START REPLICA UNTIL MASTER_LOG_FILE=<QUOTE(f)>, MASTER_LOG_POS=<p>");
    expect(shape(startUntilExpression(DIALECTS.mariadb1011, "f", "p"))).toBe("START SLAVE UNTIL MASTER_LOG_FILE=<QUOTE(f)>, MASTER_LOG_POS=<p>");
  });

  it("moves to the start of a log file with a CHANGE that sets nothing else", () => {
    expect(shape(moveToLogFileExpression(DIALECTS.mysql97, "next_file"))).toBe("CHANGE REPLICATION SOURCE TO SOURCE_LOG_FILE=<QUOTE(next_file)>, SOURCE_LOG_POS=4");
    expect(shape(moveToLogFileExpression(DIALECTS.mysql8022, "next_file"))).toBe("CHANGE MASTER TO MASTER_LOG_FILE=<QUOTE(next_file)>, MASTER_LOG_POS=4");
    expect(shape(moveToLogFileExpression(DIALECTS.mariadb1011, "next_file"))).toBe("CHANGE MASTER TO MASTER_LOG_FILE=<QUOTE(next_file)>, MASTER_LOG_POS=4");
    expect(changeSourceHead(DIALECTS.mysql84)).toBe("CHANGE REPLICATION SOURCE TO");
  });

  it("finds the applier's worker count under each engine's name", () => {
    expect(parallelWorkersVariable(DIALECTS.mysql8025)).toBe("slave_parallel_workers");
    expect(parallelWorkersVariable(DIALECTS.mysql8041)).toBe("replica_parallel_workers");
    expect(parallelWorkersVariable(DIALECTS.mysql97)).toBe("replica_parallel_workers");
    expect(parallelWorkersVariable(DIALECTS.mariadb1011)).toBe("slave_parallel_threads");
  });
});
