import type { Connection } from "mysql2/promise";
import { FAST_PACING } from "../fakes/rds/model/clock.ts";
import type { GuardrailThresholds } from "../fakes/rds/model/switchover-guardrails.ts";
import { columnTypes, compareTable, type TableComparison } from "../harness/checks/row-comparison.ts";
import { HarnessError } from "../harness/errors/harness-error.ts";
import type { StartedMysqlNode } from "../harness/node/started-mysql-node.ts";
import { waitForCatchUp } from "../harness/replication/catch-up.ts";
import { readReplicationStatus } from "../harness/replication/replication-status.ts";
import { usingEnvironment } from "../harness/scenario/scenario-environment.ts";
import { check, type Scenario, type ScenarioCheck } from "../harness/scenario/scenario.ts";
import { sqlIdentifier, sqlTable } from "../harness/sql/sql-literal.ts";
import { waitUntil } from "../harness/wait/wait-until.ts";
import { blueWritableGreenReadOnly, describeSnapshot, sameEnvironments, snapshotEnvironments, type EnvironmentSnapshot } from "./support/environment-snapshot.ts";
import { createDeployment } from "./support/deployment.ts";
import { startScenarioRds } from "./support/scenario-rds.ts";
import { attemptSwitchover, canceledWith, escapeRegExp, type SwitchoverAttempt } from "./support/switchover-attempt.ts";

export interface GuardrailsOptions {
  /** The Aurora cluster's name; green becomes <cluster>-green-xxxxxx. */
  cluster: string;
  /** The application's table: an integer primary key and an integer value. */
  table: { schema: string; table: string; key: string; value: string };
  /** Rows loaded before the deployment: keys firstKey .. firstKey + rows - 1, each valued key * 10. */
  firstKey: number;
  rows: number;
  /** The column the long-running DDL on blue tries to add; it is canceled after the refusal and never exists. */
  ddlColumn: string;
  /** SwitchoverTimeout of every attempt (RDS: 30-3600 s); green's allowed lag is this divided by guardrails.lagDivisor. */
  switchoverTimeoutSeconds: number;
  /** The fake's guardrail thresholds: small, so that "long-running" takes seconds. */
  guardrails: GuardrailThresholds;
  /**
   * Real seconds the switchover timeout lasts per second of SwitchoverTimeout (1: RDS's length). The
   * timeout case only needs to see the timeout run out and the rollback: 0.2 runs RDS's minimum of 30 s
   * out in 6 s, with RDS's wording, and the lag limit still comes from the 30 s.
   */
  switchoverTimeoutScale: number;
}

export const DEFAULTS: GuardrailsOptions = {
  cluster: "orders-db",
  table: { schema: "shop", table: "orders", key: "id", value: "total" },
  firstKey: 1,
  rows: 100,
  ddlColumn: "note",
  switchoverTimeoutSeconds: 30,
  guardrails: { longWriteSeconds: 2, longDdlSeconds: 2, lagDivisor: 10 },
  switchoverTimeoutScale: 0.2,
};

/** A condition on the real servers that one guardrail must catch; `induce` returns what clears it. */
interface GuardrailCase {
  name: string;
  /** The reason RDS gives after "Switchover canceled due to ", as a pattern. */
  reason: RegExp;
  induce(): Promise<() => Promise<void>>;
}

/**
 * Seed 002's guardrails, one at a time, as a user's script meets them through the RDS API: green lagging
 * beyond timeout/10, a write transaction open on green, a long-running write and a long-running DDL on
 * blue, and a switchover that exceeds its timeout (blue's "stop writes" step held up by a table lock).
 * Each condition is made for real on the MySQL servers; each switchover must be refused or rolled back
 * with its own reason (StatusDetails and events), the deployment AVAILABLE again, and neither
 * environment changed: same names, each endpoint leading to the same server, blue writable, green
 * read-only, no rename, the same rows on both. With every condition cleared, the switchover completes.
 */
