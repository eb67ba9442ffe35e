import net, { type Socket } from "node:net";
import { withTimeout } from "../../../../harness/wait/wait-until.ts";

/** Generous: these waits bound a test that would otherwise hang; none of them measures anything. */
export const PATIENCE_MS = 10_000;

export interface ClientEnd {
  /** The socket error that ended it (ECONNRESET on a reset), if any. */
  error?: string;
  /** Bytes received before the end. */
  received: Buffer;
}

/** A plain TCP client that records what it receives and how its connection ended. */
export class TestClient {
  readonly socket: Socket;
  readonly ended: Promise<ClientEnd>;
  private chunks: Buffer[] = [];
  private length = 0;
  private error?: string;
  private waiters: Array<() => void> = [];

  constructor(port: number) {
    this.socket = net.connect({ host: "127.0.0.1", port });
    this.socket.on("data", (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.length += chunk.length;
      this.wake();
    });
    this.socket.on("error", (error: NodeJS.ErrnoException) => (this.error = error.code ?? error.message));
    this.ended = new Promise((resolve) =>
      this.socket.once("close", () => {
        this.wake();
        resolve({ ...(this.error ? { error: this.error } : {}), received: this.received });
      }),
    );
  }

  get received(): Buffer {
    return Buffer.concat(this.chunks);
  }

  get isClosed(): boolean {
    return this.socket.closed;
  }

  /** Resolves with the first `count` bytes once they arrived, or rejects if the connection ended first. */
  bytes(count: number, what = `${count} bytes`): Promise<Buffer> {
    return this.until(`the client to receive ${what}`, () => {
      if (this.length >= count) return { value: this.received.subarray(0, count) };
      if (this.socket.closed) throw new Error(`the connection ended after ${this.length} bytes of ${what}`);
      return undefined;
    });
  }

  /** The first line, or undefined if the connection ended without one: which target greeted us. */
  greeting(): Promise<string | undefined> {
    return this.until("the client to be greeted or hung up on", () => {
      const text = this.received.toString("utf8");
      const newline = text.indexOf("\n");
      if (newline >= 0) return { value: text.slice(0, newline) };
      if (this.socket.closed) return { value: undefined };
      return undefined;
    });
  }

  /** How the connection ended, once it has. */
  end(): Promise<ClientEnd> {
    return withTimeout("the client connection to end", PATIENCE_MS, this.ended);
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Re-checks on every chunk and at the close, so nothing is polled and nothing is missed. */
  private until<T>(what: string, check: () => { value: T } | undefined): Promise<T> {
    return withTimeout(
      what,
      PATIENCE_MS,
      new Promise<T>((resolve, reject) => {
        const attempt = (): void => {
          try {
            const outcome = check();
            if (outcome) resolve(outcome.value);
            else this.waiters.push(attempt);
          } catch (error) {
            reject(error);
          }
        };
        attempt();
      }),
    );
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
