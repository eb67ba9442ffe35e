import { lookup } from "node:dns/promises";
import type { LookupFunction } from "node:net";

/** How often the resolver samples what the system resolves each name to. */
const SAMPLE_MS = 100;

/** The system resolver (getaddrinfo), IPv4. */
const systemLookup = async (name: string): Promise<string> => (await lookup(name, { family: 4 })).address;

interface Sample {
  at: number;
  address: string;
}

/**
 * A resolver that sees every move of a name exactly `lagMs` late: it samples what the system resolver
 * (getaddrinfo: the hosts file) answers, and answers what that was `lagMs` ago. With lagMs = RDS's 5 s
 * TTL it is the latest a resolver that honours the TTL may see a switchover's renames (a local cache,
 * a JVM with networkaddress.cache.ttl=5), made deterministic so that a rehearsal shows that window every
 * time instead of by chance. `lookup` plugs into `net.connect` (and so into mysql2 through
 * ConnectionTarget.lookup). IPv4 only, as the names are.
 */
export class LateResolver {
  private readonly history = new Map<string, Sample[]>();
  private readonly timer: NodeJS.Timeout;
  private sampling = false;

  constructor(
    readonly lagMs: number,
    /** What a name resolves to now (default: the system's getaddrinfo). */
    private readonly resolveNow: (name: string) => Promise<string> = systemLookup,
    sampleMs = SAMPLE_MS,
  ) {
    this.timer = setInterval(() => void this.sample(), sampleMs);
    this.timer.unref();
  }

  /** The address `name` had lagMs ago (or, for a name first asked now, its address now). */
  async resolve(name: string): Promise<string> {
    if (!this.history.has(name)) this.record(name, await this.resolveNow(name));
    const samples = this.history.get(name)!;
    const cutoff = Date.now() - this.lagMs;
    let answer = samples[0]!;
    for (const sample of samples) if (sample.at <= cutoff) answer = sample;
    return answer.address;
  }

  /** For net.connect({ lookup }): answers as dns.lookup does, with `all` or without. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.resolve(hostname).then(
      (address) => (options.all ? (callback as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, [{ address, family: 4 }]) : callback(null, address, 4)),
      (error: NodeJS.ErrnoException) => callback(error, "", 4),
    );
  };

  stop(): void {
    clearInterval(this.timer);
  }

  private async sample(): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    try {
      for (const name of this.history.keys()) {
        const address = await this.resolveNow(name).catch(() => undefined);
        if (address) this.record(name, address);
      }
    } finally {
      this.sampling = false;
    }
  }

  private record(name: string, address: string): void {
    const now = Date.now();
    const samples = this.history.get(name) ?? [];
    samples.push({ at: now, address });
    // Keep what a lookup may still answer: the newest sample older than the lag, and everything after it.
    const cutoff = now - this.lagMs;
    while (samples.length > 1 && samples[1]!.at <= cutoff) samples.shift();
    this.history.set(name, samples);
  }
}
