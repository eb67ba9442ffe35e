import { messageOf } from "../../../harness/errors/harness-error.ts";
import type { StartedMysqlNode } from "../../../harness/node/started-mysql-node.ts";
import { openConnection } from "../../../harness/sql/mysql-session.ts";
import { ReplicationBrokenError, waitForCatchUp } from "../../../harness/replication/catch-up.ts";
import { binaryLogStatus, resetReplication } from "../../../harness/replication/replication-control.ts";
import { deploymentArn } from "./describe-output.ts";
import type { ModelContext } from "./model-context.ts";
import type { BlueGreenDeployment, DbCluster, DbInstance } from "./resources.ts";
import { evaluateGuardrails, type GuardrailResult } from "./switchover-guardrails.ts";
import { environmentArn, environmentName, isInstanceGroup, switchoverDetailsOf } from "./instance-groups.ts";
import { nextFreeName, swapIdentities } from "./switchover-renames.ts";
import { masterWritesPastReadOnly } from "./master-user.ts";
import { unansweredWriter, type SwitchoverWriter } from "./switchover-unanswered.ts";
import type { SwitchoverStep } from "./switchover-steps.ts";

/** The switchover was stopped before its commit point; everything it did has been undone. */
class SwitchoverCanceled extends Error {}

/**
 * One switchover, as seed 002 describes it: guardrails, then writes stopped on both primaries,
 * connections dropped and refused, green caught up, renames, connections allowed, writes allowed on the
 * new primary (the old one stays read-only), and the new primary's binary log coordinates as an event.
 * Until the renames, any failure or the timeout undoes every step and neither environment changes.
 */
export class Switchover {
  private readonly undo: Array<() => Promise<void>> = [];
  private readonly deadline: number;
  /** "DB cluster mydb to mydb-green-abc123", or "primary source mydb to target mydb-green-abc123" for DB instances. */
  private subject = "";

  constructor(
    private readonly context: ModelContext,
    private readonly deployment: BlueGreenDeployment,
    private readonly timeoutSeconds: number,
  ) {
    this.deadline = Date.now() + timeoutSeconds * 1000 * context.pacing.switchoverTimeoutScale;
  }

