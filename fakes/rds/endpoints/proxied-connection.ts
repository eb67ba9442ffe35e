import net, { type Socket } from "node:net";
import type { CloseReason } from "./proxy-events.ts";
import { formatTarget, type ProxyTarget } from "./proxy-target.ts";

/**
 * How the proxy hangs up on a client. "close" sends FIN, as a server that closes a connection does
 * (mysqld killing a session, RDS's offline_mode cleanup); "reset" sends RST, as a vanished host or a
 * middlebox does. MySQL clients report them differently (see tcp-proxy.ts).
 */
export type Severance = "close" | "reset";

/**
 * What a refused client gets: a hang-up, or bytes first and then a hang-up (e.g. a MySQL error packet
 * in place of the server greeting, see mysql-refusal.ts).
 */
export type Refusal = Severance | { reply: Uint8Array };

/** "closing": the proxy has ended it (dropped, refused, timed out) and waits for its sockets to close. */
export type ConnectionState = "new" | "held" | "connecting" | "forwarding" | "closing" | "closed";

export interface ConnectionHooks {
  forwarded(connection: ProxiedConnection): void;
  closed(connection: ProxiedConnection): void;
}

/**
 * When one side hangs up cleanly, the other gets this long to take what is still owed to it before
 * it is destroyed: enough for any flush, short enough that no half-open pair outlives its peer.
 */
const FLUSH_GRACE_MS = 5_000;

/**
 * Bytes a client may send before it is forwarded (held, or while the upstream connects). A MySQL
 * client sends nothing before the server's greeting, so this only bounds misbehaving clients; past
 * it the client is paused, and the kernel's buffers apply backpressure.
 */
const EARLY_BYTES_LIMIT = 1 << 20;

/**
 * One client connection and, once forwarded, its upstream connection. The target is bound when
 * forwarding starts and never changes: repointing an endpoint affects only later connections.
 * The connection counts as closed only when both sockets are, so `active` never hides a socket.
 */
export class ProxiedConnection {
  readonly openedAt = Date.now();
  readonly closed: Promise<void>;
  private currentState: ConnectionState = "new";
  private boundTarget?: ProxyTarget;
  private closeReason?: CloseReason;
  private closeDetail?: string;
  private upstream?: Socket;
  private clientOpen = true;
  private upstreamOpen = false;
  private lastUpstreamError?: Error;
  private early: Buffer[] = [];
  private earlyBytes = 0;
  private timer?: NodeJS.Timeout;
  private readonly graceTimers: NodeJS.Timeout[] = [];
  private resolveClosed!: () => void;

