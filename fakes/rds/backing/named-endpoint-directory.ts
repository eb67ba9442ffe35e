import { HarnessError, messageOf } from "../../../harness/errors/harness-error.ts";
import { onInterrupt } from "../../../harness/lifecycle/cleanup-on-signal.ts";
import { HostsFile, type HostsEntry } from "../../../harness/names/hosts-file.ts";
import { randomLoopbackAddress } from "../../../harness/names/loopback-address.ts";
import { RunNameServer } from "../../../harness/names/run-name-server.ts";
import { progress } from "../../../harness/progress/progress.ts";
import type { EndpointBehaviour } from "../endpoints/endpoint-registry.ts";
import { TcpProxy } from "../endpoints/tcp-proxy.ts";
import type { EndpointDirectory, NameMove, ServerAddress } from "../model/endpoint-directory.ts";

/** RDS's MySQL port: every name-served endpoint listens on it, at its own address. */
export const RDS_PORT = 3306;

/** Attempts at an address whose port 3306 is free before giving up. */
const ADDRESS_ATTEMPTS = 10;

/** A move of names in DNS (the hosts file, and the run's DNS server for containers), for timelines. */
export interface NamesMoved {
  at: number;
  /** "switched": blue's names now lead to green's addresses; "gone": green's former names no longer resolve. */
  kind: "switched" | "gone";
  names: string[];
}

export interface NamedEndpointOptions {
  /** Marks the run's block in the hosts file (and lets `bgh reap --run` find it). */
  runId: string;
  hosts?: HostsFile;
  /** After switchover, how long green's former names keep resolving (RDS: ~95 s after blue's flip); 0 removes them at once. */
  greenNamesLingerMs?: number;
  behaviour?: EndpointBehaviour;
}

/**
 * The model's endpoints as RDS serves them: each name (`mydb.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com`)
 * a TCP proxy on port 3306 of a loopback address of its own (127.x.y.z), and the name resolved by the
 * hosts file, in this run's marked block (see HostsFile). The API returns the names, as RDS does.
 *
 * At switchover the names move, not the servers: blue's name now resolves to green's former address
 * (whose proxy leads to the new primary), the -old1 name to blue's former address (leading to old
 * blue), and green's names resolve to the new address for greenNamesLingerMs, then not at all. A
 * client that resolved blue's name before the switchover and kept the address keeps reaching old blue.
 *
 * Containers on the fleet's network cannot use those loopback addresses (their loopback is their own).
 * For them, once serveToContainers() runs, a DNS server on the network's gateway (RunNameServer)
 * answers the same names, with RDS's 5 s TTL, with the network address of the server each name leads
 * to; it answers from the same snapshot the hosts file was last written from, so both move together.
 */
export class NamedEndpointDirectory implements EndpointDirectory {
  readonly hosts: HostsFile;
  private readonly proxies = new Map<string, TcpProxy>();
  /** Green's former names after switchover, with the address they still resolve to for a while. */
  private readonly lingering = new Map<string, { proxy: TcpProxy; timer: NodeJS.Timeout }>();
  /** Where each proxy leads, with the server's network address (TcpProxy keeps only host and port). */
  private readonly targets = new WeakMap<TcpProxy, ServerAddress>();
  /** The names as last published (hosts file written), each with its proxy: what the DNS server answers from. */
  private publishedNames = new Map<string, TcpProxy>();
  private nameServer?: RunNameServer;
  private writing: Promise<void> = Promise.resolve();
  private writeFailure?: unknown;
  private readonly forgetInterrupt: () => void;
  private stopped = false;
  private readonly listeners = new Set<(moved: NamesMoved) => void>();

  constructor(private readonly options: NamedEndpointOptions) {
    this.hosts = options.hosts ?? new HostsFile();
    this.forgetInterrupt = onInterrupt(async () => {
      await this.nameServer?.stop();
      await this.hosts.removeBlock(options.runId);
    });
  }