  async run(): Promise<void> {
    const { state } = this.context;
    const blue = state.cluster(this.deployment.blueCluster);
    const green = state.cluster(this.deployment.greenCluster!);
    const blueWriter = state.writerOf(blue);
    const greenWriter = state.writerOf(green);
    // RDS for MySQL/MariaDB name the primary DB instances; Aurora the clusters.
    const names = { blue: environmentName(blue), green: environmentName(green) };
    this.subject = isInstanceGroup(blue) ? `primary source ${names.blue} to target ${names.green}` : `DB cluster ${names.blue} to ${names.green}`;
    this.event("Switchover started on blue/green deployment.", "notification");
    this.event(`Switchover from ${this.subject} started.`, "notification");

    const writers: SwitchoverWriter[] = [
      { cluster: names.blue, instance: blueWriter.identifier, node: blueWriter.node! },
      { cluster: names.green, instance: greenWriter.identifier, node: greenWriter.node! },
    ];

    await this.step("guardrails", names);
    let guardrails: GuardrailResult[];
    try {
      guardrails = await evaluateGuardrails({
        blueCluster: names.blue,
        greenCluster: names.green,
        blueWriter: blueWriter.node!,
        greenWriter: greenWriter.node!,
        timeoutSeconds: this.timeoutSeconds,
        thresholds: this.context.guardrails,
      });
    } catch (error) {
      // A writer that cannot be checked refuses the switchover like a failed guardrail; it must never leave it in progress.
      return this.cancel(names, (await unansweredWriter(writers)) ?? `an error in the switchover: ${messageOf(error).split("\n")[0]}`);
    }
    this.context.switchoverSteps.guardrailsEvaluated(this.deployment.id, guardrails);
    const refused = guardrails.find((result) => !result.passed);
    if (refused) return this.cancel(names, refused.detail);

    try {
      await this.step("stop-writes", names);
      await this.stopWrites(blueWriter.node!, greenWriter.node!);
      await this.step("drop-connections", names);
      await this.cutConnections(blue, green);
      await state.clock.sleep(this.context.pacing.switchoverExtraMs);
      this.checkDeadline();
      await this.step("catch-up", names);
      await waitForCatchUp(greenWriter.node!, blueWriter.node!, Math.max(1, this.deadline - Date.now())).catch((error) => {
        if (Date.now() >= this.deadline) throw new SwitchoverCanceled(this.timeoutReason());
        if (error instanceof ReplicationBrokenError) throw new SwitchoverCanceled(`replication errors on ${names.green}. Correct the replication errors and then switch over. (${messageOf(error).split("\n")[0]})`);
        throw error;
      });
      this.checkDeadline();
      await this.step("renames", names);
      // Committing needs green's writer alive: renaming to a dead server would leave the application's endpoints with no writer.
      const gone = await unansweredWriter(writers.slice(1));
      if (gone) throw new SwitchoverCanceled(gone);
      // Green becomes the primary: from the first connection the endpoints let through, its master user
      // is RDS's, stopped by read_only (MariaDB; a session keeps the privileges it connected with).
      await masterWritesPastReadOnly(greenWriter.node!, green.masterUsername, false);
      this.undo.push(() => masterWritesPastReadOnly(greenWriter.node!, green.masterUsername, true));
    } catch (error) {
      await this.rollBack();
      const reason =
        error instanceof SwitchoverCanceled ? error.message : Date.now() >= this.deadline ? this.timeoutReason() : ((await unansweredWriter(writers)) ?? `an error in the switchover: ${messageOf(error).split("\n")[0]}`);
      return this.cancel(names, reason);
    }

    // The commit point: from here the switchover completes, or is reported failed; it is no longer undone.
    const oldName = nextFreeName(state.clusters, `${blue.identifier}-old`);
    const namesBefore = new Map([...state.clusterInstances(blue), ...state.clusterInstances(green)].map((instance) => [instance, instance.identifier]));
    const pairs = swapIdentities(this.context, blue, green, oldName);
    this.context.endpoints.acceptConnections(this.allEndpoints(blue, green));
    let coordinates: Awaited<ReturnType<typeof binaryLogStatus>>;
    try {
      // Replication between blue and green stops; the new primary takes writes, the old one stays read-only.
      await this.step("allow-writes", names);
      await resetReplication(greenWriter.node!);
      // Read while the new primary is still read-only: the coordinates must precede its first new write,
      // or a rollback by reverse replication from them (seed 000) would miss that write.
      coordinates = await binaryLogStatus(greenWriter.node!);
      await greenWriter.node!.query(`SET GLOBAL ${greenWriter.node!.dialect.writeFenceVariable} = OFF`);
      await greenWriter.node!.query("SET GLOBAL read_only = OFF");
    } catch (error) {
      // Past the renames nothing is undone (seed 002): the deployment says so, instead of staying in progress for ever.
      const reason = (await unansweredWriter([{ ...writers[1]!, instance: greenWriter.identifier, cluster: environmentName(green) }])) ?? messageOf(error).split("\n")[0]!;
      return this.fail(names, blue, green, pairs, reason);
    }
    state.events.emit({
      SourceIdentifier: greenWriter.identifier,
      SourceType: "db-instance",
      Message: `Binary log coordinates in green environment after switchover: file ${coordinates.file} and position ${coordinates.position}`,
      EventCategories: [],
      SourceArn: greenWriter.arn,
    });
    this.adoptRenames(blue, green, pairs, "SWITCHOVER_COMPLETED");
    this.event(`Switchover from ${this.subject} completed. Renamed databases.`, "notification");
    // RDS for MySQL/MariaDB report each read replica's switchover too (RDS-EVENT-0260).
    if (isInstanceGroup(blue)) {
      for (const pair of pairs.filter((candidate) => candidate.green !== greenWriter)) this.event(`Switchover from source ${namesBefore.get(pair.blue)} to target ${namesBefore.get(pair.green)} completed. Renamed databases.`, "notification");
    }
    this.event("Switchover completed on blue/green deployment.", "notification");
  }

  /** The deployment follows the renames: source and target are the clusters under their new names. */
  private adoptRenames(blue: DbCluster, green: DbCluster, pairs: Array<{ blue: DbInstance; green: DbInstance }>, status: "SWITCHOVER_COMPLETED" | "SWITCHOVER_FAILED"): void {
    const { state } = this.context;
    this.deployment.source = environmentArn(state, blue);
    this.deployment.target = environmentArn(state, green);
    this.deployment.blueCluster = blue.identifier;
    this.deployment.greenCluster = green.identifier;
    this.deployment.switchoverDetails = switchoverDetailsOf(state, blue, green, pairs, status);
    this.deployment.status = status;
  }

  /** Both primaries refuse new writes (MySQL's super_read_only: even privileged users; MariaDB's read_only), as RDS's first action. */
  private async stopWrites(blueWriter: StartedMysqlNode, greenWriter: StartedMysqlNode): Promise<void> {
    for (const node of [blueWriter, greenWriter]) {
      const fence = node.dialect.writeFenceVariable;
      const [before] = await node.query(`SELECT @@GLOBAL.read_only AS ro, @@GLOBAL.${fence} AS sro`);
      this.undo.push(async () => {
        await node.query(`SET GLOBAL ${fence} = ${Number(before!.sro) ? "ON" : "OFF"}`);
        await node.query(`SET GLOBAL read_only = ${Number(before!.ro) ? "ON" : "OFF"}`);
      });
      await this.setGlobalBeforeDeadline(node, `SET GLOBAL ${fence} = ON`);
    }
  }

