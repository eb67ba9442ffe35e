import type { ConnectionDetails } from "../scenario/scenario-environment.ts";
import { nodeConnectionDetails } from "./connection-details.ts";
import type { StartedNetwork } from "testcontainers";
import { reap } from "../lifecycle/reaper.ts";
import { binaryLogStatus, configureReplication, startReplication } from "../replication/replication-control.ts";
import { waitUntilReplicating } from "../replication/wait-until-replicating.ts";
import { waitForCatchUp } from "../replication/catch-up.ts";
import { clusterSpec, GREEN_SERVER_ID_BASE, type EnvironmentSettings } from "./environment-settings.ts";
import { clusterNodes, startClusterNodes, type StartedCluster } from "./cluster.ts";
import { chooseCopyMethod, copyInto, positioningFrom } from "./consistent-copy.ts";
import type { PhaseClock, PhaseTiming } from "./phase-clock.ts";
import { StartedBlueGreenEnvironment } from "./started-blue-green-environment.ts";

/** Blue is running; green does not exist yet. */
export class StartedBlueEnvironment {
  readonly blue: StartedCluster;
  protected removed = false;

  constructor(
    readonly settings: EnvironmentSettings,
    readonly network: StartedNetwork,
    blue: StartedCluster,
    protected readonly clock: PhaseClock,
    private readonly forgetInterruptCleanup: () => void,
  ) {
    this.blue = blue;
  }

  get runId(): string {
    return this.settings.runId;
  }

  get engine() {
    return this.settings.engine;
  }

  /** How long each phase of building this environment took. */
  get phases(): PhaseTiming[] {
    return this.clock.phases;
  }

  /**
   * Creates green as blue's deployment does: a copy of blue's writer at one consistent point, its own
   * reader copied from green's writer, then replication from blue starting at exactly the copy point,
   * and returns once green has caught up.
   */
  async createGreen(prestarted?: StartedCluster): Promise<StartedBlueGreenEnvironment> {
    const { settings, clock } = this;
    const green = prestarted ?? (await clock.time("green nodes started", () => startClusterNodes(clusterSpec(settings, this.network, "green", GREEN_SERVER_ID_BASE))));
    try {
      const method = settings.copyMethod ?? (await chooseCopyMethod(green.writer, this.blue.writer));
      const copyPoint = await clock.time(`green copied from blue (${method})`, () => copyInto(green.writer, this.blue.writer, method));
      if (green.reader) {
        // Green's writer has applied nothing from blue yet: its reader is copied from it as it stands.
        const readerMethod = settings.copyMethod ?? (await chooseCopyMethod(green.reader, green.writer));
        await clock.time(`green reader copied (${readerMethod})`, () => copyInto(green.reader!, green.writer, readerMethod));
        await clock.time("green reader replicating", () => this.wireReader(green));
      }
      await clock.time("green replicating from blue", async () => {
        await configureReplication(green.writer, this.blue.writer, positioningFrom(copyPoint, settings.replicationMode));
        await startReplication(green.writer);
        await waitUntilReplicating(green.writer);
        await waitForCatchUp(green.writer, this.blue.writer, 60_000);
      });
      return new StartedBlueGreenEnvironment(this, green, copyPoint);
    } catch (error) {
      // A failed creation leaves blue as it was, as a failed deployment does; green's nodes go.
      await Promise.all(clusterNodes(green).map((node) => node.remove()));
      throw error;
    }
  }

  /** Points a cluster's reader at its writer from the writer's current position (they are identical now). */
  async wireReader(cluster: StartedCluster): Promise<void> {
    if (!cluster.reader) return;
    const point = await binaryLogStatus(cluster.writer);
    const positioning = this.settings.replicationMode === "gtid" ? { mode: "gtid" as const } : { mode: "file-position" as const, file: point.file, position: point.position };
    await configureReplication(cluster.reader, cluster.writer, positioning);
    await startReplication(cluster.reader);
    await waitUntilReplicating(cluster.reader);
  }

  nodes() {
    return clusterNodes(this.blue);
  }

  /** How to reach every server, for `bgh rehearse --keep`. */
  connectionDetails(): ConnectionDetails {
    return nodeConnectionDetails(this.nodes());
  }

  /** Removes every container and the network of this environment. Idempotent. */
  async remove(): Promise<void> {
    if (this.removed) return;
    this.removed = true;
    await Promise.all(this.nodes().map((node) => node.remove()));
    await reap({ runId: this.runId });
    this.forgetInterruptCleanup();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.remove();
  }
}
