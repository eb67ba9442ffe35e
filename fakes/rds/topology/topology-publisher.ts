import { messageOf } from "../../../harness/errors/harness-error.ts";
import type { StartedMysqlNode } from "../../../harness/node/started-mysql-node.ts";
import { progress } from "../../../harness/progress/progress.ts";
import type { ModelContext } from "../model/model-context.ts";
import type { BlueGreenDeployment } from "../model/resources.ts";
import type { SwitchoverStepNotice } from "../model/switchover-steps.ts";
import { dropTopology, installTopology, replaceRows, type TopologyRow, type TopologyStatus } from "./topology-table.ts";
import type { TopologyTimeline } from "./topology-timeline.ts";

/** Where a deployment's table stands. */
type Stage = "available" | "initiated" | "in-progress" | "post" | "completed" | "drained" | "gone";

interface Followed {
  stage: Stage;
  source: TopologyRow;
  target: TopologyRow;
  blueWriter: StartedMysqlNode;
  greenWriter: StartedMysqlNode;
}

/** A change of the table as it happened, for timelines (reports, tests). */
export interface TopologyChange {
  at: number;
  deploymentId: string;
  /** The status written, or "empty" (rows deleted), or "dropped". */
  status: TopologyStatus | "empty" | "dropped";
  /** The server written (its writes replicate to the servers that follow it). */
  server: string;
}

const POLL_MS = 100;

/**
 * `mysql.rds_topology` as RDS keeps it during a blue/green deployment (rds-topology.md §2, §4): on
 * every server of both environments once green is AVAILABLE; INITIATED, then IN_PROGRESS, at the
 * switchover's first steps; POST_PROCESSING once the new primary takes writes; COMPLETED with the
 * TARGET row only; emptied after a while; back to AVAILABLE when a switchover is rolled back; dropped
 * with the deployment. Rows are written on a writer with the binary log on, so its replicas (and green,
 * while it replicates from blue) show the same rows; after the switchover old blue no longer receives
 * them (frozen, as the AWS wrappers' comments describe it).
 *
 * It follows the model from outside: switchover step notices (awaited, so a status lasts as long as the
 * timeline says before the step runs) and a poll of the deployments' API statuses.
 */
export class TopologyPublisher {
  private readonly followed = new Map<string, Followed>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly listeners = new Set<(change: TopologyChange) => void>();
  private chain: Promise<void> = Promise.resolve();
  private poller?: NodeJS.Timeout;
  /** What start() observes, each entry the function that stops observing it. */
  private readonly stopObserving: Array<() => void> = [];
  readonly changes: TopologyChange[] = [];

  constructor(
    private readonly context: ModelContext,
    readonly timeline: TopologyTimeline,
  ) {}

  start(): void {
    this.stopObserving.push(this.context.switchoverSteps.observe((notice) => this.onStep(notice)));
    // Installed before the deployment reads AVAILABLE: a client that sees the status and then reads the
    // servers (the AWS wrappers' bg plugin reads once, then at its baseline interval) finds the rows.
    this.stopObserving.push(
      this.context.availability.observe((deployment) =>
        this.serialize(async () => {
          if (!this.followed.has(deployment.id)) await this.install(deployment);
        }),
      ),
    );
    let queued = false;
    this.poller = setInterval(() => {
      // A slow server must not pile polls up: one at a time, the next once it is done.
      if (queued) return;
      queued = true;
      void this.serialize(() => this.poll()).finally(() => (queued = false));
    }, POLL_MS);
    this.poller.unref();
  }

