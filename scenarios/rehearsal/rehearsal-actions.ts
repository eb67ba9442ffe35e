import { deploymentReaches } from "../../fakes/rds/api-waits.ts";
import { HarnessError } from "../../harness/errors/harness-error.ts";
import type { StartedMysqlNode } from "../../harness/node/started-mysql-node.ts";
import { waitForCatchUp } from "../../harness/replication/catch-up.ts";
import { binaryLogStatus } from "../../harness/replication/replication-control.ts";
import { waitUntilReplicating } from "../../harness/replication/wait-until-replicating.ts";
import type { ActionName } from "../../harness/rehearsal-file/rehearsal-definition.ts";
import { MysqlSession } from "../../harness/sql/mysql-session.ts";
import { sqlString } from "../../harness/sql/sql-literal.ts";
import { runSqlFile } from "../../harness/sql/sql-script.ts";
import { createDeployment, deleteDeployment } from "../support/deployment.ts";
import { restoreCopyOf } from "../support/restored-copy.ts";
import { rollBackToOldBlue, startReverseReplication } from "../support/reverse-replication.ts";
import { switchoverCoordinates } from "../support/switchover-journey.ts";
import { resolveEndpoint } from "./rehearsal-endpoints.ts";
import { clusterServedBy, type RehearsalRun } from "./rehearsal-run.ts";
import { GREEN_CLUSTER_PARAMETER_GROUP, GREEN_DB_PARAMETER_GROUP } from "./rehearsal-setup.ts";

type Options = Record<string, unknown>;

/**
 * The built-in actions of a rehearsal file: the same scenario support the built-in scenarios use
 * (deployment, switchover, seed 000's reverse replication and cut-back, the restored copy), driven
 * by the step's options. Each returns what it did, in words, for the log and the report.
 */
export async function runAction(run: RehearsalRun, action: ActionName, options: Options, timeoutMs: number): Promise<string> {
  switch (action) {
    case "create-deployment":
      return createTheDeployment(run, options);
    case "change-green":
      return changeGreen(run, options, timeoutMs);
    case "wait":
      return waitFor(run, options, timeoutMs);
    case "switchover":
      return switchOver(run, options, timeoutMs);
    case "reverse-replication":
      return reverseReplication(run, options);
    case "move-application-back":
      return moveApplicationBack(run, options, timeoutMs);
    case "restore-safe-point":
      return restoreSafePoint(run, options);
    case "purge-binlogs":
      return purgeBinlogs(run, options);
    case "delete-deployment":
      await deleteDeployment(run.fake.rds, deploymentOf(run, "delete-deployment").id);
      return "deployment deleted with its target";
  }
}

async function createTheDeployment(run: RehearsalRun, options: Options): Promise<string> {
  const { green, cluster } = run.definition;
  const name = String(options.name ?? `${cluster.name}-bg`);
  const hasGreenGroup = Object.keys(green.parameters).length > 0;
  const hasGreenDbGroup = Object.keys(green.instanceParameters).length > 0;
  run.deployment = await createDeployment(run.fake, name, {
    ...(hasGreenGroup ? { targetClusterParameterGroup: GREEN_CLUSTER_PARAMETER_GROUP(cluster.name) } : {}),
    ...(hasGreenDbGroup ? { targetDbParameterGroup: GREEN_DB_PARAMETER_GROUP(cluster.name) } : {}),
  });
  return `${run.deployment.id} AVAILABLE: green is ${run.deployment.green}${hasGreenGroup ? ` with green's parameters (${Object.entries(green.parameters).map(([k, v]) => `${k}=${v}`).join(", ")})` : ""}`;
}

/** Green's SQL files through green's cluster endpoint as the master user, replication stopped around them unless the SQL does it itself. */
async function changeGreen(run: RehearsalRun, options: Options, timeoutMs: number): Promise<string> {
  const deployment = deploymentOf(run, "change-green");
  const green = resolveEndpoint(run, "green");
  const stopped = String(options.replication ?? "stopped") !== "as-is";
  const session = new MysqlSession(() => ({ ...green.target, database: run.definition.database }));
  try {
    if (stopped) await session.query("CALL mysql.rds_stop_replication");
    for (const file of run.definition.green.sql) await runSqlFile(session, file);
    if (stopped) await session.query("CALL mysql.rds_start_replication");
  } finally {
    await session.close();
  }
  await waitUntilReplicating(deployment.greenWriter, Math.min(timeoutMs, 60_000));
  return `${run.definition.green.sql.length} SQL file(s) run on green${stopped ? " with its replication stopped around them" : ""}; green replicates again`;
}

async function waitFor(run: RehearsalRun, options: Options, timeoutMs: number): Promise<string> {
  const done: string[] = [];
  if (options.status !== undefined) {
    const reached = await deploymentReaches(run.fake.rds, deploymentOf(run, "wait").id, [String(options.status)], timeoutMs);
    done.push(`deployment ${reached.Status}`);
  }
  if (options["caught-up"] !== undefined) {
    const replica = resolveEndpoint(run, String(options["caught-up"]));
    const source = sourceOf(run, replica.node);
    done.push(`${replica.name} ${await closeTo(replica.node, source, timeoutMs)}`);
  }
  return done.join("; ");
}

/** A catch-up round this short means the replica is about this close behind its source now. */
const CLOSE_MS = 2000;

/**
 * Caught up as an operator means it before a switchover: close behind the source now, not only past
 * where the source was when the wait began. A replica with a backlog under continuous writes reaches
 * that point still behind (the writes kept coming), so rounds repeat until one takes under 2 s, or the
 * step's time is spent (then the last round's point is what was reached, and the step says so).
 */
