import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import net from "node:net";
import type { ProxyTarget } from "../../../../fakes/rds/endpoints/proxy-target.ts";
import { waitUntil } from "../../../../harness/wait/wait-until.ts";
import { PATIENCE_MS } from "./test-client.ts";

const BACKLOG = 1;

/**
 * A target whose TCP connects hang: a listener in a stopped process with a full accept queue, so the
 * kernel drops further SYNs, as a host behind a silent firewall does. Linux only (reads /proc).
 */
export class BlackHole {
  private constructor(
    private readonly child: ChildProcess,
    private readonly fillers: net.Socket[],
    readonly target: ProxyTarget,
  ) {}

  static async open(): Promise<BlackHole> {
    const script = `const s=require("net").createServer();s.listen({host:"127.0.0.1",port:0,backlog:${BACKLOG}},()=>process.stdout.write(s.address().port+"\\n"));`;
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    const port = await new Promise<number>((resolve, reject) => {
      child.once("error", reject);
      child.stdout!.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    });
    // Stopped, the process accepts nothing; the kernel still completes handshakes until the queue is full.
    child.kill("SIGSTOP");
    const fillers: net.Socket[] = [];
    for (let i = 0; i <= BACKLOG; i++) {
      const filler = net.connect({ host: "127.0.0.1", port });
      filler.on("error", () => undefined);
      fillers.push(filler);
    }
    const hole = new BlackHole(child, fillers, { host: "127.0.0.1", port });
    await waitUntil({ what: `the accept queue of port ${port} to fill`, timeoutMs: PATIENCE_MS, intervalMs: 20 }, async () => {
      const queued = await acceptQueueLength(port);
      return queued > BACKLOG ? { done: true, value: undefined } : { done: false, state: `${queued} queued` };
    });
    return hole;
  }

  close(): void {
    for (const filler of this.fillers) filler.destroy();
    this.child.kill("SIGKILL");
  }
}

/** For a listening socket, /proc/net/tcp's rx_queue is the accept queue's length. */
async function acceptQueueLength(port: number): Promise<number> {
  const table = await readFile("/proc/net/tcp", "utf8");
  for (const line of table.split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    const [, localPort] = (fields[1] ?? "").split(":");
    if (fields[3] === "0A" && localPort && parseInt(localPort, 16) === port) {
      return parseInt((fields[4] ?? "0:0").split(":")[1] ?? "0", 16);
    }
  }
  return 0;
}
