import { profiled } from "../profile/time-profile.ts";
import { GenericContainer, Wait, type StartedNetwork, type StartedTestContainer } from "testcontainers";
import { dockerApi, dockerRuntime } from "../docker/docker-client.ts";
import type { ServerOptions } from "../engine/dialect.ts";
import { HarnessError, messageOf } from "../errors/harness-error.ts";
import type { EngineImage } from "../images/engine-image.ts";
import { LABEL, runLabels } from "../lifecycle/labels.ts";
import type { NodeCredentials } from "../secrets/credentials.ts";
import { initSql } from "./init-sql.ts";
import { MYSQL_PORT, NODE_PATHS } from "./node-paths.ts";
import { defaultServerOptions } from "./server-options.ts";
import { startScript } from "./start-script.ts";
import { StartedMysqlNode } from "./started-mysql-node.ts";
import { RecentLines } from "./recent-lines.ts";

/**
 * Builds one MySQL/MariaDB server container. `start()` returns a StartedMysqlNode, so the type system
 * knows which nodes run. Every option has a rehearsal default; `withServerOptions` overrides any of
 * them (binlog format, type conversions, read_only, ...).
 */
export class MysqlNodeContainer {
  private network?: { network: StartedNetwork; aliases: string[] };
  private options: ServerOptions;
  private cold = false;
  private hostPort?: number;
  private startupTimeoutMs = 90_000;
  private dnsServers: string[] = [];

  constructor(
    private readonly engine: EngineImage,
    private readonly name: string,
    private readonly runId: string,
    private readonly credentials: NodeCredentials,
  ) {
    this.options = defaultServerOptions(1);
  }

  withServerId(serverId: number): this {
    this.options = { ...this.options, serverId };
    return this;
  }

  withServerOptions(options: Partial<ServerOptions>): this {
    this.options = { ...this.options, ...options };
    return this;
  }

  withNetwork(network: StartedNetwork, aliases: string[] = []): this {
    this.network = { network, aliases };
    return this;
  }

  /**
   * The container's resolvers (Docker's HostConfig.Dns): on the environment's network Docker's embedded
   * resolver answers the containers' own names and asks these for every other name, so a name the
   * harness serves (an RDS endpoint name) resolves inside the container with its usual resolver.
   */
  withDnsServers(servers: readonly string[]): this {
    this.dnsServers = [...servers];
    return this;
  }

  /** Start from the base image and initialize the data directory now (what the bench calls cold). */
  withColdStart(cold = true): this {
    this.cold = cold;
    return this;
  }

  /** Publish on a fixed host port (127.0.0.1) instead of a random one. */
  withHostPort(port: number): this {
    this.hostPort = port;
    return this;
  }

  withStartupTimeout(ms: number): this {
    this.startupTimeoutMs = ms;
    return this;
  }

  start(): Promise<StartedMysqlNode> {
    return profiled("server starts", this.name, () => this.startServer());
  }

  private async startServer(): Promise<StartedMysqlNode> {
    await dockerRuntime();
    const dialect = this.engine.dialect;
    const image = this.cold ? this.engine.baseImage : this.engine.warmImage;
    const containerName = `${this.runId}-${this.name}`;
    const recentLog = new RecentLines(20);
    const container = new ServerContainer(image)
      .withDnsServers(this.dnsServers)
      .withName(containerName)
      .withLabels(runLabels(this.runId, { [LABEL.role]: this.name }))
      .withEntrypoint(["sh", NODE_PATHS.startScript])
      .withCommand([])
      .withCopyContentToContainer([
        { content: startScript(dialect, this.options), target: NODE_PATHS.startScript, mode: 0o755 },
        { content: initSql(dialect, this.credentials), target: NODE_PATHS.initFile, mode: 0o644 },
      ])
      .withExposedPorts(this.hostPort ? { container: MYSQL_PORT, host: this.hostPort } : MYSQL_PORT)
      // The server's own line, not the X plugin's (which is off anyway): it is printed once the init file ran.
      .withWaitStrategy(Wait.forLogMessage(/(mysqld|mariadbd): ready for connections/))
      .withStartupTimeout(this.startupTimeoutMs)
      // testcontainers removes a container that fails to start: keep its last lines to explain why.
      .withLogConsumer((stream) => recentLog.follow(stream));

    let started: StartedTestContainer;
    try {
      started = await container.start();
    } catch (error) {
      throw await this.explainStartFailure(containerName, image, error, recentLog.text());
    }
    const node = new StartedMysqlNode({
      name: this.name,
      container: started,
      dialect,
      serverId: this.options.serverId,
      options: this.options,
      credentials: this.credentials,
      networkId: this.network?.network.getId(),
      networkAliases: this.network?.aliases ?? [],
    });
    // Joined after start, not at creation: the node stays on Docker's default bridge, which carries its
    // published port, so cutting it from this network (a fault) never cuts the harness's own access.
    if (this.network) await node.reconnectToNetwork();
    await node.waitUntilAcceptingConnections(this.startupTimeoutMs);
    return node;
  }

  private async explainStartFailure(containerName: string, image: string, error: unknown, logs: string): Promise<HarnessError> {
    const message = messageOf(error);
    await (await dockerApi()).getContainer(containerName).remove({ force: true }).catch(() => undefined);
    if (/port is already allocated|address already in use/i.test(message)) {
      return new HarnessError({
        what: `starting MySQL node ${this.name}`,
        cause: `host port ${this.hostPort} is already in use`,
        fix: "free that port or choose another one (or let the harness pick a random port)",
        error,
      });
    }
    return new HarnessError({
      what: `starting MySQL node ${this.name} from ${image}`,
      cause: `${message.split("\n")[0]}${logs ? `\n  last server log lines:\n    ${logs.trim().split("\n").join("\n    ")}` : ""}`,
      fix: "read the server log lines above; a wrong server option or a broken image is the usual cause (BGH_MYSQL_IMAGE, `bgh image build`)",
      error,
    });
  }
}

/** testcontainers' GenericContainer has no setter for HostConfig.Dns: this adds the one option. */
class ServerContainer extends GenericContainer {
  withDnsServers(servers: readonly string[]): this {
    if (servers.length) this.hostConfig.Dns = [...servers];
    return this;
  }
}
