import { EventEmitter } from "node:events";
import net from "node:net";
import { HarnessError, messageOf } from "../../../harness/errors/harness-error.ts";
import { ProxiedConnection, type Refusal, type Severance } from "./proxied-connection.ts";
import type { Admission, TcpProxyEvents } from "./proxy-events.ts";
import { formatTarget, type ProxyTarget } from "./proxy-target.ts";

export const PROXY_HOST = "127.0.0.1";

export interface TcpProxyOptions {
  target: ProxyTarget;
  /** The address to listen on (default 127.0.0.1); a name-serving endpoint has a loopback address of its own. */
  host?: string;
  /** 0 (the default) lets the system choose a free port; start() reports it. */
  port?: number;
  /** How long a TCP connection to the target may take before the client is hung up on (default 5 s). */
  connectTimeoutMs?: number;
  /** How long a held connection may wait before it is hung up on (default 30 s). */
  holdTimeoutMs?: number;
  /** What a client arriving while the endpoint refuses gets (default "close"). */
  refusal?: Refusal;
  /** How dropConnections() hangs up on clients (default "close"). */
  dropWith?: Severance;
}

export interface TcpProxyStats {
  /** Client connections open now, in any state (held, connecting, forwarding, closing). */
  active: number;
  /** Of those, held ones. */
  held: number;
  /** Every connection the listener accepted. */
  accepted: number;
  /** Connections whose TCP connection to the target came up. */
  forwarded: number;
  /** Connections ended by dropConnections(). */
  dropped: number;
  /** Connections turned away while refusing (including held ones when refusal began). */
  refused: number;
  /** Held connections hung up on after holdTimeoutMs. */
  holdExpired: number;
  /** Connections whose target refused, was unreachable, or did not answer within connectTimeoutMs. */
  upstreamFailures: number;
  /** Bytes received from clients. */
  bytesIn: number;
  /** Bytes sent to clients. */
  bytesOut: number;
}

type Counter = "accepted" | "forwarded" | "dropped" | "refused" | "holdExpired" | "upstreamFailures";

/**
 * One RDS endpoint as a TCP proxy on 127.0.0.1: a stable port whose target can change, like a DNS
 * name RDS repoints at switchover. What it does with new connections (forward, hold, refuse) and
 * dropping open ones are the switchover's connection steps (seed 002, steps 2, 3 and 6).
 *
 * Refusing keeps the listener and accepts at the TCP level, then hangs up at once (or answers with
 * the `refusal` bytes first), rather than closing the listener:
 * - the port stays ours: a closed listener lets any process take the port, and the endpoint's port
 *   must survive the switchover;
 * - it is closest to RDS: during switchover the endpoint's name still resolves to a running server,
 *   and that server turns clients away (AWS describes clearing connections at switchover with
 *   MySQL's offline_mode, which also refuses new ones), so clients fail fast. An unaccepted
 *   connection would instead wait in the backlog until the client's own timeout: a hang.
 * The default hang-up ("close") assumes nothing about the protocol; for MySQL clients,
 * mysqlOfflineModeRefusal() gives them the error code a server in offline_mode sends.
 *
 * What mysql2 reports (verified in test/unit/rds-endpoints/mysql2-reports.test.ts):
 * - refusal "close" (FIN): connect() rejects with code PROTOCOL_CONNECTION_LOST,
 *   "Connection lost: The server closed the connection."
 * - refusal "reset" (RST): connect() rejects with code ECONNRESET ("connect ECONNRESET <address>" or
 *   "read ECONNRESET", depending on when the RST lands).
 * - refusal { reply: mysqlOfflineModeRefusal() }: connect() rejects with code ER_SERVER_OFFLINE_MODE
 *   (errno 3032), as a real server in offline_mode answers.
 * - a target that refuses: connect() rejects with PROTOCOL_CONNECTION_LOST (the proxy had accepted).
 * What it reports when open connections are dropped (test/integration/rds-endpoints, real MySQL):
 * - dropWith "close" (FIN, as mysqld ending a session): a query in flight rejects with
 *   PROTOCOL_CONNECTION_LOST; an idle connection emits 'error' with PROTOCOL_CONNECTION_LOST, and its
 *   next query fails with "Can't add new command when connection is in closed state".
 * - dropWith "reset" (RST): a query in flight rejects with ECONNRESET.
 */
