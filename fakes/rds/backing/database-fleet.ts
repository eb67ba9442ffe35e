import type { StartedNetwork } from "testcontainers";
import type { ServerOptions } from "../../../harness/engine/dialect.ts";
import { messageOf } from "../../../harness/errors/harness-error.ts";
import { progress } from "../../../harness/progress/progress.ts";
import { networkGateway, startEnvironmentNetwork } from "../../../harness/environment/environment-network.ts";
import { chooseCopyMethod, copyInto, type CopyPoint } from "../../../harness/environment/consistent-copy.ts";
import { resolveEngineImage, type EngineImage } from "../../../harness/images/engine-image.ts";
import { imageRequestFrom } from "../../../harness/images/image-request.ts";
import { ENGINE_IMAGES_VARIABLE } from "../model/engine-versions.ts";
import { onInterrupt } from "../../../harness/lifecycle/cleanup-on-signal.ts";
import { reap } from "../../../harness/lifecycle/reaper.ts";
import { MysqlNodeContainer } from "../../../harness/node/mysql-node.ts";
import type { StartedMysqlNode } from "../../../harness/node/started-mysql-node.ts";
import { binaryLogStatus, configureReplication, startReplication } from "../../../harness/replication/replication-control.ts";
import { waitUntilReplicating } from "../../../harness/replication/wait-until-replicating.ts";
import type { NodeCredentials } from "../../../harness/secrets/credentials.ts";
import { sqlString } from "../../../harness/sql/sql-literal.ts";
import { installRdsProcedures } from "../procedures/install-rds-procedures.ts";

/**
 * The real servers behind the fake's instances: one container per DB instance, all on one network
 * (the fake's VPC), each reachable there by its immutable resource id, so that renames never break
 * replication between them. The model decides what exists; the fleet makes it so in MySQL.
 */
export class DatabaseFleet {
  /** Memoized as a promise: instances created together must share one network, not race to make two. */
  private network?: Promise<{ network: StartedNetwork; dnsServers: string[] }>;
  /** Serves names to the fleet's containers from the network's gateway; returns the resolver's address. */
  private nameServer?: (gateway: string) => Promise<string>;
  private nextServerId = 1;
  private readonly forgetInterrupt: () => void;
  private readonly movedListeners = new Set<(node: StartedMysqlNode) => void>();

  constructor(
    readonly engine: EngineImage,
    readonly runId: string,
    readonly credentials: NodeCredentials,
    /** Engine version series (or exact versions) to images, overriding the default mapping (BGH_ENGINE_IMAGES). */
    readonly engineImages: Readonly<Record<string, string>> = {},
  ) {
    this.forgetInterrupt = onInterrupt(async () => void (await reap({ runId })));
  }

  /**
   * Gives every container of the fleet a resolver: once the network exists, `start(gateway)` starts a
   * DNS server there, and containers are created with it as their DNS server, behind Docker's embedded
   * one (which answers the containers' own names first). Set before the first instance starts.
   */
  useNameServer(start: (gateway: string) => Promise<string>): void {
    if (this.network) throw new Error("useNameServer must be called before the fleet's first instance starts");
    this.nameServer = start;
  }

  /**
   * Starts the server of a new instance with its cluster's and its own parameters applied, on the
   * fleet's engine or on `engine` (green of an engine upgrade).
   */
  async startInstance(resourceId: string, options: Partial<ServerOptions>, engine: EngineImage = this.engine): Promise<StartedMysqlNode> {
    this.network ??= this.startNetwork();
    const { network, dnsServers } = await this.network;
    const node = await new MysqlNodeContainer(engine, resourceId.toLowerCase(), this.runId, this.credentials)
      .withServerId(this.nextServerId++)
      .withServerOptions(options)
      .withNetwork(network, [resourceId.toLowerCase()])
      .withDnsServers(dnsServers)
      .start();
    node.onAddressChange(() => {
      for (const listener of this.movedListeners) listener(node);
    });
    // RDS's mysql.rds_* procedures, so that runbooks (seed 000) run verbatim against the fake's servers.
    await installRdsProcedures(node, node.dialect);
    return node;
  }

  private async startNetwork(): Promise<{ network: StartedNetwork; dnsServers: string[] }> {
    const network = await startEnvironmentNetwork(this.runId);
    if (!this.nameServer) return { network, dnsServers: [] };
    try {
      return { network, dnsServers: [await this.nameServer(await networkGateway(network))] };
    } catch (error) {
      // This machine's clients still resolve the names (hosts file); only containers go without.
      progress(`Containers will not resolve the endpoint names (a runbook's rds_set_external_master by RDS name fails): ${messageOf(error)}`);
      return { network, dnsServers: [] };
    }
  }

  /** The engine image for a reference (an engine upgrade's target): pulled, or built from Debian packages with the loud substitution notice. */
  engineFor(reference: string): Promise<EngineImage> {
    return resolveEngineImage(imageRequestFrom(reference, ENGINE_IMAGES_VARIABLE), { runId: this.runId });
  }

  /** Told when a server's published port changes (restart, network cut or reconnection), so that endpoints follow it. */
  onServerMoved(listener: (node: StartedMysqlNode) => void): void {
    this.movedListeners.add(listener);
  }

  /**
   * A reader replicates from its writer from the writer's current position (both are copies at that
   * point), and is handed back only once its receiver has connected: RDS calls a replica available with
   * replication running, and a status read straight after START REPLICA can still say "connecting".
   */
  async replicateFrom(replica: StartedMysqlNode, source: StartedMysqlNode): Promise<void> {
    const point = await binaryLogStatus(source);
    const positioning = replica.options.gtid ? ({ mode: "gtid" } as const) : ({ mode: "file-position", file: point.file, position: point.position } as const);
    await configureReplication(replica, source, positioning);
    await startReplication(replica);
    await waitUntilReplicating(replica);
  }

  /** Makes `target` a copy of `source` at one point (CLONE, dump, or pristine) and returns that point. */
  async copy(target: StartedMysqlNode, source: StartedMysqlNode): Promise<CopyPoint> {
    return copyInto(target, source, await chooseCopyMethod(target, source));
  }

  /** Applies a dynamic parameter to a running server, under its engine's variable name. */
  async setGlobal(node: StartedMysqlNode, parameter: string, value: string): Promise<void> {
    const variable = parameter === "replica_type_conversions" ? node.dialect.typeConversionsVariable : parameter;
    const literal = /^-?\d+$/.test(value) ? value : sqlString(value);
    await node.query(`SET GLOBAL ${variable} = ${literal}`);
  }

  async removeInstance(node: StartedMysqlNode): Promise<void> {
    await node.remove();
  }

  /** Removes every server and the network. Idempotent. */
  async shutdown(): Promise<void> {
    await reap({ runId: this.runId });
    this.network = undefined;
    this.forgetInterrupt();
  }
}
