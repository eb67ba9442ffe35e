import net from "node:net";
import { describe, expect, it } from "vitest";
import { EndpointRegistry } from "../../../fakes/rds/endpoints/endpoint-registry.ts";
import { HarnessError } from "../../../harness/errors/harness-error.ts";
import { cleanupAfterEach } from "./support/cleanup.ts";
import { EchoServer } from "./support/echo-server.ts";
import { eventually } from "./support/eventually.ts";
import { TestClient } from "./support/test-client.ts";

const cleanup = cleanupAfterEach();

const WRITER = "mydb.cluster-abc123xyz.us-east-1.rds.amazonaws.com";
const GREEN_WRITER = "mydb-green-3ud8z6.cluster-abc123xyz.us-east-1.rds.amazonaws.com";
const OLD_WRITER = "mydb-old1.cluster-abc123xyz.us-east-1.rds.amazonaws.com";

async function echo(greeting: string): Promise<EchoServer> {
  const server = await EchoServer.start(greeting);
  cleanup(() => server.stop());
  return server;
}

function registry(): EndpointRegistry {
  const created = new EndpointRegistry();
  cleanup(() => created.stopAll());
  return created;
}

function client(port: number): TestClient {
  const connected = new TestClient(port);
  cleanup(() => connected.destroy());
  return connected;
}

async function failure(work: Promise<unknown>): Promise<Error> {
  const outcome = await work.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error("expected a failure");
  return outcome;
}

