import { profiled } from "../profile/time-profile.ts";
import type { ReplicationPositioning } from "../engine/dialect.ts";
import { describeVersion } from "../engine/server-version.ts";
import { HarnessError } from "../errors/harness-error.ts";
import { MYSQL_PORT, NODE_PATHS } from "../node/node-paths.ts";
import type { StartedMysqlNode } from "../node/started-mysql-node.ts";
import { shellQuote } from "../node/start-script.ts";
import { sqlString } from "../sql/sql-literal.ts";
import { loudWarning } from "../progress/progress.ts";
import { hasStoredFloats, holdForExactFloats } from "./exact-floats.ts";
import { binaryLogStatus, gtidExecuted } from "../replication/replication-control.ts";

/**
 * How green gets its copy of blue. Aurora copies storage; CLONE is the closest MySQL has, a consistent
 * dump works everywhere. "pristine": blue has executed no transaction since its data directory was
 * initialized, so a node started from the same image already is a copy of it at that point; this is
 * checked on both servers, never assumed.
 */
export type CopyMethod = "pristine" | "clone" | "dump";

/** The point the copy was taken at: where replication from the source must start, and nothing else. */
export interface CopyPoint {
  method: CopyMethod;
  file: string;
  position: number;
  /** The source's executed GTID set at the copy point ("" without GTIDs). */
  gtidSet: string;
}

export function positioningFrom(point: CopyPoint, mode: "gtid" | "file-position"): ReplicationPositioning {
  return mode === "gtid" ? { mode: "gtid" } : { mode: "file-position", file: point.file, position: point.position };
}

/**
 * Below this much table data a dump is the cheaper copy. CLONE copies the whole data directory (about
 * 90 MB of system tablespaces, undo and redo on MySQL 9.7) and restarts the recipient: on the 2-core
 * machine 2.7-3.0 s and as many CPU seconds for a table of 200 rows, where a dump took 1.0 s. The bound
 * is a choice, not a measured crossover: well below where a dump's own time approaches CLONE's.
 */
export const DUMP_BELOW_BYTES = 16 * 1024 * 1024;

/**
 * Pristine when both servers are untouched. Else, where the engine has CLONE and both run the same
 * release, a dump only when it stalls nothing: little table data, no FLOAT column (a dump copies FLOAT
 * exactly only under a read lock held for its whole length: see exact-floats.ts) and no statement
 * running on the source for a second or more (the dump's FLUSH TABLES WITH READ LOCK would wait for it
 * and hold every write on blue meanwhile, where a deployment never stalls blue); CLONE otherwise.
 * Without CLONE (MariaDB, or another release: an engine upgrade's green), a dump.
 */
export async function chooseCopyMethod(target: StartedMysqlNode, source: StartedMysqlNode, dumpBelowBytes = DUMP_BELOW_BYTES): Promise<CopyMethod> {
  if ((await isPristine(source)) && (await isPristine(target))) return "pristine";
  const sameRelease = target.dialect.version.flavor === source.dialect.version.flavor && describeVersion(target.dialect.version) === describeVersion(source.dialect.version);
  if (!target.dialect.supportsClone || !sameRelease) return "dump";
  if ((await tableDataBytes(source)) >= dumpBelowBytes) return "clone";
  return (await hasStoredFloats(source)) || (await hasLongStatements(source)) ? "clone" : "dump";
}

/**
 * What the tablespaces of the server's own tables take on disk (InnoDB file-per-table and general
 * tablespaces, not the system schemas'): what a dump would have to read. Tables in the system
 * tablespace or of another engine count nothing (a dump copies them too, only slower). Only asked of
 * servers with CLONE (MySQL 8.0.17+).
 */
async function tableDataBytes(node: StartedMysqlNode): Promise<number> {
  const [row] = await node.query(
    "SELECT COALESCE(SUM(ALLOCATED_SIZE), 0) AS bytes FROM information_schema.INNODB_TABLESPACES " +
      "WHERE (SPACE_TYPE = 'Single' AND NAME NOT LIKE 'mysql/%' AND NAME NOT LIKE 'sys/%') OR (SPACE_TYPE = 'General' AND NAME <> 'mysql')",
  );
  return Number(row?.bytes ?? 0);
}

/** A client statement running for a second or more (replication and daemon threads aside). */
async function hasLongStatements(node: StartedMysqlNode): Promise<boolean> {
  const rows = await node.query(
    `SELECT 1 FROM ${node.dialect.processlistTable} WHERE COMMAND NOT IN ('Sleep', 'Daemon', 'Binlog Dump', 'Binlog Dump GTID', 'Connect') ` +
      "AND USER NOT IN ('system user', 'event_scheduler') AND ID <> CONNECTION_ID() AND TIME >= 1 LIMIT 1",
  );
  return rows.length > 0;
}

/**
 * No transaction executed since initialization (the init file runs with the binary log off). On MariaDB
 * a server loaded by dump (binary log off) has an empty gtid_binlog_pos too: the gtid_slave_pos the dump
 * set tells it from an untouched one.
 */
