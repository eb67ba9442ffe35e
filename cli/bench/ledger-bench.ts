import { cpus, loadavg } from "node:os";
import { columnDomain, writableColumns, type ColumnValue } from "../../harness/data/column-domain.ts";
import { engineImageFromEnvironment } from "../../harness/images/engine-image.ts";
import { onInterrupt } from "../../harness/lifecycle/cleanup-on-signal.ts";
import { reap } from "../../harness/lifecycle/reaper.ts";
import { newRunId } from "../../harness/lifecycle/run-id.ts";
import { MysqlNodeContainer } from "../../harness/node/mysql-node.ts";
import type { StartedMysqlNode } from "../../harness/node/started-mysql-node.ts";
import { readSchema } from "../../harness/schema/read-schema.ts";
import type { SchemaModel, TableModel } from "../../harness/schema/schema-model.ts";
import { generateCredentials } from "../../harness/secrets/credentials.ts";
import { MysqlSession } from "../../harness/sql/mysql-session.ts";
import { sqlIdentifier, sqlTable } from "../../harness/sql/sql-literal.ts";
import { sleep } from "../../harness/wait/wait-until.ts";
import { imageValue, ledgerColumns } from "../../harness/workload/row-image.ts";
import { RowLedger } from "../../harness/workload/row-ledger.ts";
import { startSchemaWorkload } from "../../harness/workload/schema-workload.ts";
import { seededRandom } from "../../harness/workload/write-load.ts";
import { engineLine } from "../commands/engine-option.ts";
import { median, table } from "./figures.ts";
import { serverCpuSeconds } from "./node-cpu.ts";

const SCHEMA = "ledger_bench";
const TABLES = 10;
const WRITERS = 8;
const RUN_MS = 12_000;
const ROUNDS = Number(process.env.BGH_LEDGER_BENCH_ROUNDS ?? 3);
const VERIFY_WRITES = Number(process.env.BGH_LEDGER_BENCH_WRITES ?? 1_000_000);
/** Of the ledgered writes to verify, the share that are updates of rows inserted before (the rest inserts). */
const UPDATE_SHARE = 0.2;

/**
 * The row ledger's cost, on one real server and a schema of 10 tables of mixed column types:
 * (1) acknowledged writes per second of the schema workload with and without recording them in the
 * ledger (same writers, statements and seed; rounds alternate, medians compared; target: under 10%
 * fewer with the ledger), and (2) the time to verify 1 million ledgered writes (800k rows written,
 * 200k of them updated, all loaded into the server; target: under 10 s). Prints figures; asserts nothing.
 */
