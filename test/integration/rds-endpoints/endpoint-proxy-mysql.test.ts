import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TcpProxy, type TcpProxyOptions } from "../../../fakes/rds/endpoints/tcp-proxy.ts";
import { engineImageFromEnvironment } from "../../../harness/images/engine-image.ts";
import { reap } from "../../../harness/lifecycle/reaper.ts";
import { newRunId } from "../../../harness/lifecycle/run-id.ts";
import { MysqlNodeContainer } from "../../../harness/node/mysql-node.ts";
import type { StartedMysqlNode } from "../../../harness/node/started-mysql-node.ts";
import { generateCredentials, type NodeCredentials } from "../../../harness/secrets/credentials.ts";
import { waitUntil } from "../../../harness/wait/wait-until.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";

/** Errors as mysql2 reports them: what a workload sees, and matches on, at switchover. */
interface ReportedError {
  code?: string;
  errno?: number;
  fatal?: boolean;
  message: string;
}

function reported(error: unknown): ReportedError {
  const { code, errno, fatal, message } = error as ReportedError;
  return { code, errno, fatal, message };
}

/** Generous bounds on waits for things that happen on their own; nothing here measures time. */
const PATIENCE_MS = 30_000;

describe("an RDS endpoint proxy in front of real MySQL servers", () => {
  const runId = newRunId();
  const credentials: NodeCredentials = generateCredentials();
  let a: StartedMysqlNode | undefined;
  let b: StartedMysqlNode | undefined;
  const proxies: TcpProxy[] = [];
  const connections: mysql.Connection[] = [];

  beforeAll(async () => {
    const engine = await engineImageFromEnvironment({ runId });
    // Assigned one by one, so a node that started is removed even if the other fails (reap catches the rest).
    await Promise.all([
      new MysqlNodeContainer(engine, "ep-a", runId, credentials).withServerId(1).start().then((node) => (a = node)),
      new MysqlNodeContainer(engine, "ep-b", runId, credentials).withServerId(2).start().then((node) => (b = node)),
    ]);
  });

  afterAll(async () => {
    for (const connection of connections) connection.destroy();
    for (const proxy of proxies) await proxy.stop();
    try {
      await a?.remove();
      await b?.remove();
    } finally {
      await reap({ runId });
    }
    expect(await resourcesOfRun(runId)).toEqual([]);
  });

  async function proxyTo(node: StartedMysqlNode, options: Partial<TcpProxyOptions> = {}): Promise<TcpProxy> {
    const proxy = new TcpProxy({ ...options, target: node.hostPort });
    proxies.push(proxy);
    await proxy.start();
    return proxy;
  }

  /** A mysql2 connection through the proxy; its 'error' events are recorded (unheard, one would crash the worker). */
  async function connect(proxy: TcpProxy): Promise<{ connection: mysql.Connection; errors: ReportedError[] }> {
    const connection = await mysql.createConnection({
      host: "127.0.0.1",
      port: proxy.port,
      user: credentials.rootUser,
      password: credentials.rootPassword,
      // Far above anything here: a held connection must be released by the test, not given up by the client.
      connectTimeout: 120_000,
    });
    connections.push(connection);
    const errors: ReportedError[] = [];
    connection.on("error", (error: unknown) => errors.push(reported(error)));
    return { connection, errors };
  }

  async function serverId(connection: mysql.Connection): Promise<number> {
    const [rows] = await connection.query("SELECT @@server_id AS id");
    return Number((rows as Array<{ id: number }>)[0]!.id);
  }

  async function connectFailure(proxy: TcpProxy): Promise<ReportedError> {
    return connect(proxy).then(
      () => {
        throw new Error("the connection succeeded");
      },
      (error: unknown) => reported(error),
    );
  }

  it("reaches A; after repoint and drop the open connection is lost and a new one on the same port reaches B", async () => {
    const proxy = await proxyTo(a!);
    const first = await connect(proxy);
    expect(await serverId(first.connection)).toBe(1);

    proxy.repoint(b!.hostPort);
    // Repointing alone moves nobody: the open connection still talks to A.
    expect(await serverId(first.connection)).toBe(1);

    expect(proxy.dropConnections("switchover")).toBe(1);
    // An idle connection learns it through its 'error' event: the server side hung up (FIN).
    await waitUntil({ what: "mysql2 to report the dropped connection", timeoutMs: PATIENCE_MS, intervalMs: 20 }, async () =>
      first.errors.length > 0 ? { done: true, value: undefined } : { done: false, state: "no error yet" },
    );
    expect(first.errors).toEqual([
      { code: "PROTOCOL_CONNECTION_LOST", errno: undefined, fatal: true, message: "Connection lost: The server closed the connection." },
    ]);
    const later = await first.connection.query("SELECT 1").catch((error: unknown) => reported(error));
    expect(later).toMatchObject({ fatal: true, message: "Can't add new command when connection is in closed state" });

    const second = await connect(proxy);
    expect(await serverId(second.connection)).toBe(2);
  });

  it("fails a query in flight with PROTOCOL_CONNECTION_LOST when dropped with FIN, and ECONNRESET with RST", async () => {
    for (const [dropWith, code] of [
      ["close", "PROTOCOL_CONNECTION_LOST"],
      ["reset", "ECONNRESET"],
    ] as const) {
      const proxy = await proxyTo(b!, { dropWith });
      const { connection } = await connect(proxy);
      const marker = `SELECT SLEEP(600) AS ${dropWith}_in_flight`;
      const inFlight = connection.query(marker).then(
        () => undefined,
        (error: unknown) => reported(error),
      );
      await waitUntil({ what: `B to be running "${marker}"`, timeoutMs: PATIENCE_MS, intervalMs: 50 }, async () => {
        const running = (await b!.query("SHOW FULL PROCESSLIST")).some((row) => row.Info === marker);
        return running ? { done: true, value: undefined } : { done: false, state: "not running yet" };
      });
      expect(proxy.dropConnections()).toBe(1);
      expect(await inFlight).toMatchObject({ code, fatal: true });
    }
  });

  it("turns connections away fast while refusing: mysql2 reports PROTOCOL_CONNECTION_LOST", async () => {
    const proxy = await proxyTo(a!);
    proxy.refuseConnections();
    expect(await connectFailure(proxy)).toMatchObject({ code: "PROTOCOL_CONNECTION_LOST", fatal: true });
    proxy.acceptConnections();
    expect(await serverId((await connect(proxy)).connection)).toBe(1);
  });

  it("holds a new connection through a repoint: the client sees a pause, then lands on the new target", async () => {
    const proxy = await proxyTo(a!);
    proxy.holdNewConnections();
    const pending = connect(proxy);
    await waitUntil({ what: "the connection to be held", timeoutMs: PATIENCE_MS, intervalMs: 20 }, async () =>
      proxy.stats().held === 1 ? { done: true, value: undefined } : { done: false, state: `${proxy.stats().held} held` },
    );
    proxy.repoint(b!.hostPort);
    expect(proxy.releaseHeld()).toBe(1);
    expect(await serverId((await pending).connection)).toBe(2);
  });
});