export class TcpProxy extends EventEmitter<TcpProxyEvents> {
  private server?: net.Server;
  private listeningPort?: number;
  private currentTarget: ProxyTarget;
  private admission: Admission = "forward";
  private readonly live = new Set<ProxiedConnection>();
  private readonly counters: Record<Counter, number> = { accepted: 0, forwarded: 0, dropped: 0, refused: 0, holdExpired: 0, upstreamFailures: 0 };
  private closedBytesIn = 0;
  private closedBytesOut = 0;
  private nextId = 1;
  private starting?: Promise<ProxyTarget>;
  private stopping?: Promise<void>;
  private readonly requestedPort: number;
  readonly host: string;
  private readonly connectTimeoutMs: number;
  private readonly holdTimeoutMs: number;
  private readonly refusal: Refusal;
  private readonly dropWith: Severance;

  constructor(options: TcpProxyOptions) {
    super();
    this.currentTarget = { ...options.target };
    this.requestedPort = options.port ?? 0;
    this.host = options.host ?? PROXY_HOST;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
    this.holdTimeoutMs = options.holdTimeoutMs ?? 30_000;
    this.refusal = options.refusal ?? "close";
    this.dropWith = options.dropWith ?? "close";
  }

  get target(): ProxyTarget {
    return { ...this.currentTarget };
  }

  get mode(): Admission {
    return this.admission;
  }

  /** The port clients use. Throws before start(): a port that is not listening yet is no endpoint. */
  get port(): number {
    if (this.listeningPort === undefined) throw new Error("the proxy has not started: call start() first");
    return this.listeningPort;
  }

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  /** Starts listening; resolves with the address clients use. */
  start(): Promise<ProxyTarget> {
    if (this.starting || this.stopping) return Promise.reject(new Error("a TcpProxy starts once; create a new one"));
    this.starting = this.listen();
    return this.starting;
  }