async function isPristine(node: StartedMysqlNode): Promise<boolean> {
  if (!node.options.gtid && node.dialect.gtidScheme === "mysql") return false; // no GTID set to prove it by
  if ((await gtidExecuted(node)) !== "") return false;
  if (node.dialect.gtidScheme !== "mariadb") return true;
  const [row] = await node.query("SELECT @@GLOBAL.gtid_slave_pos AS pos");
  return String(row?.pos ?? "") === "";
}

/**
 * Makes `target` a copy of `source` at one consistent point and returns that point. The target's own
 * data is replaced entirely. The target must be a fresh node that nothing writes to.
 */
export function copyInto(target: StartedMysqlNode, source: StartedMysqlNode, method: CopyMethod): Promise<CopyPoint> {
  return profiled("copies", `${source.name} into ${target.name} (${method})`, () => {
    if (method === "pristine") return pristineCopyPoint(target, source);
    return method === "clone" ? cloneInto(target, source) : dumpInto(target, source);
  });
}

async function pristineCopyPoint(target: StartedMysqlNode, source: StartedMysqlNode): Promise<CopyPoint> {
  if (!(await isPristine(source)) || !(await isPristine(target))) {
    throw new HarnessError({
      what: `copying ${source.name} into ${target.name}`,
      cause: "the pristine method needs both servers untouched since initialization, and one has executed transactions",
      fix: "use the clone or dump copy method (or leave the method unset to choose automatically)",
    });
  }
  const point = await binaryLogStatus(source);
  return { method: "pristine", file: point.file, position: point.position, gtidSet: "" };
}

/**
 * CLONE INSTANCE into a separate directory, then a hard restart onto it. The running server's own data
 * is thrown away, so it is killed rather than shut down (saves the 1.5 s of a clean shutdown).
 */
async function cloneInto(target: StartedMysqlNode, source: StartedMysqlNode): Promise<CopyPoint> {
  if (!target.dialect.supportsClone) {
    throw new HarnessError({
      what: `copying ${source.name} into ${target.name}`,
      cause: `${target.dialect.version.raw} has no CLONE plugin`,
      fix: "use the dump copy method for this engine",
    });
  }
  const donor = `${source.networkHost}:${MYSQL_PORT}`;
  await target.query(`SET GLOBAL clone_valid_donor_list = ${sqlString(donor)}`);
  await target.query(
    `CLONE INSTANCE FROM ${sqlString(source.credentials.replicationUser)}@${sqlString(source.networkHost)}:${MYSQL_PORT} ` +
      `IDENTIFIED BY ${sqlString(source.credentials.replicationPassword)} DATA DIRECTORY = ${sqlString(NODE_PATHS.cloneDir)}`,
  );
  await target.kill();
  await target.startAgain();
  // The copy point is recorded in the cloned data directory and shows once the server runs on it.
  const rows = await target.query("SELECT BINLOG_FILE AS file, BINLOG_POSITION AS position, GTID_EXECUTED AS gtid FROM performance_schema.clone_status");
  const row = rows[0];
  if (!row?.file) throw new HarnessError({ what: `cloning ${source.name}`, cause: "performance_schema.clone_status has no binary log coordinates after CLONE", fix: "binary logging must be on at the donor; read the recipient's server log" });
  return { method: "clone", file: String(row.file), position: Number(row.position), gtidSet: String(row.gtid ?? "").replace(/\s+/g, "") };
}

/**
 * A consistent logical dump (single transaction, binary log coordinates recorded under the dump's own
 * lock) streamed from source to target inside the target container, where a client is known to exist.
 */
