import type { StartedTestContainer } from "testcontainers";
import { dockerApi } from "../docker/docker-client.ts";
import { demultiplex } from "../docker/run-once.ts";
import type { EngineDialect, ServerOptions } from "../engine/dialect.ts";
import { messageOf } from "../errors/harness-error.ts";
import type { NodeCredentials } from "../secrets/credentials.ts";
import { MysqlSession, type ConnectionTarget } from "../sql/mysql-session.ts";
import type { SqlRow, SqlRunner } from "../sql/sql-runner.ts";
import { waitUntil } from "../wait/wait-until.ts";
import { MYSQL_PORT, NODE_PATHS } from "./node-paths.ts";
import { startScript } from "./start-script.ts";

export interface StartedNodeParts {
  name: string;
  container: StartedTestContainer;
  dialect: EngineDialect;
  serverId: number;
  options: ServerOptions;
  credentials: NodeCredentials;
  /** By id, not name: Docker resolves a name that two networks share to neither. */
  networkId: string | undefined;
  networkAliases: string[];
}

/**
 * A running MySQL/MariaDB server: SQL as root over the published port, and the faults a rehearsal
 * injects (stop, restart, kill, pause, network cut). Other containers on the same network reach it
 * by `networkHost`.
 */
export class StartedMysqlNode implements SqlRunner {
  readonly name: string;
  readonly dialect: EngineDialect;
  readonly serverId: number;
  private serverOptions: ServerOptions;
  readonly credentials: NodeCredentials;
  private readonly container: StartedTestContainer;
  private readonly networkId: string | undefined;
  private readonly networkAliases: string[];
  private readonly session: MysqlSession;
  private port: number;
  private ipOnNetwork: string | undefined;
  private readonly addressListeners = new Set<() => void>();

  constructor(parts: StartedNodeParts) {
    this.name = parts.name;
    this.dialect = parts.dialect;
    this.serverId = parts.serverId;
    this.serverOptions = parts.options;
    this.credentials = parts.credentials;
    this.container = parts.container;
    this.networkId = parts.networkId;
    this.networkAliases = parts.networkAliases;
    this.port = parts.container.getMappedPort(MYSQL_PORT);
    this.session = new MysqlSession(() => this.connectionTarget());
  }

  /** The server options the node runs with (as of its last start). */
  get options(): ServerOptions {
    return this.serverOptions;
  }

  get containerId(): string {
    return this.container.getId();
  }