  private async listen(): Promise<ProxyTarget> {
    const server = net.createServer((socket) => this.admit(socket));
    this.server = server;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen({ host: this.host, port: this.requestedPort, exclusive: true }, () => {
          server.off("error", reject);
          resolve();
        });
      });
    } catch (error) {
      throw listenError(this.host, this.requestedPort, error);
    }
    // An accept error (EMFILE) costs that one connection, never the endpoint.
    server.on("error", () => undefined);
    this.listeningPort = (server.address() as net.AddressInfo).port;
    return { host: this.host, port: this.listeningPort };
  }

  /** New connections go to target; open ones keep theirs until they end or are dropped. */
  repoint(target: ProxyTarget): void {
    this.currentTarget = { ...target };
  }

  /**
   * Hangs up every forwarded or forwarding connection, both sides, now: RDS dropping connections at
   * switchover. Held connections are not pairs yet and stay held: refuseConnections() turns them
   * away (RDS's "drops connections and doesn't allow new ones" is drop + refuse), releaseHeld()
   * forwards them. Returns how many were dropped.
   */
  dropConnections(reason?: string): number {
    let dropped = 0;
    for (const connection of this.live) {
      if (connection.state !== "connecting" && connection.state !== "forwarding") continue;
      connection.sever("dropped", this.dropWith, reason);
      dropped += 1;
    }
    this.counters.dropped += dropped;
    return dropped;
  }

  /** From now on new connections are turned away at once, and so are held ones. Returns how many held ones were. */
  refuseConnections(): number {
    this.admission = "refuse";
    let refused = 0;
    for (const connection of this.live) {
      if (connection.state !== "held") continue;
      connection.refuse(this.refusal);
      refused += 1;
    }
    this.counters.refused += refused;
    return refused;
  }

  /** From now on new connections are forwarded; held ones are forwarded to the current target. Returns how many. */
  acceptConnections(): number {
    this.admission = "forward";
    let released = 0;
    for (const connection of this.live) {
      if (connection.state !== "held") continue;
      connection.forward(this.currentTarget, this.connectTimeoutMs);
      released += 1;
    }
    return released;
  }

  /**
   * From now on new connections are accepted and kept waiting, unforwarded, for at most holdTimeoutMs:
   * the client sees a pause instead of an error, as during the switchover's write stop. A mysql2
   * client whose connectTimeout (10 s by default) runs out first gives up with ETIMEDOUT
   * ("connect ETIMEDOUT"); the proxy sees it go at once.
   */
  holdNewConnections(): void {
    this.admission = "hold";
  }

  /** Ends the hold: the same as acceptConnections(), named for the hold window. */
  releaseHeld(): number {
    return this.acceptConnections();
  }

  stats(): TcpProxyStats {
    let bytesIn = this.closedBytesIn;
    let bytesOut = this.closedBytesOut;
    let held = 0;
    for (const connection of this.live) {
      bytesIn += connection.bytesIn;
      bytesOut += connection.bytesOut;
      if (connection.state === "held") held += 1;
    }
    return { active: this.live.size, held, ...this.counters, bytesIn, bytesOut };
  }

  /** Closes the listener and every connection, and resolves once all their sockets are closed. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.stopNow();
    return this.stopping;
  }

  private async stopNow(): Promise<void> {
    // A stop during start waits for the listener, so that it is closed rather than left behind.
    await this.starting?.catch(() => undefined);
    const server = this.server;
    const listenerClosed = server?.listening ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    const connections = [...this.live];
    for (const connection of connections) connection.sever("stopped", "close");
    await Promise.all([listenerClosed, ...connections.map((connection) => connection.closed)]);
  }

  private admit(socket: net.Socket): void {
    const connection = new ProxiedConnection(this.nextId++, socket, {
      forwarded: (forwarded) => {
        this.counters.forwarded += 1;
        this.emit("forwarded", { id: forwarded.id, at: Date.now(), target: forwarded.target! });
      },
      closed: (closed) => this.forget(closed),
    });
    this.counters.accepted += 1;
    this.live.add(connection);
    this.emit("opened", { id: connection.id, at: connection.openedAt, admission: this.admission });
    if (this.stopping) connection.sever("stopped", "close");
    else if (this.admission === "forward") connection.forward(this.currentTarget, this.connectTimeoutMs);
    else if (this.admission === "hold") connection.hold(this.holdTimeoutMs);
    else {
      this.counters.refused += 1;
      connection.refuse(this.refusal);
    }
  }

  private forget(connection: ProxiedConnection): void {
    this.live.delete(connection);
    this.closedBytesIn += connection.bytesIn;
    this.closedBytesOut += connection.bytesOut;
    if (connection.reason === "hold-expired") this.counters.holdExpired += 1;
    if (connection.reason === "upstream-failed" || connection.reason === "upstream-timeout") this.counters.upstreamFailures += 1;
    this.emit("closed", {
      id: connection.id,
      at: Date.now(),
      openedAt: connection.openedAt,
      reason: connection.reason ?? "client-closed",
      ...(connection.target ? { target: connection.target } : {}),
      bytesIn: connection.bytesIn,
      bytesOut: connection.bytesOut,
      ...(connection.detail ? { detail: connection.detail } : {}),
    });
  }
}

function listenError(host: string, port: number, error: unknown): Error {
  const code = (error as { code?: string }).code;
  if (code === "EADDRINUSE") {
    return new HarnessError({
      what: `starting an endpoint proxy on ${formatTarget({ host, port })}`,
      cause: `port ${port} is already in use on ${host}`,
      fix: `choose another port, or pass port 0 to let the system pick a free one; \`ss -ltnp 'sport = :${port}'\` shows what holds it`,
      error,
    });
  }
  return new HarnessError({
    what: `starting an endpoint proxy on ${formatTarget({ host, port })}`,
    cause: messageOf(error),
    fix: "use port 0 (any free port) or a port between 1024 and 65535 that nothing else uses",
    error,
  });
}
