import dgram from "node:dgram";
import * as dnsPacket from "dns-packet";
import { HarnessError, messageOf } from "../errors/harness-error.ts";

/** RDS's TTL on its endpoint names: a resolver that honours it sees a move within 5 s. */
export const RDS_NAME_TTL_SECONDS = 5;

/** The standard DNS port: resolv.conf and Docker's HostConfig.Dns name an address only, never a port. */
export const DNS_PORT = 53;

/** RCODE 5: the server will not answer this question (a name the run does not own). */
const REFUSED = 5;

/** What the server answers: the IPv4 address a name resolves to now, or undefined (not the run's name). */
export type NameAnswer = (name: string) => string | undefined;

export interface RunNameServerOptions {
  /** The address to listen on (the harness network's gateway, which the host holds and containers reach). */
  address: string;
  port?: number;
  answer: NameAnswer;
  ttlSeconds?: number;
}

/**
 * A DNS server for one run's own names, over UDP: an A question for a name the run owns gets that
 * name's address with RDS's 5 s TTL; any other question about an owned name gets an empty answer
 * (no AAAA: the name exists, it has no IPv6 address); a question about any other name is REFUSED, so
 * that a run never answers for names it does not own and never forwards anything.
 *
 * Packets are encoded and decoded by `dns-packet` (the codec mdns and most of npm's DNS tools use),
 * not by hand; the server is a dgram socket in this process, so it ends with the process and leaves
 * no port behind.
 */
export class RunNameServer {
  private socket?: dgram.Socket;
  private answered = 0;
  private refused = 0;

  constructor(private readonly options: RunNameServerOptions) {}

  get address(): string {
    return this.options.address;
  }

  /** Questions answered and refused so far (tests, reports). */
  stats(): { answered: number; refused: number } {
    return { answered: this.answered, refused: this.refused };
  }

  async start(): Promise<this> {
    const port = this.options.port ?? DNS_PORT;
    const socket = dgram.createSocket({ type: "udp4", reuseAddr: false });
    socket.on("message", (message, peer) => this.reply(socket, message, peer));
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind({ address: this.options.address, port, exclusive: true }, () => {
        socket.off("error", reject);
        resolve();
      });
    }).catch((error: unknown) => {
      socket.close();
      throw new HarnessError({
        what: `serving the run's endpoint names by DNS on ${this.options.address}:${port}/udp`,
        cause: messageOf(error),
        fix: (error as NodeJS.ErrnoException).code === "EACCES"
          ? `port ${port} needs root (or CAP_NET_BIND_SERVICE): run as root, or serve endpoints on ports (BGH_ENDPOINTS=ports)`
          : `\`ss -lunp 'sport = :${port}'\` shows which process holds DNS on that address (a resolver on 0.0.0.0:${port} takes every address); stop it, or serve endpoints on ports (BGH_ENDPOINTS=ports)`,
        error,
      });
    });
    // A malformed packet or a peer gone is that query's problem, never the run's.
    socket.on("error", () => undefined);
    this.socket = socket;
    return this;
  }

  /** Closes the socket. Idempotent. */
  async stop(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  private reply(socket: dgram.Socket, message: Buffer, peer: dgram.RemoteInfo): void {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return; // not DNS: no answer
    }
    if (query.type !== "query") return;
    const question = query.questions?.[0];
    const address = question ? this.options.answer(question.name.replace(/\.$/, "").toLowerCase()) : undefined;
    const owned = address !== undefined;
    if (owned) this.answered++;
    else this.refused++;
    const answers: dnsPacket.Answer[] =
      owned && question && question.type === "A" && question.class === "IN"
        ? [{ type: "A", class: "IN", name: question.name, ttl: this.options.ttlSeconds ?? RDS_NAME_TTL_SECONDS, data: address }]
        : [];
    const flags = (owned ? dnsPacket.AUTHORITATIVE_ANSWER : REFUSED) | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED);
    const response = dnsPacket.encode({ id: query.id, type: "response", flags, questions: query.questions ?? [], answers });
    if (this.socket === socket) socket.send(response, peer.port, peer.address);
  }
}