  get containerName(): string {
    return this.container.getName().replace(/^\//, "");
  }

  /** The name other nodes on the environment's network use to reach this one. */
  get networkHost(): string {
    return this.networkAliases[0] ?? this.containerName;
  }

  /**
   * Told when the published port or the address on the network changes: Docker re-publishes the port on
   * a restart and on every network change (a cut, a reconnection), and may give a reconnected container
   * another address. Whatever forwards to this server, or names it, must follow it.
   */
  onAddressChange(listener: () => void): () => void {
    this.addressListeners.add(listener);
    return () => this.addressListeners.delete(listener);
  }

  /**
   * The server's IPv4 address on its environment's network (where other containers reach it), or
   * undefined while it is cut from that network. Changes on a reconnection, with the address listeners told.
   */
  get networkAddress(): string | undefined {
    return this.ipOnNetwork;
  }

  /** Host and port to reach the server from this machine. */
  get hostPort(): { host: string; port: number } {
    return { host: this.container.getHost(), port: this.port };
  }

  connectionTarget(database?: string): ConnectionTarget {
    return {
      host: this.container.getHost(),
      port: this.port,
      user: this.credentials.rootUser,
      password: this.credentials.rootPassword,
      ...(database ? { database } : {}),
    };
  }

  query(sql: string, params?: readonly unknown[]): Promise<SqlRow[]> {
    return this.session.query(sql, params);
  }

  /** Runs statements one by one (no multi-statement mode: a failure names the statement that failed). */
  async run(statements: string[]): Promise<void> {
    for (const statement of statements) await this.query(statement);
  }

  async waitUntilAcceptingConnections(timeoutMs = 60_000): Promise<void> {
    await waitUntil({ what: `MySQL node ${this.name} to accept connections`, timeoutMs, intervalMs: 100 }, async () => {
      try {
        await this.query("SELECT 1");
        return { done: true, value: undefined };
      } catch (error) {
        await this.assertContainerRunning();
        return { done: false, state: messageOf(error) };
      }
    });
  }

  /** Clean shutdown and start, as a reboot. The published port may change: it is read again. */
  async restart(timeoutMs = 90_000): Promise<void> {
    await this.session.close();
    await this.container.restart({ timeout: 30 });
    await this.refreshPort();
    await this.waitUntilAcceptingConnections(timeoutMs);
  }

  /**
   * Restarts the server with changed options, as a reboot applies static parameters: the start script
   * in the container is rewritten, then the node restarts cleanly.
   */
  async restartWith(changes: Partial<ServerOptions>, timeoutMs = 90_000): Promise<void> {
    this.serverOptions = { ...this.serverOptions, ...changes };
    await this.container.copyContentToContainer([{ content: startScript(this.dialect, this.serverOptions), target: NODE_PATHS.startScript, mode: 0o755 }]);
    await this.restart(timeoutMs);
  }

  /** SIGKILL: the server gets no chance to shut down, as in a crash. */
  async kill(): Promise<void> {
    await this.session.close();
    await (await dockerApi()).getContainer(this.containerId).kill();
  }

  /** Starts a stopped or killed container again (crash recovery runs). */
  async startAgain(timeoutMs = 90_000): Promise<void> {
    await (await dockerApi()).getContainer(this.containerId).start();
    await this.refreshPort();
    await this.waitUntilAcceptingConnections(timeoutMs);
  }

  /** Freezes every process of the node: connections hang instead of failing, as with a stalled host. */
  async pause(): Promise<void> {
    await (await dockerApi()).getContainer(this.containerId).pause();
  }

  async unpause(): Promise<void> {
    await (await dockerApi()).getContainer(this.containerId).unpause();
  }

  /** Cuts the node from the environment's network: replicas lose their source, the host port still works. */
  async disconnectFromNetwork(): Promise<void> {
    if (!this.networkId) throw new Error(`node ${this.name} is on no network of its environment`);
    await (await dockerApi()).getNetwork(this.networkId).disconnect({ Container: this.containerId, Force: true });
    await this.refreshPort();
  }

  async reconnectToNetwork(): Promise<void> {
    if (!this.networkId) throw new Error(`node ${this.name} is on no network of its environment`);
    await (await dockerApi()).getNetwork(this.networkId).connect({
      Container: this.containerId,
      EndpointConfig: { Aliases: this.networkAliases },
    });
    // Docker re-publishes the ports of a container whose networks change: the host port may be new.
    await this.refreshPort();
  }

  /** The server's log (stdout and stderr of the container), optionally only the last lines. */
  async logs(tail?: number): Promise<string> {
    const buffer = (await (await dockerApi()).getContainer(this.containerId).logs({
      stdout: true,
      stderr: true,
      follow: false,
      ...(tail ? { tail } : {}),
    })) as unknown as Buffer;
    return demultiplex(buffer);
  }

  /** Runs a command inside the container (mysql clients, dumps between nodes). */
  async exec(command: string[]): Promise<{ exitCode: number; output: string }> {
    const result = await this.container.exec(command);
    return { exitCode: result.exitCode, output: result.output };
  }

  /** Stops and removes the container. Idempotent. */
  async remove(): Promise<void> {
    await this.session.close();
    try {
      await (await dockerApi()).getContainer(this.containerId).remove({ force: true, v: true });
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status !== 404 && status !== 409) throw error;
    }
  }

  private async refreshPort(): Promise<void> {
    const info = await (await dockerApi()).getContainer(this.containerId).inspect();
    const bindings = info.NetworkSettings.Ports[`${MYSQL_PORT}/tcp`] ?? [];
    const binding = bindings.find((candidate) => !candidate.HostIp.includes(":")) ?? bindings[0];
    const onNetwork = Object.values(info.NetworkSettings.Networks ?? {}).find((network) => network.NetworkID === this.networkId);
    const ipOnNetwork = onNetwork?.IPAddress || undefined;
    const portMoved = binding !== undefined && Number(binding.HostPort) !== this.port;
    const ipMoved = ipOnNetwork !== this.ipOnNetwork;
    if (portMoved) {
      this.port = Number(binding.HostPort);
      await this.session.close();
    }
    this.ipOnNetwork = ipOnNetwork;
    if (portMoved || ipMoved) for (const listener of [...this.addressListeners]) listener();
  }

  private async assertContainerRunning(): Promise<void> {
    const info = await (await dockerApi()).getContainer(this.containerId).inspect();
    if (!info.State.Running) {
      const tail = (await this.logs(15)).trim().split("\n").join("\n    ");
      throw new Error(`MySQL node ${this.name} is not running (exit code ${info.State.ExitCode}); last log lines:\n    ${tail}`);
    }
  }
}