  /** Told when names move (after the hosts file shows it). Returns the function that stops listening. */
  onNamesMoved(listener: (moved: NamesMoved) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async create(name: string, target: ServerAddress): Promise<void> {
    const existing = this.proxies.get(name);
    if (existing) return void this.repoint(name, target);
    const proxy = await this.startProxy(name, target);
    this.targets.set(proxy, target);
    this.proxies.set(name, proxy);
    this.dropLingering(name);
    await this.publish();
  }

  repoint(name: string, target: ServerAddress): void {
    const proxy = this.proxies.get(name);
    if (!proxy) return;
    proxy.repoint(target);
    this.targets.set(proxy, target);
  }

  /**
   * Serves the names to containers too: a DNS server on `gateway` (the fleet network's gateway), which
   * the fleet gives its containers as their resolver. Returns that address.
   */
  async serveToContainers(gateway: string): Promise<string> {
    if (this.stopped) throw new Error("the endpoint directory is stopped");
    if (this.nameServer) return this.nameServer.address;
    const server = await new RunNameServer({ address: gateway, answer: (name) => this.containerAddressOf(name) }).start();
    if (this.stopped) {
      // Stopped (Ctrl-C, the fake's end) while the socket opened: close it, or it would hold the port and the process.
      await server.stop();
      throw new Error("the endpoint directory was stopped while its DNS server started");
    }
    this.nameServer = server;
    return gateway;
  }

  /** What a container resolves `name` to now: the network address of the server its published proxy leads to. */
  containerAddressOf(name: string): string | undefined {
    const proxy = this.publishedNames.get(name);
    return proxy ? this.targets.get(proxy)?.networkAddress : undefined;
  }

  /** The run's DNS server for containers, when names are served to them. */
  get containerNameServer(): RunNameServer | undefined {
    return this.nameServer;
  }

  rename(oldName: string, newName: string): void {
    const proxy = this.proxies.get(oldName);
    if (!proxy || oldName === newName) return;
    if (this.proxies.has(newName)) throw new Error(`cannot rename ${oldName} to ${newName}: ${newName} exists already`);
    this.proxies.delete(oldName);
    this.proxies.set(newName, proxy);
    this.enqueueWrite();
  }

  switchNames(moves: readonly NameMove[]): void {
    const swapped = moves.filter((move) => this.proxies.has(move.blue) && this.proxies.has(move.green));
    // All at once, then one write of the hosts file: no lookup sees half of the renames.
    const blueProxies = swapped.map((move) => this.proxies.get(move.blue)!);
    const greenProxies = swapped.map((move) => this.proxies.get(move.green)!);
    swapped.forEach((move, index) => {
      this.proxies.delete(move.green);
      this.proxies.set(move.old, blueProxies[index]!);
      this.proxies.set(move.blue, greenProxies[index]!);
      this.linger(move.green, greenProxies[index]!);
    });
    this.enqueueWrite(swapped.length ? { kind: "switched", names: swapped.map((move) => move.blue) } : undefined);
    if (swapped.length && !(this.options.greenNamesLingerMs! > 0)) this.enqueueWrite({ kind: "gone", names: swapped.map((move) => move.green) });
  }

  async remove(name: string): Promise<void> {
    const proxy = this.proxies.get(name);
    if (!proxy) return;
    this.proxies.delete(name);
    await Promise.all([proxy.stop(), this.publish()]);
  }

  lookup(name: string): { address: string; port: number } | undefined {
    return this.proxies.has(name) ? { address: name, port: RDS_PORT } : undefined;
  }

  /** The loopback address a name resolves to now (a lingering green name included), or undefined. */
  addressOf(name: string): string | undefined {
    return (this.proxies.get(name) ?? this.lingering.get(name)?.proxy)?.host;
  }

  /** The proxy behind a name, for its events and stats. */
  proxy(name: string): TcpProxy | undefined {
    return this.proxies.get(name);
  }

  /** Resolves once the hosts file shows every change made so far; rejects if writing it failed. */
  async published(): Promise<void> {
    await this.writing;
    if (this.writeFailure) throw this.writeFailure;
  }

  dropConnections(names: string[]): number {
    return this.existing(names).reduce((total, proxy) => total + proxy.dropConnections("switchover"), 0);
  }

  refuseConnections(names: string[]): void {
    for (const proxy of this.existing(names)) proxy.refuseConnections();
  }

  acceptConnections(names: string[]): void {
    for (const proxy of this.existing(names)) proxy.acceptConnections();
  }

  async stopAll(): Promise<void> {
    this.stopped = true;
    for (const { timer } of this.lingering.values()) clearTimeout(timer);
    this.lingering.clear();
    const proxies = [...this.proxies.values()];
    this.proxies.clear();
    try {
      const stops = await Promise.allSettled(proxies.map((proxy) => proxy.stop()));
      const failed = stops.find((stop): stop is PromiseRejectedResult => stop.status === "rejected");
      if (failed) throw failed.reason;
    } finally {
      // Whatever a proxy did, the DNS server and the hosts-file block go.
      await this.writing;
      this.publishedNames = new Map();
      try {
        await this.nameServer?.stop();
      } finally {
        this.nameServer = undefined;
        await this.hosts.removeBlock(this.options.runId);
        this.forgetInterrupt();
      }
    }
  }

  private existing(names: string[]): TcpProxy[] {
    return names.flatMap((name) => this.proxies.get(name) ?? []);
  }

  private linger(name: string, proxy: TcpProxy): void {
    this.dropLingering(name);
    const ms = this.options.greenNamesLingerMs ?? 0;
    if (ms <= 0) return;
    const timer = setTimeout(() => {
      this.lingering.delete(name);
      this.enqueueWrite({ kind: "gone", names: [name] });
    }, ms);
    timer.unref();
    this.lingering.set(name, { proxy, timer });
  }

  private dropLingering(name: string): void {
    const entry = this.lingering.get(name);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.lingering.delete(name);
  }

  /** Every name that resolves now (lingering green names included) and the proxy it leads to. */
  private snapshot(): Map<string, TcpProxy> {
    const names = new Map(this.proxies);
    for (const [name, { proxy }] of this.lingering) names.set(name, proxy);
    return names;
  }

  private static entries(names: Map<string, TcpProxy>): HostsEntry[] {
    return [...names.entries()].map(([name, proxy]) => ({ name, address: proxy.host })).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Writes the run's block as the names stand when the write runs; writes are serialized. */
  private publish(): Promise<void> {
    this.enqueueWrite();
    return this.published();
  }

  private enqueueWrite(moved?: Omit<NamesMoved, "at">): void {
    this.writing = this.writing.then(async () => {
      if (this.stopped) return;
      try {
        const names = this.snapshot();
        await this.hosts.setBlock(this.options.runId, NamedEndpointDirectory.entries(names));
        // Containers' DNS moves with the hosts file, from the same snapshot.
        this.publishedNames = names;
        if (moved) for (const listener of [...this.listeners]) listener({ at: Date.now(), ...moved });
      } catch (error) {
        this.writeFailure = error;
        progress(`could not update ${this.hosts.file}: ${messageOf(error)}`);
      }
    });
  }

  private async startProxy(name: string, target: ServerAddress): Promise<TcpProxy> {
    const taken = new Set<string>([...this.proxies.values()].map((proxy) => proxy.host));
    for (const block of this.hosts.blocks()) for (const entry of block.entries) taken.add(entry.address);
    let lastError: unknown;
    for (let attempt = 1; attempt <= ADDRESS_ATTEMPTS; attempt++) {
      const host = randomLoopbackAddress(taken);
      const proxy = new TcpProxy({ ...this.options.behaviour, target, host, port: RDS_PORT });
      try {
        await proxy.start();
        return proxy;
      } catch (error) {
        // In use (another process on that address's 3306): draw another address.
        lastError = error;
        taken.add(host);
      }
    }
    throw new HarnessError({
      what: `serving endpoint ${name} on port ${RDS_PORT} of a loopback address`,
      cause: `${ADDRESS_ATTEMPTS} addresses tried, each refused: ${messageOf(lastError)}`,
      fix: `\`ss -ltnp 'sport = :${RDS_PORT}'\` shows which process holds port ${RDS_PORT} on which 127.x.y.z addresses (a listener on 0.0.0.0:${RDS_PORT} or 127.0.0.0/8 takes them all); stop it, or use port-served endpoints (BGH_ENDPOINTS=ports)`,
      error: lastError,
    });
  }
}
