import { HarnessError } from "../../../harness/errors/harness-error.ts";
import type { Admission } from "./proxy-events.ts";
import type { ProxyTarget } from "./proxy-target.ts";
import { PROXY_HOST, TcpProxy, type TcpProxyOptions, type TcpProxyStats } from "./tcp-proxy.ts";

/** How an endpoint treats connections; the registry's defaults apply unless create() says otherwise. */
export type EndpointBehaviour = Omit<TcpProxyOptions, "target" | "port">;

export interface EndpointOptions extends EndpointBehaviour {
  /** A fixed port; without it the name's earlier port, or a free one for a new name. */
  port?: number;
}

/** What a client needs to reach an endpoint: its DNS name stands for host and port here. */
export interface EndpointAddress {
  name: string;
  host: string;
  port: number;
}

export interface EndpointInfo extends EndpointAddress {
  target: ProxyTarget;
  mode: Admission;
  stats: TcpProxyStats;
}

/** Attempts at a free port that belongs to no other name before giving up (each clash is rare). */
const PORT_ATTEMPTS = 20;

/**
 * The RDS endpoints of a rehearsal, by DNS name ("mydb.cluster-abc123xyz.us-east-1.rds.amazonaws.com"):
 * each a TcpProxy on 127.0.0.1 whose port is what clients use instead of the name. A name keeps its
 * port for the life of the registry, across remove() and create() again, so a client configured once
 * keeps working as it would with a DNS name; only rename() moves a port to another name.
 *
 * At switchover RDS renames: green resources take the blue names, blue ones get "-old<n>", and the
 * endpoints follow the names (rds-api.md, Names). So the port clients use keeps its name and now
 * leads to the former green server. Per endpoint (blue name B, its green counterpart G, and
 * O = B's name with "-old1"):
 *
 *     registry.swapTargets(B, G); // B's port now leads to the green server, G's to the blue one
 *     registry.rename(G, O);      // G's port now answers to the -old1 name
 *
 * Both are synchronous, so no new connection sees a half-done switch. Where a client that still uses
 * G's port should fail (the green name no longer resolves after switchover) instead of reaching the
 * old blue server, use `repoint(B, green)`, `remove(G)`, `create(O, blue)` instead. A client whose DNS
 * cache outlives the switchover is a repoint made later.
 */
export class EndpointRegistry {
  private readonly endpoints = new Map<string, TcpProxy>();
  private readonly creating = new Set<string>();
  /** Every name's port, kept after remove() so the name gets it back. */
  private readonly ports = new Map<string, number>();

  constructor(private readonly defaults: EndpointBehaviour = {}) {}

  async create(name: string, target: ProxyTarget, options: EndpointOptions = {}): Promise<EndpointAddress> {
    if (this.endpoints.has(name) || this.creating.has(name)) throw new Error(`endpoint ${name} exists already; remove() it first or repoint() it`);
    const { port: explicit, ...behaviour } = options;
    const earlier = this.ports.get(name);
    if (explicit && earlier !== undefined && explicit !== earlier) {
      throw new HarnessError({
        what: `creating endpoint ${name} on port ${explicit}`,
        cause: `${name} had port ${earlier} before, and a name keeps its port for the life of the registry`,
        fix: `omit the port (or pass ${earlier}) to get it back, or use another name`,
      });
    }
    if (explicit) this.assertPortFree(name, explicit);
    this.creating.add(name);
    try {
      const proxy = await this.startProxy(name, target, explicit || earlier || 0, { ...this.defaults, ...behaviour });
      this.endpoints.set(name, proxy);
      this.ports.set(name, proxy.port);
      return { name, host: PROXY_HOST, port: proxy.port };
    } finally {
      this.creating.delete(name);
    }
  }

  has(name: string): boolean {
    return this.endpoints.has(name);
  }

  /** The endpoint's proxy, for its events, stats and per-endpoint drop/refuse/hold. */
  get(name: string): TcpProxy {
    const proxy = this.endpoints.get(name);
    if (!proxy) {
      const known = [...this.endpoints.keys()].sort();
      throw new Error(`no endpoint ${name}; the registry has ${known.length > 0 ? known.join(", ") : "none"}`);
    }
    return proxy;
  }

  /** New connections to the name's port go to target; open ones stay where they are. */
  repoint(name: string, target: ProxyTarget): void {
    this.get(name).repoint(target);
  }

  /** Exchanges the targets of two endpoints at once: each port now leads where the other did. */
  swapTargets(a: string, b: string): void {
    const first = this.get(a);
    const second = this.get(b);
    const firstTarget = first.target;
    first.repoint(second.target);
    second.repoint(firstTarget);
  }

