import type { StartedNetwork } from "testcontainers";
import type { ServerOptions } from "../engine/dialect.ts";
import type { EngineImage } from "../images/engine-image.ts";
import { onInterrupt } from "../lifecycle/cleanup-on-signal.ts";
import { reap } from "../lifecycle/reaper.ts";
import { newRunId } from "../lifecycle/run-id.ts";
import { generateCredentials, type NodeCredentials } from "../secrets/credentials.ts";
import { PhaseClock, type PhaseTiming } from "./phase-clock.ts";
import { startEnvironmentNetwork } from "./environment-network.ts";
import { startClusterNodes, type StartedCluster } from "./cluster.ts";
import type { CopyMethod } from "./consistent-copy.ts";
import { BLUE_SERVER_ID_BASE, clusterSpec, GREEN_SERVER_ID_BASE, type EnvironmentSettings, type ReplicationMode } from "./environment-settings.ts";
import { StartedBlueEnvironment } from "./started-blue-environment.ts";
import type { StartedBlueGreenEnvironment } from "./started-blue-green-environment.ts";

/**
 * Builds a blue/green environment in the Aurora shape: a blue cluster (writer and optional reader)
 * on its own network, to which `createGreen()` later adds green as a consistent copy of blue that
 * replicates from it. Two steps, like the real thing: blue exists and takes writes first.
 */
export class BlueGreenEnvironment {
  private settings: EnvironmentSettings;

  constructor(engine: EngineImage) {
    this.settings = {
      runId: newRunId(),
      engine,
      credentials: generateCredentials(),
      readers: false,
      replicationMode: "gtid",
      typeConversions: { blue: "", green: "" },
      serverOptions: {},
      cold: false,
    };
  }

  withRunId(runId: string): this {
    this.settings.runId = runId;
    return this;
  }

  /** Give each cluster a reader replica (blue's replicates from blue's writer, green's from green's). */
  withReaders(readers = true): this {
    this.settings.readers = readers;
    return this;
  }

  /** How green replicates from blue: GTID auto-position, or binary log file and position. */
  withReplicationMode(mode: ReplicationMode): this {
    this.settings.replicationMode = mode;
    return this;
  }

  withCopyMethod(method: CopyMethod): this {
    this.settings.copyMethod = method;
    return this;
  }

  /** replica_type_conversions (MariaDB: slave_type_conversions) for one environment's servers. */
  withTypeConversions(color: "blue" | "green", value: string): this {
    this.settings.typeConversions = { ...this.settings.typeConversions, [color]: value };
    return this;
  }

  withServerOptions(options: Partial<ServerOptions>): this {
    this.settings.serverOptions = { ...this.settings.serverOptions, ...options };
    return this;
  }

  /** Initialize data directories at start instead of using the pre-initialized image (benchmarks). */
  withColdStart(cold = true): this {
    this.settings.cold = cold;
    return this;
  }

  /** Starts blue only: green comes later, from `createGreen()`, as a deployment creates it from a live cluster. */
  async startBlue(): Promise<StartedBlueEnvironment> {
    return this.launch(false) as Promise<StartedBlueEnvironment>;
  }

  /**
   * Starts blue and green together. Green's containers start alongside blue's (they are replaced by
   * the copy anyway), which halves the time to a replicating pair; the copy still waits for blue.
   */
  async start(): Promise<StartedBlueGreenEnvironment> {
    return this.launch(true) as Promise<StartedBlueGreenEnvironment>;
  }

  private async launch(withGreen: boolean): Promise<StartedBlueEnvironment | StartedBlueGreenEnvironment> {
    const settings = { ...this.settings };
    const clock = new PhaseClock();
    const forget = onInterrupt(async () => void (await reap({ runId: settings.runId })));
    try {
      const network = await clock.time("network", () => startEnvironmentNetwork(settings.runId));
      const [blue, green] = await clock.time(withGreen ? "blue and green nodes started" : "blue nodes started", () =>
        Promise.all([
          startClusterNodes(clusterSpec(settings, network, "blue", BLUE_SERVER_ID_BASE)),
          withGreen ? startClusterNodes(clusterSpec(settings, network, "green", GREEN_SERVER_ID_BASE)) : undefined,
        ]),
      );
      const environment = new StartedBlueEnvironment(settings, network, blue, clock, forget);
      await clock.time("blue reader replicating", () => environment.wireReader(blue));
      return green ? await environment.createGreen(green) : environment;
    } catch (error) {
      await reap({ runId: settings.runId });
      forget();
      throw error;
    }
  }
}

export type { StartedCluster, PhaseTiming };
