import net, { type Socket } from "node:net";
import type { ProxyTarget } from "../../../../fakes/rds/endpoints/proxy-target.ts";

/**
 * An upstream for the proxy tests. With a greeting it names itself first, as a MySQL server greets,
 * so a test knows which target a connection reached; then it echoes everything back.
 */
export class EchoServer {
  readonly sockets = new Set<Socket>();
  accepted = 0;

  private constructor(
    private readonly server: net.Server,
    readonly target: ProxyTarget,
  ) {}

  static async start(greeting?: string): Promise<EchoServer> {
    let self: EchoServer | undefined;
    const server = net.createServer((socket) => {
      self!.accepted += 1;
      self!.sockets.add(socket);
      socket.on("error", () => undefined);
      socket.once("close", () => self!.sockets.delete(socket));
      if (greeting !== undefined) socket.write(`${greeting}\n`);
      socket.pipe(socket);
    });
    await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
    self = new EchoServer(server, { host: "127.0.0.1", port: (server.address() as net.AddressInfo).port });
    return self;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  /** The server side of every connection goes away: a crashed or killed upstream. */
  destroyConnections(how: "close" | "reset"): void {
    for (const socket of this.sockets) {
      if (how === "reset") socket.resetAndDestroy();
      else socket.destroy();
    }
  }

  async stop(): Promise<void> {
    this.destroyConnections("close");
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * A port on 127.0.0.1 where nothing listens: connecting to it is refused at once. Port 1 (tcpmux, which
 * nothing runs): a port taken from the ephemeral range and closed again was, once in a full test run,
 * taken by a container's published port before the test connected, and the "refused" target answered.
 */
export async function closedPort(): Promise<ProxyTarget> {
  const refused = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port: 1 });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
  if (!refused) throw new Error("something listens on 127.0.0.1:1, which these tests use as a port where nothing listens: stop it (ss -ltnp 'sport = :1')");
  return { host: "127.0.0.1", port: 1 };
}