export const guardrails: Scenario<GuardrailsOptions> = {
  id: "guardrails",
  title: "Switchover guardrails: lag, writes on green, long writes and DDL on blue, timeout (seed 002)",
  expectation: "each condition refuses or rolls back the switchover with its own reason and leaves both environments as they were; once cleared, the switchover completes",
  async run(context, overrides) {
    const options = { ...DEFAULTS, ...overrides, guardrails: { ...DEFAULTS.guardrails, ...overrides?.guardrails } };
    validate(options);
    const { table, switchoverTimeoutSeconds: timeout } = options;
    const tableName = `${sqlTable(table.schema, table.table)}`;
    const [key, value] = [sqlIdentifier(table.key), sqlIdentifier(table.value)];
    const lagLimit = Math.max(1, Math.floor(timeout / options.guardrails.lagDivisor));
    const checks: ScenarioCheck[] = [];
    const figures: Record<string, number | string> = { lagLimitSeconds: lagLimit };
    const details: Record<string, unknown> = {};

    context.log(`starting cluster ${options.cluster} behind the fake RDS (guardrails: ${JSON.stringify(options.guardrails)})`);
    const fake = await startScenarioRds(context, options.cluster, { model: { guardrails: options.guardrails, pacing: { ...FAST_PACING, switchoverTimeoutScale: options.switchoverTimeoutScale } } });
    const sessions: Connection[] = [];
    return usingEnvironment(context, fake, async () => {
      try {
        const state = fake.service.model.state;
        const app = await fake.connect();
        sessions.push(app);
        await app.query(`CREATE DATABASE ${sqlIdentifier(table.schema)}`);
        await app.query(`CREATE TABLE ${tableName} (${key} BIGINT NOT NULL PRIMARY KEY, ${value} BIGINT NOT NULL)`);
        // In batches, so that `bgh rehearse --rows N` stays within a statement's size whatever N is.
        for (let batchStart = 0; batchStart < options.rows; batchStart += 1000) {
          const keys = Array.from({ length: Math.min(1000, options.rows - batchStart) }, (_, index) => options.firstKey + batchStart + index);
          await app.query(`INSERT INTO ${tableName} (${key}, ${value}) VALUES ${keys.map(() => "(?, ?)").join(", ")}`, keys.flatMap((k) => [k, k * 10]));
        }

        context.log("creating the blue/green deployment");
        const { id, green, greenWriter } = await createDeployment(fake, `${options.cluster}-bg`);
        const blue = options.cluster;
        const blueWriter: StartedMysqlNode = state.writerOf(state.cluster(blue)).node!;
        const before = await snapshotEnvironments(fake, id);
        details.before = describeSnapshot(before);

        const open = async (cluster: string) => {
          const session = await fake.connect(cluster);
          sessions.push(session);
          return session;
        };
        const ddlStatement = `ALTER TABLE ${tableName} ADD COLUMN ${sqlIdentifier(options.ddlColumn)} INT`;
        const cases: GuardrailCase[] = [
          {
            name: "replication lag",
            reason: new RegExp(`replica lag on ${escapeRegExp(green)} of \\d+ s exceeds the ${lagLimit} s allowed by a switchover timeout of ${timeout} s`),
            async induce() {
              // A session holds a table lock on green: its applier waits on it, replication stays healthy, and the lag grows.
              const lock = await open(green);
              await lock.query(`LOCK TABLES ${tableName} WRITE`);
              await app.query(`UPDATE ${tableName} SET ${value} = ${value} + 1 WHERE ${key} = ?`, [options.firstKey]);
              const lag = await waitUntil({ what: `green's replica lag to exceed ${lagLimit} s`, timeoutMs: (lagLimit + 30) * 1000, intervalMs: 250 }, async () => {
                const status = await readReplicationStatus(greenWriter, greenWriter.dialect);
                const seconds = status.secondsBehindSource;
                return seconds !== null && seconds > lagLimit ? { done: true, value: seconds } : { done: false, state: `${seconds ?? "unknown"} s behind` };
              });
              figures.lagInducedSeconds = lag;
              return async () => {
                await lock.query("UNLOCK TABLES");
              };
            },
          },
          {
            name: "active writes on green",
            reason: new RegExp(`active writes on ${escapeRegExp(green)}: 1 open write transaction\\(s\\) on its writer`),
            async induce() {
              // Someone writes on green (a test, a stray job), its transaction still open: seed 004's hazard.
              const writer = await open(green);
              await writer.query("BEGIN");
              await writer.query(`INSERT INTO ${tableName} (${key}, ${value}) VALUES (?, 0)`, [options.firstKey + options.rows]);
              return async () => {
                await writer.query("ROLLBACK");
              };
            },
          },
          {
            name: "long-running writes on blue",
            reason: new RegExp(`long-running active writes on ${escapeRegExp(blue)}: 1 write transaction\\(s\\) open longer than ${options.guardrails.longWriteSeconds} s`),
            async induce() {
              const writer = await open(blue);
              await writer.query("BEGIN");
              // A row really changes (a no-op UPDATE modifies nothing), then the transaction stays open.
              await writer.query(`UPDATE ${tableName} SET ${value} = ${value} + 1 WHERE ${key} = ?`, [options.firstKey + options.rows - 1]);
              await waitUntil({ what: `a write transaction on blue to be open ${options.guardrails.longWriteSeconds} s`, timeoutMs: (options.guardrails.longWriteSeconds + 30) * 1000, intervalMs: 250 }, async () => {
                const rows = await blueWriter.query("SELECT MAX(TIMESTAMPDIFF(SECOND, trx_started, NOW())) AS age FROM information_schema.innodb_trx WHERE trx_rows_modified > 0");
                const age = Number(rows[0]?.age ?? -1);
                return age >= options.guardrails.longWriteSeconds ? { done: true, value: age } : { done: false, state: `oldest write transaction ${age} s` };
              });
              return async () => {
                await writer.query("ROLLBACK");
              };
            },
          },
          {
            name: "long-running DDL on blue",
            reason: new RegExp(`long-running DDL statements on ${escapeRegExp(blue)}: "${escapeRegExp(ddlStatement.slice(0, 80))}`),
            async induce() {
              // The ALTER waits on the metadata lock an open read transaction holds: a DDL that runs and runs.
              const holder = await open(blue);
              const ddl = await open(blue);
              await holder.query("BEGIN");
              await holder.query(`SELECT COUNT(*) FROM ${tableName}`);
              const alter = ddl.query(ddlStatement).then(
                () => "completed",
                (error: Error) => error.message,
              );
              await waitUntil({ what: `the ALTER on blue to run ${options.guardrails.longDdlSeconds} s`, timeoutMs: (options.guardrails.longDdlSeconds + 30) * 1000, intervalMs: 250 }, async () => {
                const rows = await blueWriter.query(`SELECT MAX(time) AS seconds FROM ${blueWriter.dialect.processlistTable} WHERE id = ?`, [ddl.threadId]);
                const seconds = Number(rows[0]?.seconds ?? -1);
                return seconds >= options.guardrails.longDdlSeconds ? { done: true, value: seconds } : { done: false, state: `ALTER running ${seconds} s` };
              });
              return async () => {
                // The user cancels the DDL, so that the refusal is all that happened.
                await blueWriter.query(`KILL QUERY ${Number(ddl.threadId)}`);
                details.ddlOutcome = await alter;
                await holder.query("ROLLBACK");
              };
            },
          },
          {
            name: "switchover timeout",
            reason: new RegExp(`the switchover timeout of ${timeout} s being exceeded\\. No changes were made to either environment`),
            async induce() {
              // A maintenance job holds a table lock on blue: no guardrail sees it, but "stop writes" waits
              // for it (super_read_only needs the global read lock) until the timeout runs out.
              const lock = await open(blue);
              await lock.query(`LOCK TABLES ${tableName} WRITE`);
              return async () => {
                await lock.query("UNLOCK TABLES");
              };
            },
          },
        ];

        for (const guardrailCase of cases) {
          fake.record.step(guardrailCase.name);
          context.log(`${guardrailCase.name}: inducing the condition, then switching over`);
          const clear = await guardrailCase.induce();
          let attempt: SwitchoverAttempt;
          let after: EnvironmentSnapshot;
          try {
            attempt = await attemptSwitchover(fake, id, timeout);
            after = await snapshotEnvironments(fake, id);
          } finally {
            await clear();
          }
          figures[`${camelCase(guardrailCase.name)}Seconds`] = Number(attempt.seconds.toFixed(1));
          checks.push(check(`${guardrailCase.name}: switchover refused with its reason`, canceledWith(attempt, blue, green, guardrailCase.reason), `${attempt.status} after ${attempt.seconds.toFixed(1)} s: ${attempt.statusDetails}`));
          const comparison = await caughtUpComparison(greenWriter, blueWriter, table);
          const schemaKept = guardrailCase.name === "long-running DDL on blue" ? await columnAbsent(blueWriter, greenWriter, table, options.ddlColumn) : { ok: true, detail: "" };
          checks.push(
            check(
              `${guardrailCase.name}: neither environment changed`,
              sameEnvironments(before, after) && blueWritableGreenReadOnly(after) && comparison.equal && comparison.leftRows === options.rows && schemaKept.ok,
              `${describeSnapshot(after)}; ${summary(comparison)}${schemaKept.detail}`,
            ),
          );
          if (guardrailCase.name === "switchover timeout") {
            const realTimeout = timeout * options.switchoverTimeoutScale;
            const scaled = options.switchoverTimeoutScale === 1 ? "" : ` (run out in ${realTimeout.toFixed(1)} s: scale ${options.switchoverTimeoutScale})`;
            checks.push(check("the timed-out switchover ran until its timeout, and no longer than the rollback takes", attempt.seconds >= realTimeout && attempt.seconds < realTimeout + 30, `${attempt.seconds.toFixed(1)} s for a timeout of ${timeout} s${scaled}`));
          }
          details[guardrailCase.name] = { statusDetails: attempt.statusDetails, events: attempt.events, after: describeSnapshot(after) };
        }

        fake.record.step("final switchover");
        context.log("every condition cleared: switching over");
        const final = await attemptSwitchover(fake, id, timeout);
        const switched = await snapshotEnvironments(fake, id);
        const newPrimary = state.writerOf(state.cluster(blue)).node!;
        const oldBlue = state.writerOf(state.cluster(`${blue}-old1`)).node!;
        // After the renames the deployment's source is old blue (<cluster>-old1) and its target the cluster under blue's name.
        const served = (cluster: string) => [switched.blue, switched.green].find((side) => side.cluster === cluster)?.endpoint;
        const [primaryEndpoint, oldEndpoint] = [served(blue), served(`${blue}-old1`)];
        const moved =
          primaryEndpoint !== undefined && "serverUuid" in primaryEndpoint && "serverUuid" in before.green.endpoint && primaryEndpoint.serverUuid === before.green.endpoint.serverUuid && !primaryEndpoint.readOnly &&
          oldEndpoint !== undefined && "serverUuid" in oldEndpoint && "serverUuid" in before.blue.endpoint && oldEndpoint.serverUuid === before.blue.endpoint.serverUuid && oldEndpoint.superReadOnly;
        checks.push(
          check(
            "with every condition cleared, the switchover completes: green's writer serves the cluster's endpoint, old blue read-only",
            final.status === "SWITCHOVER_COMPLETED" && switched.clusters.join(",") === [blue, `${blue}-old1`].sort().join(",") && moved,
            `${final.status} after ${final.seconds.toFixed(1)} s; ${describeSnapshot(switched)}`,
          ),
        );
        const finalComparison = await compareTable(oldBlue, newPrimary, table);
        checks.push(check("every row of old blue is on the new primary, values equal", finalComparison.equal && finalComparison.leftRows === options.rows, summary(finalComparison)));
        figures.finalSwitchoverSeconds = Number(final.seconds.toFixed(1));
        details.final = { statusDetails: final.statusDetails, events: final.events, comparison: finalComparison };
        return { reached: checks.every((c) => c.passed), checks, figures, details };
      } finally {
        for (const session of sessions) await session.end().catch(() => undefined);
      }
    });
  },
};

