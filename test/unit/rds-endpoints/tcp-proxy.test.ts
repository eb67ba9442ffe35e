import { randomBytes } from "node:crypto";
import net from "node:net";
import { describe, expect, it } from "vitest";
import type { ConnectionClosed } from "../../../fakes/rds/endpoints/proxy-events.ts";
import { TcpProxy, type TcpProxyOptions } from "../../../fakes/rds/endpoints/tcp-proxy.ts";
import { HarnessError } from "../../../harness/errors/harness-error.ts";
import { BlackHole } from "./support/black-hole.ts";
import { cleanupAfterEach } from "./support/cleanup.ts";
import { closedPort, EchoServer } from "./support/echo-server.ts";
import { eventually } from "./support/eventually.ts";
import { TestClient } from "./support/test-client.ts";
import { freePort } from "../../../harness/net/free-port.ts";

const cleanup = cleanupAfterEach();

async function echo(greeting?: string): Promise<EchoServer> {
  const server = await EchoServer.start(greeting);
  cleanup(() => server.stop());
  return server;
}

async function proxy(options: TcpProxyOptions): Promise<TcpProxy> {
  const started = new TcpProxy(options);
  cleanup(() => started.stop());
  await started.start();
  return started;
}

function client(port: number): TestClient {
  const connected = new TestClient(port);
  cleanup(() => connected.destroy());
  return connected;
}

function closedEvents(subject: TcpProxy): ConnectionClosed[] {
  const events: ConnectionClosed[] = [];
  subject.on("closed", (event) => events.push(event));
  return events;
}

describe("TcpProxy forwarding", () => {
  it("relays 5 MB each way intact, on a port the system chose", async () => {
    const upstream = await echo();
    const subject = await proxy({ target: upstream.target });
    expect(subject.port).toBeGreaterThan(0);
    const payload = randomBytes(5 * 1024 * 1024);
    const a = client(subject.port);
    const b = client(subject.port);
    a.socket.write(payload);
    b.socket.write(payload);
    expect((await a.bytes(payload.length, "the 5 MB echo")).equals(payload)).toBe(true);
    expect((await b.bytes(payload.length, "the 5 MB echo")).equals(payload)).toBe(true);
    const stats = subject.stats();
    expect(stats).toMatchObject({ active: 2, accepted: 2, forwarded: 2, dropped: 0, refused: 0 });
    expect(stats.bytesIn).toBe(2 * payload.length);
    expect(stats.bytesOut).toBe(2 * payload.length);
  });

  it("sends new connections to the new target after repoint, and leaves open ones where they are", async () => {
    const blue = await echo("blue");
    const green = await echo("green");
    const subject = await proxy({ target: blue.target });
    const forwardedTo: number[] = [];
    subject.on("forwarded", (event) => forwardedTo.push(event.target.port));

    const before = client(subject.port);
    expect(await before.greeting()).toBe("blue");
    subject.repoint(green.target);
    expect(subject.target).toEqual(green.target);
    const after = client(subject.port);
    expect(await after.greeting()).toBe("green");

    before.socket.write("still blue?\n");
    expect((await before.bytes("blue\nstill blue?\n".length)).toString()).toBe("blue\nstill blue?\n");
    expect(blue.sockets.size).toBe(1);
    expect(green.sockets.size).toBe(1);
    expect(forwardedTo).toEqual([blue.target.port, green.target.port]);
  });
});

describe("TcpProxy dropping connections", () => {
  it("closes both sides of every pair, counts them, and keeps forwarding new ones", async () => {
    const upstream = await echo("db");
    const subject = await proxy({ target: upstream.target });
    const closed = closedEvents(subject);
    const a = client(subject.port);
    const b = client(subject.port);
    await a.greeting();
    await b.greeting();

    expect(subject.dropConnections("switchover")).toBe(2);
    // Already ending: a second drop before their sockets close counts nothing twice.
    expect(subject.dropConnections("again")).toBe(0);
    // FIN, as a server ending a session: the client sees a clean end, no socket error.
    expect(await a.end()).toEqual({ received: Buffer.from("db\n") });
    expect(await b.end()).toEqual({ received: Buffer.from("db\n") });
    await eventually("the upstream sides to close", () => upstream.sockets.size === 0);
    await eventually("the proxy to forget both", () => subject.stats().active === 0);
    expect(subject.stats()).toMatchObject({ dropped: 2, forwarded: 2 });
    expect(closed.map((event) => [event.reason, event.detail])).toEqual([
      ["dropped", "switchover"],
      ["dropped", "switchover"],
    ]);

    const later = client(subject.port);
    expect(await later.greeting()).toBe("db");
  });

  it("resets clients when dropping with RST", async () => {
    const upstream = await echo("db");
    const subject = await proxy({ target: upstream.target, dropWith: "reset" });
    const a = client(subject.port);
    await a.greeting();
    expect(subject.dropConnections()).toBe(1);
    expect((await a.end()).error).toBe("ECONNRESET");
    await eventually("the upstream side to close", () => upstream.sockets.size === 0);
  });
});