  /** The endpoint, its port and its connections now answer to newName; oldName no longer exists. */
  rename(oldName: string, newName: string): void {
    const proxy = this.get(oldName);
    if (oldName === newName) return;
    if (this.endpoints.has(newName) || this.creating.has(newName)) throw new Error(`cannot rename ${oldName} to ${newName}: ${newName} exists already`);
    this.endpoints.delete(oldName);
    this.endpoints.set(newName, proxy);
    // The port went with the endpoint: oldName, created again, gets a new one.
    this.ports.delete(oldName);
    this.ports.set(newName, proxy.port);
  }

  /** Stops the endpoint: its port refuses connections until the name is created again (and gets it back). */
  async remove(name: string): Promise<void> {
    const proxy = this.get(name);
    this.endpoints.delete(name);
    await proxy.stop();
  }

  list(): EndpointInfo[] {
    return [...this.endpoints.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, proxy]) => ({ name, host: PROXY_HOST, port: proxy.port, target: proxy.target, mode: proxy.mode, stats: proxy.stats() }));
  }

  /** Drops every forwarded connection of every endpoint; returns how many. */
  dropAll(reason?: string): number {
    return this.sum((proxy) => proxy.dropConnections(reason));
  }

  /** Every endpoint refuses new connections (and held ones); returns how many held ones were turned away. */
  refuseAll(): number {
    return this.sum((proxy) => proxy.refuseConnections());
  }

  /** Every endpoint forwards new connections (and held ones); returns how many held ones were released. */
  acceptAll(): number {
    return this.sum((proxy) => proxy.acceptConnections());
  }

  /** Every endpoint keeps new connections waiting until acceptAll() (or its hold timeout). */
  holdAll(): void {
    for (const proxy of this.endpoints.values()) proxy.holdNewConnections();
  }

  /** Stops every endpoint; resolves once all their sockets are closed. Names keep their ports. */
  async stopAll(): Promise<void> {
    const proxies = [...this.endpoints.values()];
    this.endpoints.clear();
    await Promise.all(proxies.map((proxy) => proxy.stop()));
  }

  private sum(operation: (proxy: TcpProxy) => number): number {
    let total = 0;
    for (const proxy of this.endpoints.values()) total += operation(proxy);
    return total;
  }

  private assertPortFree(name: string, port: number): void {
    for (const [owner, owned] of this.ports) {
      if (owned !== port || owner === name) continue;
      throw new HarnessError({
        what: `creating endpoint ${name} on port ${port}`,
        cause: `port ${port} belongs to endpoint ${owner}${this.endpoints.has(owner) ? "" : " (removed; its name keeps the port)"}`,
        fix: "omit the port to get a free one, or choose another port",
      });
    }
  }

  /** Starts on the port asked for, or on a free port that no other name owns (a removed name's port stays its own). */
  private async startProxy(name: string, target: ProxyTarget, port: number, behaviour: EndpointBehaviour): Promise<TcpProxy> {
    for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
      const proxy = new TcpProxy({ ...behaviour, target, port });
      try {
        await proxy.start();
      } catch (error) {
        if (port === 0) throw error;
        throw this.ports.get(name) === port ? portLost(name, port, error) : portTaken(name, port, error);
      }
      if (port !== 0 || !this.portOwnedByAnother(name, proxy.port)) return proxy;
      await proxy.stop();
    }
    throw new Error(`no free port for endpoint ${name} in ${PORT_ATTEMPTS} attempts that another endpoint does not own`);
  }

  private portOwnedByAnother(name: string, port: number): boolean {
    for (const [owner, owned] of this.ports) if (owned === port && owner !== name) return true;
    return false;
  }
}

function portTaken(name: string, port: number, error: unknown): HarnessError {
  return new HarnessError({
    what: `creating endpoint ${name} on port ${port}`,
    cause: error instanceof HarnessError ? error.reason : String(error),
    fix: `omit the port to let the registry pick a free one, or choose another port; \`ss -ltnp 'sport = :${port}'\` shows what holds it`,
    error,
  });
}

function portLost(name: string, port: number, error: unknown): HarnessError {
  return new HarnessError({
    what: `creating endpoint ${name} again on its port ${port}`,
    cause: `${error instanceof HarnessError ? error.reason : String(error)}: another process took the port after the endpoint was removed`,
    fix: `stop what listens on port ${port} (\`ss -ltnp 'sport = :${port}'\`), or use a new registry`,
    error,
  });
}