function validate(options: GuardrailsOptions): void {
  const problems: string[] = [];
  if (!Number.isInteger(options.rows) || options.rows < 1) problems.push(`rows must be a positive integer (got ${options.rows}): the cases update existing rows`);
  if (!Number.isSafeInteger(options.firstKey) || !Number.isSafeInteger((Math.abs(options.firstKey) + options.rows) * 10)) problems.push(`firstKey must be an integer whose rows' values (key * 10) stay exact in JavaScript (got ${options.firstKey})`);
  for (const [name, seconds] of Object.entries(options.guardrails)) if (!(Number(seconds) >= 1)) problems.push(`guardrails.${name} must be at least 1 (got ${seconds})`);
  if (problems.length) throw new HarnessError({ what: "starting the guardrails scenario", cause: problems.join("; "), fix: "pass options within those limits (see DEFAULTS in scenarios/guardrails.ts)" });
}

/** Green caught up with blue (the condition cleared), then every row compared. */
async function caughtUpComparison(greenWriter: StartedMysqlNode, blueWriter: StartedMysqlNode, table: GuardrailsOptions["table"]): Promise<TableComparison> {
  await waitForCatchUp(greenWriter, blueWriter, 60_000);
  return compareTable(blueWriter, greenWriter, table);
}

async function columnAbsent(blueWriter: StartedMysqlNode, greenWriter: StartedMysqlNode, table: GuardrailsOptions["table"], column: string): Promise<{ ok: boolean; detail: string }> {
  const [blueColumns, greenColumns] = [Object.keys(await columnTypes(blueWriter, table)), Object.keys(await columnTypes(greenWriter, table))];
  const ok = !blueColumns.includes(column) && !greenColumns.includes(column);
  return { ok, detail: `; the canceled ALTER left ${column} ${ok ? "on neither side" : "behind"} (blue: ${blueColumns.join(", ")}; green: ${greenColumns.join(", ")})` };
}

function camelCase(name: string): string {
  return name.replace(/[^a-zA-Z]+(.)/g, (_, letter: string) => letter.toUpperCase());
}

function summary(comparison: TableComparison): string {
  return `${comparison.table}: ${comparison.leftRows} rows on the left, ${comparison.rightRows} on the right; ${comparison.missingOnRight} missing, ${comparison.extraOnRight} extra, ${comparison.changedRows} changed`;
}

export default guardrails;