  /** Told of every change as it is written. Returns the function that stops listening. */
  onChange(listener: (change: TopologyChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    for (const stop of this.stopObserving.splice(0)) stop();
    if (this.poller) clearInterval(this.poller);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.chain;
  }

  private async onStep(notice: SwitchoverStepNotice): Promise<void> {
    const followed = this.followed.get(notice.deploymentId);
    if (!followed) return;
    if (notice.step === "guardrails" && followed.stage === "available") {
      await this.serialize(() => this.write(notice.deploymentId, followed, "initiated", "SWITCHOVER_INITIATED", followed.blueWriter));
      await this.context.state.clock.sleep(this.timeline.initiatedMs);
    } else if (notice.step === "stop-writes" && followed.stage === "initiated") {
      await this.serialize(() => this.write(notice.deploymentId, followed, "in-progress", "SWITCHOVER_IN_PROGRESS", followed.blueWriter));
      await this.context.state.clock.sleep(this.timeline.readOnlyAfterInProgressMs);
    }
  }

  private async poll(): Promise<void> {
    const { state } = this.context;
    for (const [id, followed] of this.followed) {
      const deployment = state.deployments.get(id);
      if (!deployment || deployment.status === "DELETING") await this.drop(id, followed);
    }
    for (const deployment of state.deployments.values()) {
      const followed = this.followed.get(deployment.id);
      if (!followed) {
        if (deployment.status === "AVAILABLE") await this.install(deployment);
        continue;
      }
      const switching = followed.stage === "initiated" || followed.stage === "in-progress";
      // Canceled or timed out: RDS can only go back from INITIATED or IN_PROGRESS, to AVAILABLE.
      if (switching && deployment.status === "AVAILABLE") await this.write(deployment.id, followed, "available", "AVAILABLE", followed.blueWriter);
      if (switching && deployment.status === "SWITCHOVER_COMPLETED") await this.postProcess(deployment.id, followed);
    }
  }

  private async install(deployment: BlueGreenDeployment): Promise<void> {
    const { state } = this.context;
    const blue = state.clusters.get(deployment.blueCluster);
    const green = deployment.greenCluster ? state.clusters.get(deployment.greenCluster) : undefined;
    const blueWriter = blue?.writer ? state.instances.get(blue.writer)?.node : undefined;
    const greenWriter = green?.writer ? state.instances.get(green.writer)?.node : undefined;
    if (!blue || !green || !blueWriter || !greenWriter) return;
    // Writer endpoints only, one SOURCE row and one TARGET row, same status: Aurora lists the cluster
    // endpoints, RDS for MySQL/MariaDB (an instance and its replicas) the primary instances' endpoints.
    const aurora = blue.engine === "aurora-mysql";
    const writerEndpoint = (cluster: typeof blue) => (aurora ? cluster.endpointName : state.instances.get(cluster.writer!)!.endpointName);
    const followed: Followed = {
      stage: "available",
      source: { id: blueWriter.serverId, endpoint: writerEndpoint(blue), port: 3306, role: "BLUE_GREEN_DEPLOYMENT_SOURCE", status: "AVAILABLE", version: "1.0" },
      target: { id: greenWriter.serverId, endpoint: writerEndpoint(green), port: 3306, role: "BLUE_GREEN_DEPLOYMENT_TARGET", status: "AVAILABLE", version: "1.0" },
      blueWriter,
      greenWriter,
    };
    this.followed.set(deployment.id, followed);
    await this.attempt(deployment.id, "AVAILABLE", blueWriter, () => installTopology(blueWriter, [followed.source, followed.target]));
  }

  /** The new primary takes writes: POST_PROCESSING there (old blue keeps its last rows), then COMPLETED, then empty. */
  private async postProcess(id: string, followed: Followed): Promise<void> {
    await this.write(id, followed, "post", "SWITCHOVER_IN_POST_PROCESSING", followed.greenWriter);
    this.later(this.timeline.postProcessingMs, async () => {
      if (followed.stage !== "post") return;
      followed.stage = "completed";
      followed.target = { ...followed.target, status: "SWITCHOVER_COMPLETED" };
      await this.attempt(id, "SWITCHOVER_COMPLETED", followed.greenWriter, () => replaceRows(followed.greenWriter, [followed.target]));
      this.later(this.timeline.drainAfterCompletedMs, async () => {
        if (followed.stage !== "completed") return;
        followed.stage = "drained";
        await this.attempt(id, "empty", followed.greenWriter, () => replaceRows(followed.greenWriter, []));
      });
    });
  }

  private async drop(id: string, followed: Followed): Promise<void> {
    this.followed.delete(id);
    if (followed.stage === "gone") return;
    // After a switchover the new primary is the writable one; before, blue (green follows it while it replicates).
    const node = ["post", "completed", "drained"].includes(followed.stage) ? followed.greenWriter : followed.blueWriter;
    followed.stage = "gone";
    await this.attempt(id, "dropped", node, () => dropTopology(node));
  }

  private async write(id: string, followed: Followed, stage: Stage, status: TopologyStatus, node: StartedMysqlNode): Promise<void> {
    followed.stage = stage;
    followed.source = { ...followed.source, status };
    followed.target = { ...followed.target, status };
    await this.attempt(id, status, node, () => replaceRows(node, [followed.source, followed.target]));
  }

  /** A server that cannot be written (killed by a fault rehearsal, say) misses that status, as a real one would. */
  private async attempt(id: string, status: TopologyChange["status"], node: StartedMysqlNode, write: () => Promise<void>): Promise<void> {
    try {
      await write();
      const change = { at: Date.now(), deploymentId: id, status, server: node.name };
      this.changes.push(change);
      for (const listener of [...this.listeners]) listener(change);
    } catch (error) {
      progress(`mysql.rds_topology: could not write ${status} on ${node.name}: ${messageOf(error).split("\n")[0]}`);
    }
  }

  private later(ms: number, work: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.serialize(work);
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  /** One write at a time, in the order asked: statuses never overtake each other. */
  private serialize(work: () => Promise<void>): Promise<void> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
