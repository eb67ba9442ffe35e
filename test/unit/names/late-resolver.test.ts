import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { LateResolver } from "../../../harness/names/late-resolver.ts";
import { sleep } from "../../../harness/wait/wait-until.ts";

const NAME = "mydb.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com";

describe("LateResolver: a resolver that sees every move one TTL late", () => {
  let resolver: LateResolver | undefined;
  afterEach(() => resolver?.stop());

  it("answers the old address until the lag has passed since the move, then the new one", async () => {
    const now = new Map([[NAME, "127.20.0.1"]]);
    resolver = new LateResolver(1_000, async (name) => now.get(name) ?? Promise.reject(new Error(`ENOTFOUND ${name}`)), 20);
    expect(await resolver.resolve(NAME)).toBe("127.20.0.1");
    await sleep(100);
    now.set(NAME, "127.20.0.2");
    await sleep(150);
    expect(await resolver.resolve(NAME)).toBe("127.20.0.1");
    await sleep(1_100);
    expect(await resolver.resolve(NAME)).toBe("127.20.0.2");
  });

  it("plugs into net.connect as its lookup, with and without `all`", async () => {
    resolver = new LateResolver(1_000, async () => "127.0.0.1", 20);
    const answers = await new Promise<unknown[]>((resolve) =>
      resolver!.lookup(NAME, { all: true }, (error, addresses) => resolve([error, addresses])),
    );
    expect(answers).toEqual([null, [{ address: "127.0.0.1", family: 4 }]]);
    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    const socket = net.connect({ host: NAME, port, lookup: resolver.lookup });
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    expect(socket.remoteAddress).toBe("127.0.0.1");
    socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
});
