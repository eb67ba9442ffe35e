import { CreateBlueGreenDeploymentCommand, RDSClient, SwitchoverBlueGreenDeploymentCommand } from "@aws-sdk/client-rds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeRdsService, type StartedFakeRds } from "../../../fakes/rds/fake-rds-service.ts";
import { openConnection } from "../../../harness/sql/mysql-session.ts";
import { startLedgerWorkload } from "../../../harness/workload/ledger-workload.ts";
import { deploymentReaches } from "../fake-rds/fake-rds-fixture.ts";
import { testEngine } from "../support/test-engine.ts";

const TABLE = { schema: "app", table: "ledger", key: "id", value: "v" };

describe("an application writing through the cluster endpoint across a switchover", () => {
  let service: StartedFakeRds;
  let client: RDSClient;
  const target = () => ({ host: "127.0.0.1", port: service.cluster!.port, user: service.cluster!.masterUsername, password: service.cluster!.masterPassword });

  beforeAll(async () => {
    service = await startFakeRdsService({ engine: await testEngine(), cluster: { identifier: "shop", readers: 0, masterUsername: "admin", masterPassword: "Ledger-Passw0rd" } });
    client = new RDSClient({ endpoint: service.url, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    const setup = await openConnection(target());
    await setup.query("CREATE DATABASE app");
    await setup.query("CREATE TABLE app.ledger (id BIGINT PRIMARY KEY, v BIGINT NOT NULL)");
    await setup.end();
  });
  afterAll(async () => {
    client?.destroy();
    await service?.stop();
  });

  it("loses no acknowledged write, changes no value, and measures the write outage", async () => {
    const load = startLedgerWorkload(target, { table: TABLE, writers: 4, firstKey: 1n, maxValue: 2n ** 62n, maxDurationMs: 180_000, seed: 7, pauseMs: 2 });
    const created = await client.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: "shop-bg", Source: service.cluster!.arn }));
    const id = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
    expect((await deploymentReaches(client, id, ["AVAILABLE", "INVALID_CONFIGURATION"])).Status).toBe("AVAILABLE");
    // Writers paced as an application is, and the default switchover timeout (300 s: green may lag
    // 30 s): on a loaded 2-core CI machine unpaced writers outran green's applier and the lag guardrail
    // refused the switchover, which is RDS's behaviour, not what this test is about.
    await client.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id, SwitchoverTimeout: 300 }));
    const done = await deploymentReaches(client, id, ["SWITCHOVER_COMPLETED", "AVAILABLE"]);
    expect(done.Status, done.StatusDetails).toBe("SWITCHOVER_COMPLETED");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const result = await load.stop();

    // Writes failed during the switchover (writes stopped, connections dropped) and then came back.
    expect(result.failed).toBeGreaterThan(0);
    expect(result.timeline.at(-1)!.acknowledged).toBeGreaterThan(0);
    expect(result.unavailability.longestMs).toBeGreaterThan(0);
    expect(result.unavailability.longestMs).toBeLessThan(60_000);

    const primary = await openConnection(target());
    try {
      const runner = { query: async (sql: string, params?: readonly unknown[]) => (await primary.query(sql, params as unknown[]))[0] as Record<string, unknown>[] };
      const verdict = await result.ledger.verify(runner, TABLE);
      expect(verdict, JSON.stringify(verdict.samples)).toMatchObject({ ok: true, lost: 0, changed: 0, unexpected: 0 });
      expect(verdict.acknowledged).toBe(result.acknowledged);
      // The ledger is not blind: a row removed behind the application's back is reported lost.
      const [[victim]] = (await primary.query("SELECT id FROM app.ledger ORDER BY id LIMIT 1")) as unknown as [[{ id: string }]];
      await primary.query("DELETE FROM app.ledger WHERE id = ?", [victim.id]);
      const broken = await result.ledger.verify(runner, TABLE);
      expect(broken).toMatchObject({ ok: false, lost: 1 });
      expect(broken.samples.lost[0]!.key).toBe(String(victim.id));
    } finally {
      await primary.end();
    }
  });
});