describe("TcpProxy refusing connections", () => {
  it("turns new connections away at once without reaching the target, until it accepts again", async () => {
    const upstream = await echo("db");
    const subject = await proxy({ target: upstream.target });
    const closed = closedEvents(subject);
    subject.refuseConnections();
    expect(subject.mode).toBe("refuse");

    const refused = client(subject.port);
    expect(await refused.end()).toEqual({ received: Buffer.alloc(0) });
    expect(upstream.accepted).toBe(0);
    expect(subject.stats()).toMatchObject({ accepted: 1, refused: 1, forwarded: 0 });
    await eventually("the refused connection to be forgotten", () => subject.stats().active === 0);
    expect(closed.map((event) => event.reason)).toEqual(["refused"]);

    subject.acceptConnections();
    expect(await client(subject.port).greeting()).toBe("db");
  });

  it("can refuse with RST, or with bytes first", async () => {
    const upstream = await echo("db");
    const resetting = await proxy({ target: upstream.target, refusal: "reset" });
    resetting.refuseConnections();
    expect((await client(resetting.port).end()).error).toBe("ECONNRESET");

    const replying = await proxy({ target: upstream.target, refusal: { reply: Buffer.from("go away\n") } });
    replying.refuseConnections();
    const told = client(replying.port);
    expect(await told.greeting()).toBe("go away");
    await told.end();
    expect(upstream.accepted).toBe(0);
  });

  it("keeps open connections open: refusing is about new ones", async () => {
    const upstream = await echo("db");
    const subject = await proxy({ target: upstream.target });
    const open = client(subject.port);
    await open.greeting();
    subject.refuseConnections();
    open.socket.write("still here\n");
    expect((await open.bytes("db\nstill here\n".length)).toString()).toBe("db\nstill here\n");
  });
});

describe("TcpProxy holding connections", () => {
  it("keeps new connections waiting, then forwards them to the target current at release", async () => {
    const blue = await echo("blue");
    const green = await echo("green");
    const subject = await proxy({ target: blue.target });
    subject.holdNewConnections();
    const held = client(subject.port);
    held.socket.write("sent while held\n");
    await eventually("the connection to be held", () => subject.stats().held === 1);
    expect(blue.accepted + green.accepted).toBe(0);

    subject.repoint(green.target);
    expect(subject.releaseHeld()).toBe(1);
    expect(await held.greeting()).toBe("green");
    // What the client sent while held is delivered, in order, after the greeting the server sent first.
    expect((await held.bytes("green\nsent while held\n".length)).toString()).toBe("green\nsent while held\n");
    expect(subject.stats()).toMatchObject({ held: 0, forwarded: 1 });
  });

  it("turns held connections away when refusal begins", async () => {
    const upstream = await echo("db");
    const subject = await proxy({ target: upstream.target });
    subject.holdNewConnections();
    const held = client(subject.port);
    await eventually("the connection to be held", () => subject.stats().held === 1);
    expect(subject.dropConnections()).toBe(0);
    expect(subject.refuseConnections()).toBe(1);
    expect(await held.end()).toEqual({ received: Buffer.alloc(0) });
    expect(subject.stats()).toMatchObject({ refused: 1, forwarded: 0 });
  });

  it("hangs up on a held connection after the hold timeout", async () => {
    const upstream = await echo("db");
    const subject = await proxy({ target: upstream.target, holdTimeoutMs: 50 });
    const closed = closedEvents(subject);
    subject.holdNewConnections();
    const held = client(subject.port);
    expect(await held.end()).toEqual({ received: Buffer.alloc(0) });
    await eventually("the proxy to forget it", () => subject.stats().active === 0);
    expect(subject.stats().holdExpired).toBe(1);
    expect(closed.map((event) => event.reason)).toEqual(["hold-expired"]);
    expect(upstream.accepted).toBe(0);
  });

  it("notices a held client that gives up", async () => {
    const upstream = await echo("db");
    const subject = await proxy({ target: upstream.target });
    subject.holdNewConnections();
    const held = client(subject.port);
    await eventually("the connection to be held", () => subject.stats().held === 1);
    held.destroy();
    await eventually("the proxy to forget it", () => subject.stats().active === 0);
    expect(subject.releaseHeld()).toBe(0);
  });
});

