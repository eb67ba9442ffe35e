import type { ConnectionDetails } from "../scenario/scenario-environment.ts";
import { nodeConnectionDetails } from "./connection-details.ts";
import { sqlString } from "../sql/sql-literal.ts";
import { waitForCatchUp } from "../replication/catch-up.ts";
import { replicationStatus, startReplication, stopReplication } from "../replication/replication-control.ts";
import type { ReplicationStatus } from "../replication/replication-status.ts";
import { clusterNodes, type StartedCluster } from "./cluster.ts";
import type { CopyPoint } from "./consistent-copy.ts";
import type { StartedNetwork } from "testcontainers";
import type { EnvironmentSettings } from "./environment-settings.ts";
import type { PhaseTiming } from "./phase-clock.ts";

/** What green's environment takes from blue's: blue itself, the shared settings and network, and its removal. */
export interface BlueSide {
  readonly blue: StartedCluster;
  readonly runId: string;
  readonly settings: EnvironmentSettings;
  readonly network: StartedNetwork;
  readonly phases: PhaseTiming[];
  remove(): Promise<void>;
}

/** Blue and green both run, green replicating from blue. */
export class StartedBlueGreenEnvironment {
  constructor(
    private readonly base: BlueSide,
    readonly green: StartedCluster,
    /** Where green was copied from blue, and so where its replication began. */
    readonly copyPoint: CopyPoint,
  ) {}

  get blue(): StartedCluster {
    return this.base.blue;
  }
  get runId(): string {
    return this.base.runId;
  }
  get engine() {
    return this.base.settings.engine;
  }
  get network() {
    return this.base.network;
  }
  get settings() {
    return this.base.settings;
  }
  get phases() {
    return this.base.phases;
  }

  nodes() {
    return [...clusterNodes(this.blue), ...clusterNodes(this.green)];
  }

  greenReplicationStatus(): Promise<ReplicationStatus> {
    return replicationStatus(this.green.writer);
  }

  /** Stops green's replication from blue (CALL mysql.rds_stop_replication on green, in RDS terms). */
  stopGreenReplication(): Promise<void> {
    return stopReplication(this.green.writer);
  }

  startGreenReplication(): Promise<void> {
    return startReplication(this.green.writer);
  }

  /** Waits until green has applied everything blue had committed when called; throws on a replication error. */
  waitForGreenCatchUp(timeoutMs = 60_000): Promise<void> {
    return waitForCatchUp(this.green.writer, this.blue.writer, timeoutMs);
  }

  /**
   * Sets replica_type_conversions (or MariaDB's slave_type_conversions) on every server of one
   * environment, as a change to its cluster parameter group would. Dynamic: a running applier uses it at once.
   */
  async setTypeConversions(color: "blue" | "green", value: string): Promise<void> {
    const cluster = color === "blue" ? this.blue : this.green;
    await Promise.all(clusterNodes(cluster).map((node) => node.query(`SET GLOBAL ${node.dialect.typeConversionsVariable} = ${sqlString(value)}`)));
  }

  /** How to reach every server, for `bgh rehearse --keep`. */
  connectionDetails(): ConnectionDetails {
    return nodeConnectionDetails(this.nodes());
  }

  async remove(): Promise<void> {
    await Promise.all(clusterNodes(this.green).map((node) => node.remove()));
    await this.base.remove();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.remove();
  }
}