export async function runLedgerBench(): Promise<number> {
  const runId = newRunId();
  const engine = await engineImageFromEnvironment({ runId });
  console.log(engineLine(engine));
  console.log(`Machine: ${cpus().length} cores. ${TABLES} tables, ${WRITERS} writers, ${ROUNDS} rounds of ${RUN_MS / 1000} s each way.\n`);
  const forget = onInterrupt(() => reap({ runId }).then(() => undefined));
  let node: StartedMysqlNode | undefined;
  const session = new MysqlSession(() => node!.connectionTarget());
  try {
    node = await new MysqlNodeContainer(engine, "ledger-bench", runId, generateCredentials()).withServerId(1).start();
    const target = node.connectionTarget();
    await createSchema(session);
    const model = await readSchema(session, SCHEMA);

    const rates: Record<"without" | "with", number[]> = { without: [], with: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of ["without", "with"] as const) {
        for (const t of model.tables) await session.query(`TRUNCATE TABLE ${sqlTable(SCHEMA, t.table)}`);
        const workload = startSchemaWorkload(() => target, { model, writers: WRITERS, seed: 100 + round, maxDurationMs: RUN_MS + 30_000, recordWrites: mode === "with" });
        await workload.ready;
        const from = performance.now();
        await sleep(RUN_MS);
        const result = await workload.stop();
        const rate = result.acknowledged / ((performance.now() - from) / 1000);
        rates[mode].push(rate);
        console.log(`round ${round + 1} ${mode.padEnd(7)} ledger: ${Math.round(rate)} writes/s (${result.acknowledged} acknowledged, ${result.refused} refused, ${result.failed} failed)`);
      }
    }
    const without = median(rates.without);
    const withLedger = median(rates.with);
    const overhead = (without - withLedger) / without;
    // The same cost measured apart from the server: on a loaded two-core machine, throughput rounds
    // vary by more than the ledger costs, so its CPU per write says more than their difference.
    const perWriteUs = recordingCost(model);
    const cpuShare = (perWriteUs * without) / 1e6;

    for (const t of model.tables) await session.query(`TRUNCATE TABLE ${sqlTable(SCHEMA, t.table)}`);
    const { ledger, loadSeconds } = await ledgerOfWrites(session, model, VERIFY_WRITES);
    const heapBefore = process.memoryUsage().heapUsed;
    const serverBefore = await serverCpuSeconds(node);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const verdict = await ledger.verify(session);
    const verifySeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const verifyCpuSeconds = (cpu.user + cpu.system) / 1e6;
    const verifyServerSeconds = (await serverCpuSeconds(node)) - serverBefore;
    const perSecond = VERIFY_WRITES / verifySeconds;
    const forMillion = 1_000_000 / perSecond;
    // The server's part alone: the same rows scanned and checksummed where they are, nothing sent.
    const scanStarted = performance.now();
    for (const t of model.tables) await session.query(`SELECT COUNT(*), SUM(CRC32(CONCAT_WS(',', ${ledgerColumns(t).columns.map((c) => sqlIdentifier(c.name)).join(", ")}))) FROM ${sqlTable(SCHEMA, t.table)}`);
    const scanSeconds = (performance.now() - scanStarted) / 1000;
    console.log(`\nLoaded ${VERIFY_WRITES} ledgered writes (${Math.round(VERIFY_WRITES * (1 - UPDATE_SHARE))} rows) in ${loadSeconds.toFixed(1)} s; verdict ok=${verdict.ok}, lost ${sum(verdict, "lost")}, changed ${sum(verdict, "changed")}, unexpected ${sum(verdict, "unexpected")}`);
    console.log(`Heap in use after verify: ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB (before: ${Math.round(heapBefore / 2 ** 20)} MiB)\n`);
    console.log(`Load when measured: ${loadavg().map((l) => l.toFixed(2)).join(", ")} (1, 5, 15 min) on ${cpus().length} cores\n`);
    console.log(
      table(
        ["figure", "measured", "target", "ratio to target"],
        [
          ["writes/s without ledger (median)", `${Math.round(without)}`, "", ""],
          ["writes/s with ledger (median)", `${Math.round(withLedger)}`, "", ""],
          ["throughput lost to the ledger (median vs median)", `${(overhead * 100).toFixed(1)}%`, "< 10%", `${(overhead / 0.1).toFixed(2)}`],
          ["ledger CPU per write (normalize + record)", `${perWriteUs.toFixed(1)} us`, "", ""],
          [`one core's share at ${Math.round(without)} writes/s`, `${(cpuShare * 100).toFixed(2)}%`, "< 10%", `${(cpuShare / 0.1).toFixed(2)}`],
          [`verify ${VERIFY_WRITES} ledgered writes (wall)`, `${verifySeconds.toFixed(1)} s`, "", ""],
          ["  ledgered writes verified per second", `${Math.round(perSecond)}`, "> 100000", `${(100_000 / perSecond).toFixed(2)}`],
          ["  time to verify 1 million ledgered writes", `${forMillion.toFixed(1)} s`, "< 10 s", `${(forMillion / 10).toFixed(2)}`],
          ["  of which Node's CPU (decoding, normalizing, judging)", `${verifyCpuSeconds.toFixed(1)} s`, "", ""],
          ["  of which the server's CPU (reading, sending)", `${verifyServerSeconds.toFixed(1)} s`, "", ""],
          ["  the server alone: scan and checksum the same rows (wall)", `${scanSeconds.toFixed(1)} s`, "", ""],
        ],
      ),
    );
    return 0;
  } finally {
    await session.close();
    try {
      await node?.remove();
    } finally {
      await reap({ runId });
      forget();
    }
  }
}

