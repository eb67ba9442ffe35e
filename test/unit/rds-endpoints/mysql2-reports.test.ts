import mysql from "mysql2/promise";
import { describe, expect, it } from "vitest";
import { mysqlOfflineModeRefusal } from "../../../fakes/rds/endpoints/mysql-refusal.ts";
import type { Refusal } from "../../../fakes/rds/endpoints/proxied-connection.ts";
import { TcpProxy } from "../../../fakes/rds/endpoints/tcp-proxy.ts";
import { cleanupAfterEach } from "./support/cleanup.ts";
import { closedPort } from "./support/echo-server.ts";
import { eventually } from "./support/eventually.ts";

/**
 * What mysql2 reports when an endpoint turns it away, so the workload and the docs can name it. No
 * server is needed: a refusal happens before the server would speak. (What it reports when an open
 * connection is dropped needs a real server: test/integration/rds-endpoints.)
 */
const cleanup = cleanupAfterEach();

async function refusingProxy(refusal: Refusal): Promise<TcpProxy> {
  const proxy = new TcpProxy({ target: await closedPort(), refusal });
  cleanup(() => proxy.stop());
  await proxy.start();
  proxy.refuseConnections();
  return proxy;
}

/** connectTimeout defaults far above anything here: a failure must come from the proxy, not from the client giving up. */
async function connectError(port: number, connectTimeout = 60_000): Promise<{ code?: string; errno?: number; message: string }> {
  const failure = await mysql
    .createConnection({ host: "127.0.0.1", port, user: "root", password: "x", connectTimeout })
    .then(async (connection) => {
      await connection.end();
      throw new Error("the connection succeeded");
    })
    .catch((error: { code?: string; errno?: number; message: string }) => error);
  return { code: failure.code, errno: failure.errno, message: failure.message };
}

describe("what mysql2 reports when the endpoint refuses", () => {
  it("a hang-up (FIN): PROTOCOL_CONNECTION_LOST", async () => {
    const proxy = await refusingProxy("close");
    expect(await connectError(proxy.port)).toMatchObject({
      code: "PROTOCOL_CONNECTION_LOST",
      message: "Connection lost: The server closed the connection.",
    });
  });

  it("a reset (RST): ECONNRESET", async () => {
    const proxy = await refusingProxy("reset");
    // "connect ECONNRESET 127.0.0.1:<port>" or "read ECONNRESET": which one depends on when the RST lands.
    expect(await connectError(proxy.port)).toMatchObject({ code: "ECONNRESET", message: expect.stringMatching(/ECONNRESET/) });
  });

  it("the offline_mode error packet: ER_SERVER_OFFLINE_MODE (3032), as from a real server in offline_mode", async () => {
    const proxy = await refusingProxy(mysqlOfflineModeRefusal());
    expect(await connectError(proxy.port)).toMatchObject({
      code: "ER_SERVER_OFFLINE_MODE",
      errno: 3032,
      message: "The server is currently in offline mode",
    });
  });

  it("a target that refuses: PROTOCOL_CONNECTION_LOST, as the proxy had accepted the connection", async () => {
    const proxy = new TcpProxy({ target: await closedPort() });
    cleanup(() => proxy.stop());
    await proxy.start();
    expect(await connectError(proxy.port)).toMatchObject({ code: "PROTOCOL_CONNECTION_LOST" });
  });
});

describe("what mysql2 reports when the endpoint holds it", () => {
  it("a client whose connectTimeout passes while held gives up with ETIMEDOUT, and the proxy forgets it", async () => {
    const proxy = new TcpProxy({ target: await closedPort(), holdTimeoutMs: 120_000 });
    cleanup(() => proxy.stop());
    await proxy.start();
    proxy.holdNewConnections();
    // The hold (120 s) outlasts the client's patience (100 ms) by far: the client gives up first.
    expect(await connectError(proxy.port, 100)).toMatchObject({ code: "ETIMEDOUT", message: "connect ETIMEDOUT" });
    await eventually("the proxy to forget the client that gave up", () => proxy.stats().active === 0);
    expect(proxy.stats()).toMatchObject({ held: 0, holdExpired: 0 });
  });
});
