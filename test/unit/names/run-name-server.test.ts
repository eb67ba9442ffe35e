import { Resolver } from "node:dns/promises";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../../harness/net/free-port.ts";
import { RunNameServer } from "../../../harness/names/run-name-server.ts";

const NAME = "mydb.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com";

describe("RunNameServer: a run's own names by DNS", () => {
  let server: RunNameServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  async function serve(names: Map<string, string>): Promise<Resolver> {
    const port = await freePort();
    server = await new RunNameServer({ address: "127.0.0.1", port, answer: (name) => names.get(name) }).start();
    const resolver = new Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([`127.0.0.1:${port}`]);
    return resolver;
  }

  it("answers an owned name with its current address and RDS's 5 s TTL, and follows a move", async () => {
    const names = new Map([[NAME, "172.30.0.5"]]);
    const resolver = await serve(names);
    expect(await resolver.resolve4(NAME, { ttl: true })).toEqual([{ address: "172.30.0.5", ttl: 5 }]);
    names.set(NAME, "172.30.0.9");
    expect(await resolver.resolve4(NAME.toUpperCase())).toEqual(["172.30.0.9"]);
  });

  it("refuses names the run does not own, and gives an owned name no IPv6 address", async () => {
    const resolver = await serve(new Map([[NAME, "172.30.0.5"]]));
    await expect(resolver.resolve4("www.example.com")).rejects.toMatchObject({ code: "EREFUSED" });
    await expect(resolver.resolve4(`other.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com`)).rejects.toMatchObject({ code: "EREFUSED" });
    await expect(resolver.resolve6(NAME)).rejects.toMatchObject({ code: "ENODATA" });
    expect(server!.stats()).toEqual({ answered: 1, refused: 2 });
  });

  it("names the address and the way to find its holder when the port is taken", async () => {
    const port = await freePort();
    const first = await new RunNameServer({ address: "127.0.0.1", port, answer: () => undefined }).start();
    try {
      await expect(new RunNameServer({ address: "127.0.0.1", port, answer: () => undefined }).start()).rejects.toThrow(
        new RegExp(`127\\.0\\.0\\.1:${port}/udp[\\s\\S]*ss -lunp`),
      );
    } finally {
      await first.stop();
    }
  });
});
