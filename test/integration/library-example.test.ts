import { describe, it, expect } from "vitest";
import { BlueGreenEnvironment, compareServers, engineImageFromEnvironment, startLedgerWorkload } from "blue-green-harness";
import { newRunId } from "../../harness/lifecycle/run-id.ts";
import { resourcesOfRun } from "./support/containers-of-run.ts";

// The README's "Using the harness in your own tests" example, as a user writes it: imported from the
// package by name. If this needs changing, the README does too.
describe("my migration", () => {
  it("widens orders.id on green without losing a row or a write", async () => {
    const runId = newRunId();
    const engine = await engineImageFromEnvironment({ runId });
    const blue = await new BlueGreenEnvironment(engine).withRunId(runId).withReaders().startBlue();
    try {
      await blue.blue.writer.run(["CREATE DATABASE shop", "CREATE TABLE shop.orders (id INT PRIMARY KEY, total INT NOT NULL)"]);
      const env = await blue.createGreen();
      const load = startLedgerWorkload(() => env.blue.writer.connectionTarget(), {
        table: { schema: "shop", table: "orders", key: "id", value: "total" }, writers: 2, firstKey: 1n, maxValue: 1000n, maxDurationMs: 60_000, seed: 1,
      });
      await env.setTypeConversions("green", "ALL_NON_LOSSY");
      await env.stopGreenReplication();
      await env.green.writer.query("ALTER TABLE shop.orders MODIFY id BIGINT NOT NULL, MODIFY total BIGINT NOT NULL");
      await env.startGreenReplication();
      const writes = await load.stop();
      await env.waitForGreenCatchUp();
      expect(writes.acknowledged).toBeGreaterThan(0);
      expect((await writes.ledger.verify(env.green.writer, { schema: "shop", table: "orders", key: "id", value: "total" })).ok).toBe(true);
      expect((await compareServers(env.blue.writer, env.green.writer)).equal).toBe(true);
    } finally {
      await blue.remove();
    }
    expect(await resourcesOfRun(runId)).toEqual([]);
  });
});