async function closeTo(replica: StartedMysqlNode, source: StartedMysqlNode, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (let round = 1; ; round++) {
    const began = performance.now();
    await waitForCatchUp(replica, source, Math.max(1000, deadline - Date.now()));
    const took = performance.now() - began;
    const rounds = round > 1 ? ` (${round} rounds)` : "";
    if (took <= CLOSE_MS) return `caught up with ${source.name}, within ${(CLOSE_MS / 1000).toFixed(0)} s of it${rounds}`;
    if (Date.now() + CLOSE_MS >= deadline) return `caught up with where ${source.name} was ${(took / 1000).toFixed(1)} s before, and no closer within the step's time${rounds}`;
  }
}

/** Where a server replicates from in a blue/green journey: green from blue before switchover; otherwise from the cluster's current writer. */
function sourceOf(run: RehearsalRun, replica: StartedMysqlNode): StartedMysqlNode {
  const primary = resolveEndpoint(run, "cluster").node;
  return primary === replica ? run.blueWriter : primary;
}

async function switchOver(run: RehearsalRun, options: Options, timeoutMs: number): Promise<string> {
  const deployment = deploymentOf(run, "switchover");
  const timeoutSeconds = Number(options["timeout-seconds"] ?? 300);
  const started = performance.now();
  await run.fake.rds.switchoverBlueGreenDeployment({ BlueGreenDeploymentIdentifier: deployment.id, SwitchoverTimeout: timeoutSeconds });
  const ended = await deploymentReaches(run.fake.rds, deployment.id, ["SWITCHOVER_COMPLETED", "SWITCHOVER_FAILED", "AVAILABLE"], Math.max(timeoutMs, (timeoutSeconds + 60) * 1000));
  run.switchoverMs = Math.round(performance.now() - started);
  if (ended.Status !== "SWITCHOVER_COMPLETED") {
    throw new HarnessError({ what: "switching over", cause: `${ended.Status}: ${ended.StatusDetails ?? ""}`, fix: "see the deployment's events in the report and each server's state below" });
  }
  run.coordinates = await switchoverCoordinates(run.fake, run.definition.cluster.name);
  return `SWITCHOVER_COMPLETED in ${(run.switchoverMs / 1000).toFixed(1)} s; new primary's coordinates ${run.coordinates.file}:${run.coordinates.position}`;
}

async function reverseReplication(run: RehearsalRun, options: Options): Promise<string> {
  const replica = resolveEndpoint(run, String(options.on ?? "blue"));
  const source = resolveEndpoint(run, "cluster").node;
  const from = String(options.from ?? "coordinates");
  if (from === "coordinates" && !run.coordinates) throw new HarnessError({ what: "starting reverse replication", cause: "no switchover has announced coordinates yet", fix: "put reverse-replication after the switchover step, or use with: {from: auto-position}" });
  const session = new MysqlSession(() => replica.target);
  try {
    const conversions = options["type-conversions"] === undefined ? undefined : String(options["type-conversions"]);
    await startReverseReplication(sessionConnection(session), source, from === "coordinates" ? { from: "coordinates", coordinates: run.coordinates! } : { from: "auto-position" }, conversions);
  } finally {
    await session.close();
  }
  return `${replica.name} replicates from ${source.name} (${from === "coordinates" ? `${run.coordinates!.file}:${run.coordinates!.position}` : "GTID auto-position"})`;
}

async function moveApplicationBack(run: RehearsalRun, options: Options, timeoutMs: number): Promise<string> {
  const to = String(options.to ?? "blue");
  const target = resolveEndpoint(run, to);
  if (options.rollback === false || options.rollback === "false") {
    run.applicationEndpoint = to;
    return `the application writes to ${to} (${target.rdsName})`;
  }
  const newPrimary = resolveEndpoint(run, "cluster").node;
  const session = new MysqlSession(() => target.target);
  try {
    await rollBackToOldBlue(sessionConnection(session), target.node, newPrimary, timeoutMs);
  } finally {
    await session.close();
  }
  run.applicationEndpoint = to;
  return `new primary read-only, ${to} caught up, replication stopped and reset; the application writes to ${to}`;
}

async function restoreSafePoint(run: RehearsalRun, options: Options): Promise<string> {
  const from = resolveEndpoint(run, String(options.from ?? "cluster"));
  const cluster = clusterServedBy(run, from.node);
  if (!cluster) throw new HarnessError({ what: "restoring a safe-point copy", cause: `${from.name} is no cluster's writer`, fix: "copy from cluster, blue or green" });
  await from.node.query("FLUSH BINARY LOGS");
  run.restored = await restoreCopyOf(run.fake, cluster.identifier, String(options.name ?? `${run.definition.cluster.name}-restored`));
  return `copy of ${cluster.identifier} restored (${run.restored.copyPoint.method}) at ${run.restored.copyPoint.file}:${run.restored.copyPoint.position}`;
}

async function purgeBinlogs(run: RehearsalRun, options: Options): Promise<string> {
  const on = resolveEndpoint(run, String(options.on ?? "cluster"));
  await on.node.query("FLUSH BINARY LOGS");
  const current = await binaryLogStatus(on.node);
  await on.node.query(`PURGE BINARY LOGS TO ${sqlString(current.file)}`);
  return `binary logs before ${current.file} purged on ${on.name}`;
}

function deploymentOf(run: RehearsalRun, action: string) {
  if (!run.deployment) throw new HarnessError({ what: action, cause: "there is no blue/green deployment yet", fix: "put a create-deployment step (or a runbook step that creates one) before it" });
  return run.deployment;
}

/** The support helpers take a mysql2 connection's query(); a session offers the same call. */
function sessionConnection(session: MysqlSession): Parameters<typeof startReverseReplication>[0] {
  return { query: (sql: string) => session.query(sql) } as unknown as Parameters<typeof startReverseReplication>[0];
}