  /**
   * SET GLOBAL super_read_only (MariaDB: read_only) waits for the global read lock, which any session holding a table lock
   * or a commit in progress delays, by default for a year (lock_wait_timeout). The server must give up
   * by the switchover's deadline: abandoning the statement in Node would let it take effect later,
   * after the rollback. So it runs in its own session whose lock_wait_timeout is the time left.
   */
  private async setGlobalBeforeDeadline(node: StartedMysqlNode, statement: string): Promise<void> {
    const session = await openConnection(node.connectionTarget());
    try {
      const seconds = Math.max(1, Math.ceil((this.deadline - Date.now()) / 1000));
      await session.query(`SET SESSION lock_wait_timeout = ${seconds}`);
      await session.query(statement);
    } finally {
      await session.end().catch(() => undefined);
    }
  }

  /** Drops open connections through every endpoint of both environments and refuses new ones; client sessions on the primaries are killed too. */
  private async cutConnections(blue: DbCluster, green: DbCluster): Promise<void> {
    const endpoints = this.allEndpoints(blue, green);
    this.context.endpoints.refuseConnections(endpoints);
    this.undo.push(async () => this.context.endpoints.acceptConnections(endpoints));
    this.context.endpoints.dropConnections(endpoints);
    for (const cluster of [blue, green]) {
      for (const instance of this.context.state.clusterInstances(cluster)) if (instance.node) await killClientSessions(instance.node);
    }
  }

  private allEndpoints(blue: DbCluster, green: DbCluster): string[] {
    const { state } = this.context;
    const custom = (cluster: DbCluster) => [...state.customEndpoints.values()].filter((endpoint) => endpoint.clusterIdentifier === cluster.identifier).map((endpoint) => endpoint.endpointName);
    return [blue, green].flatMap((cluster) => [cluster.endpointName, cluster.readerEndpointName, ...state.clusterInstances(cluster).map((instance) => instance.endpointName), ...custom(cluster)]);
  }

  private step(step: SwitchoverStep, names: { blue: string; green: string }): Promise<void> {
    return this.context.switchoverSteps.reached({ deploymentId: this.deployment.id, step, blueCluster: names.blue, greenCluster: names.green });
  }

  private checkDeadline(): void {
    if (Date.now() >= this.deadline) throw new SwitchoverCanceled(this.timeoutReason());
  }

  private timeoutReason(): string {
    return `the switchover timeout of ${this.timeoutSeconds} s being exceeded. No changes were made to either environment`;
  }

  private async rollBack(): Promise<void> {
    for (const step of this.undo.reverse()) await step().catch(() => undefined);
    this.undo.length = 0;
  }

  private cancel(names: { blue: string; green: string }, reason: string): void {
    this.deployment.status = "AVAILABLE";
    this.deployment.statusDetails = `Switchover canceled due to ${reason}`;
    for (const detail of this.deployment.switchoverDetails) detail.Status = "AVAILABLE";
    this.event(`Switchover from ${this.subject} was canceled due to ${reason}`, "failure");
    this.event("Switchover canceled on blue/green deployment.", "failure");
  }

  /** A failure after the renames: reported, not undone. The names stay swapped; green's writer needs attention. */
  private fail(names: { blue: string; green: string }, blue: DbCluster, green: DbCluster, pairs: Array<{ blue: DbInstance; green: DbInstance }>, reason: string): void {
    this.adoptRenames(blue, green, pairs, "SWITCHOVER_FAILED");
    this.deployment.statusDetails = `Switchover failed after the renames due to ${reason}`;
    this.event(`Switchover from ${this.subject} failed after the databases were renamed due to ${reason}`, "failure");
    this.event("Switchover failed on blue/green deployment.", "failure");
  }

  private event(message: string, category: string): void {
    const { state } = this.context;
    state.events.emit({ SourceIdentifier: this.deployment.id, SourceType: "blue-green-deployment", Message: message, EventCategories: [category], SourceArn: deploymentArn(state, this.deployment) });
  }
}

/** Kills client sessions (not replication, not the server's own threads, not this one), as RDS drops connections. */
async function killClientSessions(node: StartedMysqlNode): Promise<void> {
  const rows = await node.query(
    `SELECT id FROM ${node.dialect.processlistTable}
      WHERE id <> CONNECTION_ID() AND user NOT IN ('system user', 'event_scheduler', ?)
        AND command NOT IN ('Binlog Dump', 'Binlog Dump GTID', 'Daemon')`,
    [node.credentials.replicationUser],
  );
  for (const row of rows) await node.query(`KILL ${Number(row.id)}`).catch(() => undefined);
}