  constructor(
    readonly id: number,
    private readonly client: Socket,
    private readonly hooks: ConnectionHooks,
  ) {
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    client.setNoDelay(true);
    // Errors arrive as 'close' with hadError as well; a listener is needed so they never go unhandled.
    client.on("error", (error) => (this.closeDetail ??= error.message));
    // Read from the start even while held: a client that gives up is then seen at once, not at release.
    client.on("data", this.keepEarly);
    client.once("close", (hadError) => this.clientClosed(hadError));
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  get target(): ProxyTarget | undefined {
    return this.boundTarget;
  }

  get reason(): CloseReason | undefined {
    return this.closeReason;
  }

  get detail(): string | undefined {
    return this.closeDetail;
  }

  get bytesIn(): number {
    return this.client.bytesRead;
  }

  get bytesOut(): number {
    return this.client.bytesWritten;
  }

  /** Keeps the client waiting, unforwarded, for at most timeoutMs. */
  hold(timeoutMs: number): void {
    if (this.currentState !== "new") return;
    this.currentState = "held";
    this.timer = setTimeout(() => this.sever("hold-expired", "close"), timeoutMs);
  }

  forward(target: ProxyTarget, connectTimeoutMs: number): void {
    if (this.currentState !== "new" && this.currentState !== "held") return;
    clearTimeout(this.timer);
    this.currentState = "connecting";
    this.boundTarget = { ...target };
    const upstream = net.connect({ host: target.host, port: target.port });
    this.upstream = upstream;
    this.upstreamOpen = true;
    upstream.setNoDelay(true);
    upstream.on("error", (error) => (this.lastUpstreamError = error));
    upstream.once("connect", () => this.upstreamConnected(upstream));
    upstream.once("close", (hadError) => this.upstreamClosed(hadError));
    this.timer = setTimeout(
      () => this.sever("upstream-timeout", "close", `no TCP connection to ${formatTarget(target)} within ${connectTimeoutMs} ms`),
      connectTimeoutMs,
    );
  }

  refuse(refusal: Refusal): void {
    if (this.currentState === "closed") return;
    if (typeof refusal === "string") {
      this.sever("refused", refusal);
      return;
    }
    this.closeReason ??= "refused";
    this.currentState = "closing";
    clearTimeout(this.timer);
    this.client.end(refusal.reply);
    this.startGrace(this.client);
  }

  /** Ends both sides now: the proxy's own decision (drop, refusal, timeout, stop). */
  sever(reason: CloseReason, how: Severance, detail?: string): void {
    if (this.currentState === "closed") return;
    this.closeReason ??= reason;
    if (detail) this.closeDetail ??= detail;
    this.currentState = "closing";
    clearTimeout(this.timer);
    this.upstream?.destroy();
    if (how === "reset" && !this.client.destroyed) this.client.resetAndDestroy();
    else this.client.destroy();
  }

  private readonly keepEarly = (chunk: Buffer): void => {
    this.early.push(chunk);
    this.earlyBytes += chunk.length;
    if (this.earlyBytes > EARLY_BYTES_LIMIT) this.client.pause();
  };

  private upstreamConnected(upstream: Socket): void {
    clearTimeout(this.timer);
    if (!this.clientOpen || this.currentState !== "connecting") return;
    this.currentState = "forwarding";
    // All synchronous: no chunk can arrive between taking the early bytes and piping the rest.
    this.client.off("data", this.keepEarly);
    for (const chunk of this.early) upstream.write(chunk);
    this.early = [];
    this.client.pipe(upstream);
    upstream.pipe(this.client);
    this.hooks.forwarded(this);
  }

  private upstreamClosed(hadError: boolean): void {
    this.upstreamOpen = false;
    clearTimeout(this.timer);
    if (this.currentState === "connecting") {
      // Refused or unreachable: the client learns at once instead of waiting on a server that is not there.
      this.sever("upstream-failed", "close", this.lastUpstreamError?.message ?? "the server closed the connection before it was set up");
    } else if (this.currentState === "forwarding" && this.clientOpen) {
      this.closeReason ??= "upstream-closed";
      if (this.lastUpstreamError) this.closeDetail ??= this.lastUpstreamError.message;
      // A clean close lets the client read what the server sent last (pipe already ended it); a reset
      // is passed on as one, so the client sees what it would without the proxy.
      if (!hadError) this.startGrace(this.client);
      else if ((this.lastUpstreamError as NodeJS.ErrnoException | undefined)?.code === "ECONNRESET") this.client.resetAndDestroy();
      else this.client.destroy();
    }
    this.finishIfBothClosed();
  }

  private clientClosed(hadError: boolean): void {
    this.clientOpen = false;
    this.closeReason ??= "client-closed";
    clearTimeout(this.timer);
    const upstream = this.upstream;
    if (upstream && this.upstreamOpen) {
      // A client that said goodbye (COM_QUIT) should have it delivered; anything else ends the server side now.
      if (this.currentState === "forwarding" && !hadError) this.startGrace(upstream);
      else upstream.destroy();
    }
    this.finishIfBothClosed();
  }

  /** Ends the socket after its pending writes, or after the grace period if its peer stops reading. */
  private startGrace(socket: Socket): void {
    socket.destroySoon();
    this.graceTimers.push(setTimeout(() => socket.destroy(), FLUSH_GRACE_MS));
  }

  private finishIfBothClosed(): void {
    if (this.clientOpen || this.upstreamOpen || this.currentState === "closed") return;
    this.currentState = "closed";
    clearTimeout(this.timer);
    for (const timer of this.graceTimers) clearTimeout(timer);
    this.early = [];
    this.hooks.closed(this);
    this.resolveClosed();
  }
}
