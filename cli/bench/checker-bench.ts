import { cpus } from "node:os";
import { compareServers } from "../../harness/checks/consistency-checker.ts";
import { compareByFullScan } from "../../harness/checks/full-scan-comparison.ts";
import { perconaToolkit, ptTableChecksum, ptTableSyncPrint } from "../../harness/checks/percona-toolkit.ts";
import { compareTable, type TableRef } from "../../harness/checks/row-comparison.ts";
import { engineLine } from "../commands/engine-option.ts";
import { BlueGreenEnvironment } from "../../harness/environment/blue-green-environment.ts";
import type { StartedBlueGreenEnvironment } from "../../harness/environment/started-blue-green-environment.ts";
import { engineImageFromEnvironment } from "../../harness/images/engine-image.ts";
import { newRunId } from "../../harness/lifecycle/run-id.ts";
import type { StartedMysqlNode } from "../../harness/node/started-mysql-node.ts";
import { unlogged } from "../../harness/sql/unlogged.ts";
import { sqlTable } from "../../harness/sql/sql-literal.ts";
import { sleep } from "../../harness/wait/wait-until.ts";
import { table } from "./figures.ts";

const SCHEMA = "bench";
const DIFFERENCES = 100;
/** compareTable pages through SqlRunner 5,000 rows at a time: past a million rows it only adds minutes. */
const COMPARE_TABLE_MAX_ROWS = 1_000_000;

interface Timing {
  method: string;
  rows: number;
  scenario: "equal" | `${number} differences`;
  seconds: number | null;
  found: string;
}

/**
 * Times the consistency checker against the obvious ways of comparing a table, on one real blue/green
 * pair: (a) compareServers, (b) every row streamed through Node (and compareTable's keyset pages, up to
 * a million rows), (c) pt-table-checksum and pt-table-sync. Each table is loaded identically into both
 * servers in-server (binary log off), then 100 scattered differences are made on the smallest one to
 * show what the drill-down costs. Prints figures; asserts nothing. Returns the exit code.
 */
export async function runCheckerBench(options: { rows?: number[] } = {}): Promise<number> {
  const sizes = [...(options.rows ?? [1_000_000, 5_000_000])].sort((a, b) => a - b);
  const engine = await engineImageFromEnvironment({ runId: newRunId() });
  console.log(engineLine(engine));
  console.log(`Machine: ${cpus().length} cores. One run per method and size; seconds of wall time.\n`);
  const flavor = engine.dialect.version.flavor;
  // Room for the largest table in each buffer pool, and redo large enough that loading is not checkpoint-bound.
  const extraArgs = flavor === "mysql"
    ? ["--innodb-buffer-pool-size=1536M", "--innodb-redo-log-capacity=1073741824", "--innodb-flush-log-at-trx-commit=2"]
    : ["--innodb-buffer-pool-size=1536M", "--innodb-log-file-size=536870912", "--innodb-flush-log-at-trx-commit=2"];
  const environment = await new BlueGreenEnvironment(engine).withServerOptions({ compactMemory: false, extraArgs }).start();
  const timings: Timing[] = [];
  try {
    const tool = perconaToolkit();
    console.log(tool.available ? `Percona Toolkit: ${tool.version}` : `Percona Toolkit skipped: ${tool.reason}`);
    console.log(PT_TOPOLOGY_NOTE);
    for (const rows of sizes) {
      const ref = { schema: SCHEMA, table: `t${rows}` };
      const started = performance.now();
      await loadIdentically(environment, ref, rows);
      console.log(`\nLoaded ${rows} rows into ${ref.schema}.${ref.table} on blue and green in ${seconds(performance.now() - started)} s`);
      console.log(`Flushed to disk before timing (${seconds(await settle([environment.blue.writer, environment.green.writer]))} s)`);
      timings.push(...(await timeMethods(environment, ref, rows, "equal", tool.available)));
      if (rows === sizes[0]) {
        await scatterDifferences(environment, ref, rows);
        console.log(`Made ${DIFFERENCES} scattered differences in ${ref.table} (80 changed, 10 missing on green, 10 extra on green)`);
        timings.push(...(await timeMethods(environment, ref, rows, `${DIFFERENCES} differences`, tool.available)));
      }
    }
  } finally {
    await environment.remove();
  }
  printFigures(timings);
  return 0;
}

const PT_TOPOLOGY_NOTE = [
  "pt-table-checksum here: run on blue with --recursion-method=none; its statement-based checksum queries replicate",
  "to green, which computes its own, then green's percona.checksums is queried for differing chunks (time includes",
  "green catching up). Its own replica check cannot run on MySQL 8.4+/9.x: Debian's 3.2.1 issues SHOW SLAVE STATUS",
  "and SHOW MASTER STATUS, both removed (it waits for a 'stopped' replica forever). On 8.3+ EXPLAIN defaults to TREE,",
  "which 3.2.1 cannot read (it then checksums a table in one chunk): explain_format=TRADITIONAL is set for its runs.",
  "pt-table-sync --print compares the two servers directly (--no-check-slave) and prints the fixing statements.",
].join("\n");