/** CPU microseconds per acknowledged write: the image normalized and recorded (200k inserts and updates of drawn rows). */
function recordingCost(model: SchemaModel): number {
  const ledger = new RowLedger(model.tables);
  const random = seededRandom(3);
  const t = model.tables[0]!;
  const columns = ledgerColumns(t).columns;
  const sources = columns.map((c) => columnDomain(t, c));
  const rows = Array.from({ length: 200_000 }, () => columns.map((_, i) => sources[i]!(random)));
  // CPU time, not wall time: on a loaded machine the wall clock mostly measures other processes.
  const before = process.cpuUsage();
  rows.forEach((row, n) => {
    const image = columns.map((c, i) => imageValue(c, row[i]));
    ledger.acknowledged(t.table, [String(n % 150_000)], image);
  });
  const used = process.cpuUsage(before);
  return (used.user + used.system) / rows.length;
}

function sum(verdict: Awaited<ReturnType<RowLedger["verify"]>>, field: "lost" | "changed" | "unexpected"): number {
  return verdict.tables.reduce((total, t) => total + t[field], 0);
}

/** Ten tables, each with a BIGINT key and columns of the kinds a team's tables hold. */
export async function createSchema(session: MysqlSession): Promise<void> {
  await session.query(`DROP DATABASE IF EXISTS ${sqlIdentifier(SCHEMA)}`);
  await session.query(`CREATE DATABASE ${sqlIdentifier(SCHEMA)}`);
  for (let i = 0; i < TABLES; i++) {
    await session.query(
      `CREATE TABLE ${sqlTable(SCHEMA, `t${i}`)} (
         id BIGINT NOT NULL, qty INT NOT NULL, amount DECIMAL(12,2) NOT NULL, name VARCHAR(40) NOT NULL,
         status ENUM('new','paid','shipped') NOT NULL, at DATETIME(3) NULL, flags INT UNSIGNED NOT NULL, doc JSON NULL,
         PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    );
  }
}

/**
 * A ledger holding `writes` acknowledged writes, and the server holding exactly the rows they leave:
 * inserts of rows 1..n in every table, then updates of a share of them, loaded in bulk.
 */
export async function ledgerOfWrites(session: MysqlSession, model: SchemaModel, writes: number): Promise<{ ledger: RowLedger; loadSeconds: number }> {
  const started = performance.now();
  const ledger = new RowLedger(model.tables);
  const random = seededRandom(7);
  const rowsPerTable = Math.round((writes * (1 - UPDATE_SHARE)) / model.tables.length);
  const updatesPerTable = Math.round((writes * UPDATE_SHARE) / model.tables.length);
  for (const t of model.tables) {
    const columns = writableColumns(t);
    const imageColumns = ledgerColumns(t).columns;
    const sources = columns.map((c) => (c.name === "id" ? undefined : columnDomain(t, c)));
    const rows: ColumnValue[][] = [];
    const draw = (id: number) => columns.map((c, i) => (c.name === "id" ? String(id) : sources[i]!(random)));
    for (let id = 1; id <= rowsPerTable; id++) rows.push(draw(id));
    const image = (row: ColumnValue[]) => imageColumns.map((c) => imageValue(c, row[columns.indexOf(c)]));
    for (const row of rows) ledger.acknowledged(t.table, [row[0] as string], image(row));
    for (let u = 0; u < updatesPerTable; u++) {
      const index = Math.floor(random() * rows.length);
      const updated = draw(index + 1);
      rows[index] = updated;
      ledger.acknowledged(t.table, [updated[0] as string], image(updated));
    }
    await bulkInsert(session, t, columns.map((c) => c.name), rows);
  }
  return { ledger, loadSeconds: (performance.now() - started) / 1000 };
}

async function bulkInsert(session: MysqlSession, t: TableModel, columns: string[], rows: ColumnValue[][]): Promise<void> {
  const batch = 2000;
  const list = columns.map(sqlIdentifier).join(", ");
  const placeholders = `(${columns.map(() => "?").join(", ")})`;
  for (let start = 0; start < rows.length; start += batch) {
    const slice = rows.slice(start, start + batch);
    await session.query(`INSERT INTO ${sqlTable(t.schema, t.table)} (${list}) VALUES ${slice.map(() => placeholders).join(", ")}`, slice.flat());
  }
}
