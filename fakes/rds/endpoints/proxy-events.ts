import type { ProxyTarget } from "./proxy-target.ts";

/**
 * Why a proxied connection ended. The first cause wins: a dropped connection whose server then also
 * hangs up stays "dropped", so a workload can tell the outages the switchover caused from the rest.
 */
export type CloseReason =
  /** The client hung up. */
  | "client-closed"
  /** The server hung up or went away while forwarding. */
  | "upstream-closed"
  /** The server could not be reached (refused, unreachable). */
  | "upstream-failed"
  /** No TCP connection to the server within the proxy's connectTimeoutMs. */
  | "upstream-timeout"
  /** dropConnections(): what RDS does to every connection at switchover. */
  | "dropped"
  /** It arrived, or was held, while the endpoint refused connections. */
  | "refused"
  /** It was held longer than the proxy's holdTimeoutMs. */
  | "hold-expired"
  /** The proxy stopped. */
  | "stopped";

/** What the endpoint does with a new connection: forward it, keep it waiting, or turn it away. */
export type Admission = "forward" | "hold" | "refuse";

/** Times are Date.now() milliseconds, so they line up with the workload's own clock. */
export interface ConnectionOpened {
  id: number;
  at: number;
  admission: Admission;
}

export interface ConnectionForwarded {
  id: number;
  at: number;
  target: ProxyTarget;
}

export interface ConnectionClosed {
  id: number;
  at: number;
  openedAt: number;
  reason: CloseReason;
  /** Where it was forwarded; absent if it never was (refused, held, stopped before forwarding). */
  target?: ProxyTarget;
  /** Bytes received from the client and bytes sent to it. */
  bytesIn: number;
  bytesOut: number;
  /** The socket error or the reason given to dropConnections(), when there is one. */
  detail?: string;
}

export interface TcpProxyEvents {
  opened: [ConnectionOpened];
  /** The TCP connection to the target is up and bytes flow both ways. */
  forwarded: [ConnectionForwarded];
  closed: [ConnectionClosed];
}