async function timeMethods(environment: StartedBlueGreenEnvironment, ref: TableRef, rows: number, scenario: Timing["scenario"], withPerconaToolkit: boolean): Promise<Timing[]> {
  const blue = environment.blue.writer;
  const green = environment.green.writer;
  const timings: Timing[] = [];
  const time = async (method: string, body: () => Promise<string>) => {
    const started = performance.now();
    const found = await body();
    const timing: Timing = { method, rows, scenario, seconds: (performance.now() - started) / 1000, found };
    console.log(`  ${scenario.padEnd(16)} ${method.padEnd(34)} ${seconds(timing.seconds! * 1000).padStart(7)} s  ${found}`);
    timings.push(timing);
  };
  await time("checker (compareServers)", async () => {
    const report = await compareServers(blue, green, { tables: [ref] });
    const [check] = report.tables;
    return `${check!.chunks} chunks, ${check!.mismatchingChunks} differ; ${describeRows(check!.rowDifferences)}`;
  });
  await time("full scan streamed through Node", async () => {
    const result = await compareByFullScan(blue.connectionTarget(), green.connectionTarget(), ref, "id");
    return describeRows(result);
  });
  if (rows <= COMPARE_TABLE_MAX_ROWS) {
    await time("compareTable (keyset pages)", async () => describeRows(await compareTable(blue, green, ref)));
  }
  if (!withPerconaToolkit) return timings;
  await withTraditionalExplain([blue, green], async () => {
    await time("pt-table-checksum (replicated)", async () => {
      const run = await ptTableChecksum(blue.connectionTarget(), ref);
      if (/Fatal|error/i.test(run.output) && run.exitCode !== 0) return `failed (${run.exitCode}): ${lastLine(run.output)}`;
      await environment.waitForGreenCatchUp(600_000);
      const [row] = await green.query(
        "SELECT COUNT(*) AS chunks, COALESCE(SUM(this_cnt <> master_cnt OR NOT (this_crc <=> master_crc)), 0) AS differing FROM percona.checksums WHERE db = ? AND tbl = ?",
        [ref.schema, ref.table],
      );
      return `${row!.chunks} chunks, ${row!.differing} differ (rows not located)`;
    });
    await time("pt-table-sync --print", async () => {
      const run = await ptTableSyncPrint(blue.connectionTarget(), green.connectionTarget(), ref);
      const statements = run.output.split("\n").filter((line) => /^(INSERT|UPDATE|DELETE|REPLACE) /.test(line)).length;
      // Exit status 2 means "differences found"; bit 1 set means it failed.
      return run.exitCode & 1 ? `failed (${run.exitCode}): ${lastLine(run.output)}` : `${statements} fixing statements printed`;
    });
  });
  return timings;
}

/**
 * The same rows on both servers, generated in-server from a ten-row digits table (a cross join of six
 * of them is a million rows in key order), with the binary log off: no replication, no GTIDs.
 */
async function loadIdentically(environment: StartedBlueGreenEnvironment, ref: TableRef, rows: number): Promise<void> {
  const name = sqlTable(ref.schema, ref.table);
  const statements = [
    `CREATE DATABASE IF NOT EXISTS ${ref.schema}`,
    `CREATE TABLE IF NOT EXISTS ${ref.schema}.digits (d INT PRIMARY KEY)`,
    `INSERT IGNORE INTO ${ref.schema}.digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)`,
    `CREATE TABLE ${name} (id INT PRIMARY KEY, big BIGINT NOT NULL, name VARCHAR(40) NOT NULL, created DATETIME NOT NULL, maybe INT NULL)`,
  ];
  for (let base = 0; base < rows; base += 1_000_000) {
    const limit = Math.min(1_000_000, rows - base);
    statements.push(
      `INSERT INTO ${name} SELECT n, n * 7919 + 4294967296, CONCAT('name-', n), '2020-01-01' + INTERVAL n SECOND, IF(n % 10 = 0, NULL, n % 1000)
         FROM (SELECT ${base} + 100000*a.d + 10000*b.d + 1000*c.d + 100*d.d + 10*e.d + f.d + 1 AS n
                 FROM ${ref.schema}.digits a, ${ref.schema}.digits b, ${ref.schema}.digits c, ${ref.schema}.digits d, ${ref.schema}.digits e, ${ref.schema}.digits f) x
        WHERE n <= ${base + limit}`,
    );
  }
  // Fresh statistics: pt-table-checksum sizes its chunks from EXPLAIN's row estimate.
  statements.push(`ANALYZE NO_WRITE_TO_BINLOG TABLE ${name}`);
  await Promise.all([environment.blue.writer, environment.green.writer].map((node) => unlogged(node, statements)));
}