async function dumpInto(target: StartedMysqlNode, source: StartedMysqlNode): Promise<CopyPoint> {
  const mariadb = target.dialect.gtidScheme === "mariadb";
  const coordinatesFlag = mariadb || target.dialect.version.major < 8 || (target.dialect.version.minor === 0 && target.dialect.version.patch < 26) ? "--master-data=2" : "--source-data=2";
  // MariaDB: the source's own replica position (mysql.gtid_slave_pos rows) must not travel: the copy's
  // position is set from the dump's coordinates below, and copied rows would collide with the applier's
  // (1942 "failed to update GTID state ... Duplicate entry") when the source is itself a replica (green).
  // AUTO: the GTID state travels when the source has GTIDs (ON or a permissive mode) and is left out when
  // gtid_mode is OFF, where ON makes mysqldump refuse ("Server has GTIDs disabled").
  const gtidFlags = mariadb ? ["--gtid", "--ignore-table=mysql.gtid_slave_pos"] : ["--set-gtid-purged=AUTO"];
  const dumpArgs = [
    "-h", source.networkHost, "-P", String(MYSQL_PORT), "-u", source.credentials.rootUser,
    "--all-databases", "--single-transaction", coordinatesFlag, ...gtidFlags,
    "--routines", "--events", "--triggers", "--hex-blob", "--flush-privileges",
  ];
  // The dump reads the source over the network with the run's password; the load goes through the
  // target's local socket as root@localhost, which every initialized server has without a password
  // (MariaDB's root@127.0.0.1 entry would shadow root@'%' over TCP).
  const dumpScript = [
    'DUMP=$(command -v mariadb-dump || command -v mysqldump)',
    `MYSQL_PWD="$BGH_SOURCE_PASSWORD" "$DUMP" ${dumpArgs.map(shellQuote).join(" ")} > /tmp/bgh-copy.sql 2> /tmp/bgh-copy.err`,
    // mysqldump can print an error, write its closing line and still exit 0 ("Server has GTIDs
    // disabled" did): its errors are read, and nothing is loaded without the coordinates it must record.
    "cat /tmp/bgh-copy.err >&2",
    // "mysqldump: Got error: ...", "mysqldump: Couldn't execute ...", "Error: Server has GTIDs disabled.";
    // warnings ("[Warning] Using a password ...") pass.
    "if grep -qE '(^|: )(Error|Got error|Couldn.t)' /tmp/bgh-copy.err; then echo 'the dump reported an error (above)' >&2; exit 3; fi",
    "grep -qE '^-- CHANGE (MASTER|REPLICATION SOURCE) TO .*LOG_FILE' /tmp/bgh-copy.sql || { echo 'the dump recorded no binary log coordinates' >&2; exit 4; }",
    // The coordinates are comments in the dump (MariaDB's GTID position near its end): print them for the
    // harness. MySQL's GTID_PURGED statement runs on over one line per server UUID, up to its semicolon.
    "grep -E '^-- CHANGE (MASTER|REPLICATION SOURCE) TO .*LOG_FILE|^-- SET GLOBAL gtid_slave_pos' /tmp/bgh-copy.sql || true",
    "sed -n '/GTID_PURGED=/{:a;/;$/{p;q};N;ba}' /tmp/bgh-copy.sql",
  ];
  const loadScript = [
    'CLIENT=$(command -v mariadb || command -v mysql)',
    // Binary log off while loading: the copy must not become the target's own transactions (MariaDB's
    // strict GTID mode would then refuse the source's, and MySQL would hold errant GTIDs).
    `"$CLIENT" -u root --socket=${shellQuote(NODE_PATHS.socket)} --init-command='SET SESSION sql_log_bin=0' < /tmp/bgh-copy.sql`,
    "rm -f /tmp/bgh-copy.sql /tmp/bgh-copy.err",
  ];
  const run = async (lines: string[]) => {
    const result = await target.exec(["env", `BGH_SOURCE_PASSWORD=${source.credentials.rootPassword}`, "sh", "-c", ["set -e", ...lines].join("\n")]);
    if (result.exitCode !== 0) {
      throw new HarnessError({
        what: `copying ${source.name} into ${target.name} by dump`,
        cause: `exit ${result.exitCode}: ${result.output.trim().split("\n").slice(-3).join(" | ")}`,
        fix: "read the message above; the source must be reachable from the target on the environment's network",
      });
    }
    return result;
  };
  // FLOAT columns: the dump runs under a read lock held from before it until it has ended, with their
  // exact values read meanwhile and written back after the load (see exact-floats.ts). Else one exec.
  const floats = await holdForExactFloats(source);
  let result: { output: string };
  if (floats) {
    try {
      result = await run(dumpScript);
    } finally {
      await floats.release();
    }
    await run(loadScript);
    await floats.restore(target);
    if (floats.unrestorable.length > 0) {
      loudWarning([
        `${target.name}'s copy of ${source.name} holds some FLOAT values as mysqldump wrote them, with 6 significant digits:`,
        ...floats.unrestorable,
        "Comparisons with the source will show them, and replication may not find those rows by their values.",
      ]);
    }
  } else {
    result = await run([...dumpScript, ...loadScript]);
  }
  const file = /(?:MASTER|SOURCE)_LOG_FILE='([^']+)'/.exec(result.output)?.[1];
  const position = /(?:MASTER|SOURCE)_LOG_POS=(\d+)/.exec(result.output)?.[1];
  if (!file || !position) {
    throw new HarnessError({ what: `copying ${source.name} into ${target.name} by dump`, cause: "the dump recorded no binary log coordinates", fix: "binary logging must be on at the source" });
  }
  const gtidSet = mariadb
    ? (/gtid_slave_pos='([^']*)'/.exec(result.output)?.[1] ?? "")
    : (/GTID_PURGED=(?:\/\*!\d+ '\+'\*\/ )?'([^']*)';/.exec(result.output)?.[1] ?? "").replace(/\s+/g, "");
  if (mariadb && gtidSet) await target.query(`SET GLOBAL gtid_slave_pos = ${sqlString(gtidSet)}`);
  return { method: "dump", file, position: Number(position), gtidSet };
}