describe("TcpProxy and a failing upstream", () => {
  it("closes the client at once when the target refuses", async () => {
    const subject = await proxy({ target: await closedPort() });
    const closed = closedEvents(subject);
    expect(await client(subject.port).end()).toEqual({ received: Buffer.alloc(0) });
    await eventually("the proxy to forget it", () => subject.stats().active === 0);
    expect(subject.stats()).toMatchObject({ upstreamFailures: 1, forwarded: 0 });
    expect(closed[0]).toMatchObject({ reason: "upstream-failed" });
    expect(closed[0]!.detail).toMatch(/ECONNREFUSED/);
  });

  it("closes the client when the server side goes away, cleanly or with a reset", async () => {
    const upstream = await echo("db");
    const subject = await proxy({ target: upstream.target });
    const closed = closedEvents(subject);
    const a = client(subject.port);
    await a.greeting();
    upstream.destroyConnections("close");
    expect(await a.end()).toEqual({ received: Buffer.from("db\n") });

    const b = client(subject.port);
    await b.greeting();
    upstream.destroyConnections("reset");
    // A reset is passed on as a reset.
    expect(await b.end()).toEqual({ error: "ECONNRESET", received: Buffer.from("db\n") });
    await eventually("the proxy to forget both", () => subject.stats().active === 0);
    expect(closed.map((event) => event.reason)).toEqual(["upstream-closed", "upstream-closed"]);
  });

  it("gives up on a target that does not answer after the connect timeout", async () => {
    const hole = await BlackHole.open();
    cleanup(() => hole.close());
    const subject = await proxy({ target: hole.target, connectTimeoutMs: 100 });
    const closed = closedEvents(subject);
    expect(await client(subject.port).end()).toEqual({ received: Buffer.alloc(0) });
    await eventually("the proxy to forget it", () => subject.stats().active === 0);
    expect(closed[0]).toMatchObject({ reason: "upstream-timeout" });
    expect(subject.stats().upstreamFailures).toBe(1);
  });
});

describe("TcpProxy lifecycle", () => {
  it("stops: the listener closes, every connection in every state ends, nothing is left running", async () => {
    const handlesBefore = handles();
    const upstream = await EchoServer.start("db");
    const subject = new TcpProxy({ target: upstream.target });
    await subject.start();
    const forwarded = new TestClient(subject.port);
    await forwarded.greeting();
    subject.holdNewConnections();
    const held = new TestClient(subject.port);
    await eventually("the connection to be held", () => subject.stats().held === 1);

    await subject.stop();
    expect(subject.listening).toBe(false);
    expect(subject.stats().active).toBe(0);
    await forwarded.end();
    await held.end();
    await eventually("the upstream side to close", () => upstream.sockets.size === 0);
    await subject.stop();
    expect((await new TestClient(subject.port).end()).error).toBe("ECONNREFUSED");

    await upstream.stop();
    await eventually("every socket, listener and timer opened here to be gone", () => handles() <= handlesBefore, () => `${handles()} handles, ${handlesBefore} before`);
  });

  it("names the port and the fix when the port is taken", async () => {
    const first = await proxy({ target: { host: "127.0.0.1", port: 1 } });
    const second = new TcpProxy({ target: { host: "127.0.0.1", port: 1 }, port: first.port });
    const failure = await second.start().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HarnessError);
    expect((failure as Error).message).toContain(`port ${first.port} is already in use`);
    expect((failure as Error).message).toContain("port 0");
    await second.stop();
  });

  it("listens on an explicit free port", async () => {
    const free = await freePort();
    const subject = await proxy({ target: { host: "127.0.0.1", port: 1 }, port: free });
    expect(subject.port).toBe(free);
  });

  it("starts once", async () => {
    const subject = await proxy({ target: { host: "127.0.0.1", port: 1 } });
    await expect(subject.start()).rejects.toThrow(/starts once/);
  });
});

/** Sockets, listeners and timers this process holds: what a proxy that stopped cleanly must give back. */
function handles(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === "TCPSocketWrap" || kind === "TCPServerWrap" || kind === "Timeout").length;
}