/** 80 changed rows, 10 deleted on green (missing), 10 deleted on blue (extra on green), spread over the key range. */
async function scatterDifferences(environment: StartedBlueGreenEnvironment, ref: TableRef, rows: number): Promise<void> {
  const name = sqlTable(ref.schema, ref.table);
  const ids = Array.from({ length: DIFFERENCES }, (_, i) => Math.floor(((i + 0.5) * rows) / DIFFERENCES));
  await unlogged(environment.green.writer, [
    `UPDATE ${name} SET big = big + 1 WHERE id IN (${ids.slice(0, 80).join(", ")})`,
    `DELETE FROM ${name} WHERE id IN (${ids.slice(80, 90).join(", ")})`,
  ]);
  await unlogged(environment.blue.writer, [`DELETE FROM ${name} WHERE id IN (${ids.slice(90).join(", ")})`]);
}

/**
 * Waits until both servers have written the freshly loaded pages out: otherwise the page cleaner flushes
 * hundreds of megabytes while the first method runs, and that method looks twice as slow as it is.
 * Returns the milliseconds it took.
 */
async function settle(nodes: StartedMysqlNode[]): Promise<number> {
  const started = performance.now();
  const dirty = async (node: StartedMysqlNode) => Number((await node.query("SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'"))[0]?.Value ?? 0);
  const limits = await Promise.all(nodes.map(async (node) => String((await node.query("SELECT @@GLOBAL.innodb_max_dirty_pages_pct AS pct"))[0]!.pct)));
  await Promise.all(nodes.map((node) => node.query("SET GLOBAL innodb_max_dirty_pages_pct = 0")));
  try {
    while (performance.now() - started < 180_000) {
      const pages = await Promise.all(nodes.map(dirty));
      if (pages.every((count) => count < 256)) break;
      await sleep(1000);
    }
  } finally {
    await Promise.all(nodes.map((node, i) => node.query(`SET GLOBAL innodb_max_dirty_pages_pct = ${Number(limits[i])}`)));
  }
  return performance.now() - started;
}

/** explain_format exists from MySQL 8.0.32 (TREE by default from 8.3); elsewhere there is nothing to set. */
async function withTraditionalExplain<T>(nodes: StartedMysqlNode[], body: () => Promise<T>): Promise<T> {
  const previous = await Promise.all(
    nodes.map(async (node) => {
      try {
        const [row] = await node.query("SELECT @@GLOBAL.explain_format AS format");
        await node.query("SET GLOBAL explain_format = 'TRADITIONAL'");
        return String(row!.format);
      } catch {
        return null;
      }
    }),
  );
  try {
    return await body();
  } finally {
    await Promise.all(nodes.map((node, i) => (previous[i] ? node.query(`SET GLOBAL explain_format = '${previous[i]}'`) : undefined)));
  }
}

function printFigures(timings: Timing[]): void {
  console.log("\nSeconds per method and table size (one run each):");
  const checkerOf = (t: Timing) => timings.find((c) => c.method.startsWith("checker") && c.rows === t.rows && c.scenario === t.scenario)?.seconds ?? null;
  console.log(
    table(
      ["rows", "case", "method", "seconds", "vs checker", "found"],
      timings.map((t) => {
        const checker = checkerOf(t);
        const ratio = t.seconds !== null && checker ? `${(t.seconds / checker).toFixed(1)}x` : "";
        return [String(t.rows), t.scenario, t.method, t.seconds === null ? "-" : t.seconds.toFixed(1), t.method.startsWith("checker") ? "1.0x" : ratio, t.found];
      }),
    ),
  );
  const [smallest] = timings;
  if (smallest) {
    const equal = checkerOf({ ...smallest, scenario: "equal" });
    const drilled = checkerOf({ ...smallest, scenario: `${DIFFERENCES} differences` });
    if (equal && drilled) console.log(`\nDrill-down cost for ${DIFFERENCES} scattered differences in ${smallest.rows} rows: ${(drilled - equal).toFixed(1)} s over the equal check (${equal.toFixed(1)} s).`);
  }
  console.log("'vs checker' = that method's time / the checker's time for the same rows and case (above 1: the checker is faster).");
}

function describeRows(result: { missingOnRight: number; extraOnRight: number; changedRows: number }): string {
  return `${result.missingOnRight} missing, ${result.extraOnRight} extra, ${result.changedRows} changed`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

function lastLine(output: string): string {
  return output.trim().split("\n").at(-1) ?? "";
}
