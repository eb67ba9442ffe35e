import type { EngineDialect } from "../../../harness/engine/dialect.ts";
import { sqlString } from "../../../harness/sql/sql-literal.ts";
import { concatExpression, integerPlaceholder, textPlaceholder } from "./statement-template.ts";

/**
 * The replication statements the procedures run, as SQL expressions evaluating to the statement text
 * (for PREPARE). All wording comes from the dialect: CHANGE REPLICATION SOURCE TO / SOURCE_* on MySQL
 * 8.0.23+, CHANGE MASTER TO / MASTER_* before and on MariaDB; START/STOP/RESET REPLICA from 8.0.22,
 * SLAVE before and on MariaDB; GET_SOURCE_PUBLIC_KEY where caching_sha2_password needs it.
 */

/** SQL expressions (parameter names, usually) for the arguments of a CHANGE ... TO. */
export interface SourceArguments {
  host: string;
  port: string;
  user: string;
  password: string;
}

export type Positioning = { mode: "gtid" } | { mode: "file-position"; file: string; position: string };

/**
 * CHANGE ... TO the source, by file and position or by GTID auto-positioning (MySQL
 * SOURCE_AUTO_POSITION=1, MariaDB MASTER_USE_GTID=slave_pos). The connect retry and delay stay at the
 * server's defaults: Aurora sets neither through these procedures.
 */
export function changeSourceExpression(dialect: EngineDialect, source: SourceArguments, positioning: Positioning, ssl: boolean): string {
  const host = textPlaceholder("host", source.host);
  const port = integerPlaceholder(1, source.port);
  const user = textPlaceholder("user", source.user);
  const password = textPlaceholder("password", source.password);
  const placeholders = [host, port, user, password];
  let rendered: string;
  if (positioning.mode === "gtid") {
    rendered = dialect.changeSourceSql({ host: host.marker, port: port.marker, user: user.marker, password: password.marker, positioning, ssl });
  } else {
    const file = textPlaceholder("file", positioning.file);
    const position = integerPlaceholder(2, positioning.position);
    placeholders.push(file, position);
    rendered = dialect.changeSourceSql({
      host: host.marker,
      port: port.marker,
      user: user.marker,
      password: password.marker,
      positioning: { mode: "file-position", file: file.marker, position: position.marker },
      ssl,
    });
  }
  return concatExpression(rendered, placeholders);
}

/** START ... UNTIL the source's file and position. */
export function startUntilExpression(dialect: EngineDialect, file: string, position: string): string {
  const filePlaceholder = textPlaceholder("until_file", file);
  const positionPlaceholder = integerPlaceholder(3, position);
  const rendered = dialect.startReplicaUntilSql({ file: filePlaceholder.marker, position: positionPlaceholder.marker });
  return concatExpression(rendered, [filePlaceholder, positionPlaceholder]);
}

/** The first event of a binary log file is at 4, after the file's magic number. */
const FIRST_EVENT_POSITION = 4;

/**
 * CHANGE ... TO <prefix>_LOG_FILE=<file>, <prefix>_LOG_POS=4 and nothing else, keeping host, user and
 * password (which cannot be read back to re-issue a full CHANGE). The dialect has no statement for a
 * partial change, so it is assembled from two it has: the head of its CHANGE ... TO and the option list
 * of its START ... UNTIL, which names the same options on every engine.
 */
export function moveToLogFileExpression(dialect: EngineDialect, file: string): string {
  const filePlaceholder = textPlaceholder("next_file", file);
  const until = dialect.startReplicaUntilSql({ file: filePlaceholder.marker, position: FIRST_EVENT_POSITION });
  const options = /\bUNTIL (.+)$/.exec(until)?.[1];
  if (options === undefined) throw new Error(`unexpected START ... UNTIL statement from the dialect: ${until}`);
  return concatExpression(`${changeSourceHead(dialect)} ${options}`, [filePlaceholder]);
}

/** "CHANGE REPLICATION SOURCE TO" or "CHANGE MASTER TO", as the dialect writes it. */
export function changeSourceHead(dialect: EngineDialect): string {
  const sample = dialect.changeSourceSql({ host: "h", port: 1, user: "u", password: "p", positioning: { mode: "gtid" } });
  const head = /^(CHANGE [A-Z ]+? TO) /.exec(sample)?.[1];
  if (head === undefined) throw new Error(`unexpected CHANGE statement from the dialect: ${sample}`);
  return head;
}

/** Statements without arguments, as string literals for PREPARE. */
export function startReplicaExpression(dialect: EngineDialect): string {
  return sqlString(dialect.startReplicaSql());
}

export function stopReplicaExpression(dialect: EngineDialect): string {
  return sqlString(dialect.stopReplicaSql());
}

export function resetReplicaAllExpression(dialect: EngineDialect): string {
  return sqlString(dialect.resetReplicaAllSql());
}

/**
 * The variable holding the applier's worker count, which rds_start_replication_until checks. It was
 * renamed with the skip counter (MySQL 8.0.26: slave_* to replica_*), so the dialect's skip counter
 * name tells which one exists; MariaDB calls it slave_parallel_threads.
 */
export function parallelWorkersVariable(dialect: EngineDialect): string {
  if (dialect.gtidScheme === "mariadb") return "slave_parallel_threads";
  return dialect.skipCounterVariable === "sql_replica_skip_counter" ? "replica_parallel_workers" : "slave_parallel_workers";
}
