import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProxyTarget } from "../../../fakes/rds/endpoints/proxy-target.ts";
import { TcpProxy } from "../../../fakes/rds/endpoints/tcp-proxy.ts";
import { closedPort, EchoServer } from "./support/echo-server.ts";
import { eventually } from "./support/eventually.ts";
import { TestClient } from "./support/test-client.ts";

type Operation =
  | { kind: "connect" }
  | { kind: "repoint"; to: number }
  | { kind: "drop" }
  | { kind: "refuse" }
  | { kind: "accept" }
  | { kind: "hold" }
  | { kind: "release" }
  | { kind: "close"; pick: number }
  | { kind: "echo"; pick: number };

/** Three live targets that name themselves, and one where nothing listens. */
const DEAD = 3;

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { arbitrary: fc.constant({ kind: "connect" as const }), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: DEAD }).map((to) => ({ kind: "repoint" as const, to })), weight: 2 },
  fc.constant({ kind: "drop" as const }),
  fc.constant({ kind: "refuse" as const }),
  fc.constant({ kind: "accept" as const }),
  fc.constant({ kind: "hold" as const }),
  fc.constant({ kind: "release" as const }),
  fc.nat().map((pick) => ({ kind: "close" as const, pick })),
  { arbitrary: fc.nat().map((pick) => ({ kind: "echo" as const, pick })), weight: 2 },
);

interface ModelClient {
  client: TestClient;
  status: "forwarded" | "held" | "closed";
  /** The target current when it was forwarded: at accept, or at release for a held one. */
  target?: number;
  sent: string;
}

describe("TcpProxy under any sequence of operations", () => {
  const servers: EchoServer[] = [];
  let targets: ProxyTarget[] = [];
  beforeAll(async () => {
    for (const name of ["t0", "t1", "t2"]) servers.push(await EchoServer.start(name));
    targets = [...servers.map((server) => server.target), await closedPort()];
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
  });

  it("forwards each connection only to the target current when it was forwarded, and leaks no socket", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 5, maxLength: 40, size: "max" }), async (operations) => {
        const proxy = new TcpProxy({ target: targets[0]!, holdTimeoutMs: 60_000 });
        const port = (await proxy.start()).port;
        const clients: ModelClient[] = [];
        let current = 0;
        let mode: "forward" | "hold" | "refuse" = "forward";
        const withStatus = (status: ModelClient["status"]) => clients.filter((entry) => entry.status === status);

        /** A client the proxy forwards now: it must be greeted by the current target, or hung up on if that is dead. */
        const expectForwarded = async (entry: ModelClient): Promise<void> => {
          entry.target = current;
          const greeting = await entry.client.greeting();
          if (current === DEAD) {
            expect(greeting).toBeUndefined();
            entry.status = "closed";
          } else {
            expect(greeting).toBe(`t${current}`);
            entry.status = "forwarded";
            entry.sent = `t${current}\n`;
          }
        };

        const settled = async (): Promise<void> => {
          const open = clients.filter((entry) => entry.status !== "closed").length;
          await eventually("the proxy's connections to match the open clients", () => proxy.stats().active === open, () => `${proxy.stats().active} active, ${open} open`);
          for (const [index, server] of servers.entries()) {
            const expected = withStatus("forwarded").filter((entry) => entry.target === index).length;
            await eventually(`target t${index} to hold exactly the connections forwarded to it`, () => server.sockets.size === expected, () => `${server.sockets.size}, expected ${expected}`);
          }
          expect(proxy.stats().held).toBe(withStatus("held").length);
        };

        try {
          for (const step of operations) {
            switch (step.kind) {
              case "connect": {
                const entry: ModelClient = { client: new TestClient(port), status: "closed", sent: "" };
                clients.push(entry);
                if (mode === "forward") await expectForwarded(entry);
                else if (mode === "refuse") expect(await entry.client.greeting()).toBeUndefined();
                else {
                  const held = withStatus("held").length;
                  await eventually("the connection to be held", () => proxy.stats().held === held + 1);
                  entry.status = "held";
                }
                break;
              }
              case "repoint":
                current = step.to;
                proxy.repoint(targets[current]!);
                break;
              case "drop": {
                const forwarded = withStatus("forwarded");
                expect(proxy.dropConnections()).toBe(forwarded.length);
                for (const entry of forwarded) {
                  await entry.client.end();
                  entry.status = "closed";
                }
                break;
              }
              case "refuse": {
                mode = "refuse";
                const held = withStatus("held");
                expect(proxy.refuseConnections()).toBe(held.length);
                for (const entry of held) {
                  expect((await entry.client.end()).received.length).toBe(0);
                  entry.status = "closed";
                }
                break;
              }
              case "hold":
                mode = "hold";
                proxy.holdNewConnections();
                break;
              case "accept":
              case "release": {
                mode = "forward";
                const held = withStatus("held");
                expect(step.kind === "accept" ? proxy.acceptConnections() : proxy.releaseHeld()).toBe(held.length);
                for (const entry of held) await expectForwarded(entry);
                break;
              }
              case "close": {
                const open = clients.filter((entry) => entry.status !== "closed");
                const entry = open[step.pick % Math.max(open.length, 1)];
                if (!entry) break;
                entry.client.destroy();
                entry.status = "closed";
                break;
              }
              case "echo": {
                const forwarded = withStatus("forwarded");
                const entry = forwarded[step.pick % Math.max(forwarded.length, 1)];
                if (!entry) break;
                const line = `ping ${step.pick}\n`;
                entry.client.socket.write(line);
                entry.sent += line;
                expect((await entry.client.bytes(entry.sent.length)).toString()).toBe(entry.sent);
                break;
              }
            }
            await settled();
          }
        } finally {
          for (const entry of clients) entry.client.destroy();
          await proxy.stop();
        }
        expect(proxy.listening).toBe(false);
        expect(proxy.stats().active).toBe(0);
        for (const server of servers) await eventually("every upstream connection to close", () => server.sockets.size === 0);
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});