describe("EndpointRegistry", () => {
  it("creates an endpoint that forwards to its target and lists it", async () => {
    const blue = await echo("blue");
    const endpoints = registry();
    const address = await endpoints.create(WRITER, blue.target);
    expect(address).toEqual({ name: WRITER, host: "127.0.0.1", port: endpoints.get(WRITER).port });
    expect(await client(address.port).greeting()).toBe("blue");
    expect(endpoints.list()).toEqual([
      { name: WRITER, host: "127.0.0.1", port: address.port, target: blue.target, mode: "forward", stats: expect.objectContaining({ accepted: 1, forwarded: 1 }) },
    ]);
  });

  it("gives a name the same port again after it was removed", async () => {
    const blue = await echo("blue");
    const endpoints = registry();
    const first = await endpoints.create(WRITER, blue.target);
    await endpoints.remove(WRITER);
    expect(endpoints.has(WRITER)).toBe(false);
    expect((await client(first.port).end()).error).toBe("ECONNREFUSED");
    // Another endpoint created meanwhile never gets the removed name's port.
    const other = await endpoints.create("other", blue.target);
    expect(other.port).not.toBe(first.port);
    const again = await endpoints.create(WRITER, blue.target);
    expect(again.port).toBe(first.port);
  });

  it("moves the port and open connections with a rename", async () => {
    const green = await echo("green");
    const endpoints = registry();
    const { port } = await endpoints.create(GREEN_WRITER, green.target);
    const open = client(port);
    expect(await open.greeting()).toBe("green");

    endpoints.rename(GREEN_WRITER, OLD_WRITER);
    expect(endpoints.has(GREEN_WRITER)).toBe(false);
    expect(endpoints.get(OLD_WRITER).port).toBe(port);
    open.socket.write("hello\n");
    expect((await open.bytes("green\nhello\n".length)).toString()).toBe("green\nhello\n");
    expect(await client(port).greeting()).toBe("green");
    // The old name, created again, does not get the port that moved away with the rename.
    expect((await endpoints.create(GREEN_WRITER, green.target)).port).not.toBe(port);
  });

  it("switches over: the blue name's port leads to green, the green endpoint becomes -old1 leading to blue", async () => {
    const blue = await echo("blue");
    const green = await echo("green");
    const endpoints = registry();
    const writer = await endpoints.create(WRITER, blue.target);
    const greenWriter = await endpoints.create(GREEN_WRITER, green.target);
    const before = client(writer.port);
    expect(await before.greeting()).toBe("blue");

    endpoints.swapTargets(WRITER, GREEN_WRITER);
    endpoints.rename(GREEN_WRITER, OLD_WRITER);
    expect(endpoints.dropAll("switchover")).toBe(1);
    await before.end();

    expect(await client(writer.port).greeting()).toBe("green");
    expect(await client(greenWriter.port).greeting()).toBe("blue");
    // Listed by name: "mydb-old1..." sorts before "mydb.cluster...".
    expect(endpoints.list().map(({ name, port, target }) => ({ name, port, target }))).toEqual([
      { name: OLD_WRITER, port: greenWriter.port, target: blue.target },
      { name: WRITER, port: writer.port, target: green.target },
    ]);
  });

  it("refuses, holds, accepts and drops across every endpoint", async () => {
    const blue = await echo("blue");
    const green = await echo("green");
    const endpoints = registry();
    const writer = await endpoints.create(WRITER, blue.target);
    const greenWriter = await endpoints.create(GREEN_WRITER, green.target);

    endpoints.holdAll();
    const waitingOnBlue = client(writer.port);
    const waitingOnGreen = client(greenWriter.port);
    await eventually("both connections to be held", () => endpoints.list().every((endpoint) => endpoint.stats.held === 1));
    expect(endpoints.acceptAll()).toBe(2);
    expect(await waitingOnBlue.greeting()).toBe("blue");
    expect(await waitingOnGreen.greeting()).toBe("green");

    expect(endpoints.dropAll()).toBe(2);
    expect(endpoints.refuseAll()).toBe(0);
    expect(await client(writer.port).greeting()).toBeUndefined();
    expect(await client(greenWriter.port).greeting()).toBeUndefined();
    expect(endpoints.list().map((endpoint) => [endpoint.mode, endpoint.stats.dropped, endpoint.stats.refused])).toEqual([
      ["refuse", 1, 1],
      ["refuse", 1, 1],
    ]);
    endpoints.acceptAll();
    expect(await client(writer.port).greeting()).toBe("blue");
  });

  it("applies its default behaviour to every endpoint, unless create() overrides it", async () => {
    const blue = await echo("blue");
    const endpoints = new EndpointRegistry({ refusal: { reply: Buffer.from("offline\n") } });
    cleanup(() => endpoints.stopAll());
    const writer = await endpoints.create(WRITER, blue.target);
    const reader = await endpoints.create("reader", blue.target, { refusal: "reset" });
    endpoints.refuseAll();
    expect(await client(writer.port).greeting()).toBe("offline");
    expect((await client(reader.port).end()).error).toBe("ECONNRESET");
  });

  it("stops every endpoint", async () => {
    const blue = await echo("blue");
    const endpoints = registry();
    const writer = await endpoints.create(WRITER, blue.target);
    const open = client(writer.port);
    await open.greeting();
    const proxy = endpoints.get(WRITER);
    await endpoints.stopAll();
    expect(endpoints.list()).toEqual([]);
    expect(proxy.listening).toBe(false);
    await open.end();
    await eventually("the upstream side to close", () => blue.sockets.size === 0);
  });

  it("uses an explicit port, and names the port and the fix when something else holds it", async () => {
    const blue = await echo("blue");
    const endpoints = registry();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen({ host: "127.0.0.1", port: 0 }, resolve));
    cleanup(() => new Promise((resolve) => squatter.close(resolve)));
    const taken = (squatter.address() as net.AddressInfo).port;

    const error = await failure(endpoints.create(WRITER, blue.target, { port: taken }));
    expect(error).toBeInstanceOf(HarnessError);
    expect(error.message).toContain(`creating endpoint ${WRITER} on port ${taken}`);
    expect(error.message).toContain(`port ${taken} is already in use`);
    expect(error.message).toContain("omit the port");
    expect(endpoints.has(WRITER)).toBe(false);

    await new Promise((resolve) => squatter.close(resolve));
    expect((await endpoints.create(WRITER, blue.target, { port: taken })).port).toBe(taken);
  });

  it("refuses an explicit port another endpoint owns, or a port other than the name's own", async () => {
    const blue = await echo("blue");
    const endpoints = registry();
    const writer = await endpoints.create(WRITER, blue.target);
    const clash = await failure(endpoints.create(GREEN_WRITER, blue.target, { port: writer.port }));
    expect(clash.message).toContain(`port ${writer.port} belongs to endpoint ${WRITER}`);

    await endpoints.remove(WRITER);
    const removedClash = await failure(endpoints.create(GREEN_WRITER, blue.target, { port: writer.port }));
    expect(removedClash.message).toContain("removed; its name keeps the port");
    const other = await endpoints.create("other", blue.target);
    await endpoints.remove("other");
    const moved = await failure(endpoints.create(WRITER, blue.target, { port: other.port }));
    expect(moved.message).toContain(`had port ${writer.port} before`);
  });

  it("names what exists when asked for an endpoint that does not, or to create one twice", async () => {
    const blue = await echo("blue");
    const endpoints = registry();
    await endpoints.create(WRITER, blue.target);
    expect(() => endpoints.get("nope")).toThrow(`no endpoint nope; the registry has ${WRITER}`);
    await expect(endpoints.create(WRITER, blue.target)).rejects.toThrow(/exists already/);
    expect(() => endpoints.rename("nope", "x")).toThrow(/no endpoint nope/);
    await endpoints.create(GREEN_WRITER, blue.target);
    expect(() => endpoints.rename(GREEN_WRITER, WRITER)).toThrow(/exists already/);
  });
});
