import { lookup } from "node:dns/promises";
import { readFileSync } from "node:fs";
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from "@aws-sdk/client-rds";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NamedEndpointDirectory } from "../../../fakes/rds/backing/named-endpoint-directory.ts";
import { deploymentReaches } from "../../../fakes/rds/api-waits.ts";
import { startFakeRdsService, type StartedFakeRds } from "../../../fakes/rds/fake-rds-service.ts";
import { typedRdsApi } from "../../../fakes/rds/typed-api.ts";
import type { TopologyChange } from "../../../fakes/rds/topology/topology-publisher.ts";
import { waitUntil } from "../../../harness/wait/wait-until.ts";
import { testEngine } from "../support/test-engine.ts";

const NAME = /^[a-z0-9-]+\.(cluster-|cluster-ro-)?[a-z0-9]{12}\.us-east-1\.rds\.amazonaws\.com$/;
const SCALE = 0.2;

async function resolves(name: string): Promise<string | undefined> {
  try {
    return (await lookup(name, { family: 4 })).address;
  } catch {
    return undefined;
  }
}

/** The rows of mysql.rds_topology as the application's user reads them through an address. */
async function topologyAt(host: string, password: string): Promise<Array<Record<string, unknown>> | "no table"> {
  const connection = await mysql.createConnection({ host, port: 3306, user: "app", password, connectTimeout: 3_000 });
  try {
    const [tables] = await connection.query("SELECT 1 AS tmp FROM information_schema.tables WHERE table_schema = 'mysql' AND table_name = 'rds_topology'");
    if ((tables as unknown[]).length === 0) return "no table";
    const [rows] = await connection.query("SELECT * FROM mysql.rds_topology ORDER BY role");
    return rows as Array<Record<string, unknown>>;
  } catch (error) {
    // Dropped between the two queries.
    if ((error as { errno?: number }).errno === 1146) return "no table";
    throw error;
  } finally {
    await connection.end().catch(() => undefined);
  }
}

describe("RDS host names that move at switchover, and mysql.rds_topology on every server", () => {
  let fake: StartedFakeRds;
  let client: RDSClient;
  const appPassword = "app-password-1";

  beforeAll(async () => {
    fake = await startFakeRdsService({
      engine: await testEngine(),
      endpoints: "names",
      topologyScale: SCALE,
      // A write open for 1 s on blue refuses a switchover: the rehearsed rollback of the table's status.
      model: { guardrails: { longWriteSeconds: 1 } },
      cluster: { identifier: "namesdb", readers: 1, masterUsername: "admin", masterPassword: "master-password-1" },
    });
    client = new RDSClient({ endpoint: fake.url, region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
  });
  afterAll(async () => {
    client?.destroy();
    await fake?.stop();
  });

  it("serves RDS-shaped names on port 3306 at loopback addresses of their own, follows the switchover, and cleans up", async () => {
    expect(fake.endpoints).toBe("names");
    const directory = fake.model.context.endpoints as NamedEndpointDirectory;
    const runId = fake.model.context.fleet.runId;

    // The API returns names as RDS does, through the real SDK over HTTP.
    const { DBClusters } = await client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: "namesdb" }));
    const cluster = DBClusters![0]!;
    expect(cluster.Endpoint).toMatch(/^namesdb\.cluster-[a-z0-9]{12}\.us-east-1\.rds\.amazonaws\.com$/);
    expect(cluster.ReaderEndpoint).toMatch(/^namesdb\.cluster-ro-[a-z0-9]{12}\.us-east-1\.rds\.amazonaws\.com$/);
    expect(cluster.Port).toBe(3306);
    const { DBInstances } = await client.send(new DescribeDBInstancesCommand({}));
    const instanceNames = DBInstances!.map((instance) => instance.Endpoint!.Address!);
    for (const instance of DBInstances!) {
      expect(instance.Endpoint!.Address).toMatch(new RegExp(`^${instance.DBInstanceIdentifier}\\.[a-z0-9]{12}\\.us-east-1\\.rds\\.amazonaws\\.com$`));
      expect(instance.Endpoint!.Port).toBe(3306);
    }
    const blueNames = [cluster.Endpoint!, cluster.ReaderEndpoint!, ...instanceNames];
    for (const name of blueNames) expect(name).toMatch(NAME);

    // Each name resolves (getaddrinfo via dns.lookup, i.e. /etc/hosts) to its own 127.x.y.z.
    const before = new Map<string, string>();
    for (const name of blueNames) before.set(name, (await resolves(name))!);
    expect([...before.values()].every((address) => /^127\.\d+\.\d+\.\d+$/.test(address) && address !== "127.0.0.1")).toBe(true);
    expect(new Set(before.values()).size).toBe(blueNames.length);
    expect(readFileSync("/etc/hosts", "utf8")).toContain(`# bgh:begin ${runId} `);

    // The application's user, created before the deployment, reaches the writer by name.
    const admin = await mysql.createConnection({ host: cluster.Endpoint!, port: 3306, user: "admin", password: "master-password-1" });
    await admin.query(`CREATE USER 'app'@'%' IDENTIFIED BY '${appPassword}'`);
    await admin.query("GRANT SELECT, INSERT ON *.* TO 'app'@'%'");
    const [[{ id: blueWriterId }]] = (await admin.query("SELECT @@server_id AS id")) as unknown as [[{ id: number }]];
    await admin.end();
    expect(await topologyAt(cluster.Endpoint!, appPassword)).toBe("no table");

    const rds = typedRdsApi(fake.model);
    // The table is on blue's writer by the moment the deployment reads AVAILABLE, as on RDS: a client that
    // reads it once on seeing the status (the AWS wrappers' bg plugin) finds it. Read at that very moment
    // (the model tells its events as the status changes), not after a poll of the API.
    let atAvailable: ReturnType<typeof topologyAt> | undefined;
    const stopListening = fake.model.state.events.subscribe((event) => {
      if (event.SourceType === "blue-green-deployment" && event.Message.startsWith("Blue/green deployment tasks completed")) atAvailable ??= topologyAt(cluster.Endpoint!, appPassword);
    });
    const { BlueGreenDeployment } = await rds.createBlueGreenDeployment({ BlueGreenDeploymentName: "names-bgd", Source: fake.cluster!.arn });
    const id = BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
    await deploymentReaches(rds, id, ["AVAILABLE"]);
    stopListening();
    const rowsAtAvailable = await atAvailable!;
    expect(rowsAtAvailable === "no table" ? rowsAtAvailable : rowsAtAvailable.map((row) => row.status)).toEqual(["AVAILABLE", "AVAILABLE"]);
    const green = fake.model.state.cluster(fake.model.state.deployment(id).greenCluster!);
    expect(green.endpointName).toMatch(/^namesdb-green-[a-z0-9]{6}\.cluster-[a-z0-9]{12}\.us-east-1\.rds\.amazonaws\.com$/);
    const greenNames = [green.endpointName, green.readerEndpointName, ...fake.model.state.clusterInstances(green).map((instance) => instance.endpointName)];
    for (const name of greenNames) expect(name).toMatch(/-green-[a-z0-9]{6}\./);
    const greenAddresses = new Map<string, string>();
    for (const name of greenNames) greenAddresses.set(name, (await resolves(name))!);
    expect(new Set([...before.values(), ...greenAddresses.values()]).size).toBe(8);

    // AVAILABLE rows on all four servers (both writers and both readers), readable by the application's user.
    const { state } = fake.model;
    const blueCluster = state.cluster("namesdb");
    const instanceAddress = (names: Map<string, string>, instances: Array<{ endpointName: string }>, writer: string) =>
      [instances.find((i) => i.endpointName === writer)!, instances.find((i) => i.endpointName !== writer)!].map((i) => names.get(i.endpointName)!);
    const everyServer = [
      ...instanceAddress(before, state.clusterInstances(blueCluster), state.writerOf(blueCluster).endpointName),
      ...instanceAddress(greenAddresses, state.clusterInstances(green), state.writerOf(green).endpointName),
    ];
    expect(new Set(everyServer).size).toBe(4);
    await waitUntil({ what: "mysql.rds_topology on all four servers", timeoutMs: 20_000, intervalMs: 200 }, async () => {
      const tables = await Promise.all(everyServer.map((address) => topologyAt(address, appPassword)));
      return tables.every((rows) => rows !== "no table" && rows.length === 2) ? { done: true, value: tables } : { done: false, state: JSON.stringify(tables.map((t) => (t === "no table" ? t : t.length))) };
    });
    const rows = (await topologyAt(greenAddresses.get(green.endpointName)!, appPassword)) as Array<Record<string, unknown>>;
    expect(rows).toEqual([
      { id: blueWriterId, endpoint: cluster.Endpoint, port: 3306, role: "BLUE_GREEN_DEPLOYMENT_SOURCE", status: "AVAILABLE", version: "1.0" },
      { id: expect.any(Number), endpoint: green.endpointName, port: 3306, role: "BLUE_GREEN_DEPLOYMENT_TARGET", status: "AVAILABLE", version: "1.0" },
    ]);

    // What each server shows, sampled while the switchover runs (by address: names move).
    const seen = new Map<string, string[]>(everyServer.map((address) => [address, []]));
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        for (const address of everyServer) {
          const shown = await topologyAt(address, appPassword).catch(() => undefined);
          if (shown === undefined) continue;
          const label = shown === "no table" ? "no table" : shown.length === 0 ? "empty" : shown.map((row) => `${String(row.role).replace("BLUE_GREEN_DEPLOYMENT_", "")}:${row.status}`).join(",");
          const list = seen.get(address)!;
          if (list.at(-1) !== label) list.push(label);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const changes: TopologyChange[] = fake.model.topology!.changes;

    // A switchover refused by a guardrail: INITIATED, then back to AVAILABLE everywhere.
    const blocker = await mysql.createConnection({ host: cluster.Endpoint!, port: 3306, user: "admin", password: "master-password-1" });
    await blocker.query("CREATE DATABASE IF NOT EXISTS shop");
    await blocker.query("CREATE TABLE IF NOT EXISTS shop.orders (id INT PRIMARY KEY)");
    await blocker.query("START TRANSACTION");
    await blocker.query("INSERT INTO shop.orders VALUES (1)");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await rds.switchoverBlueGreenDeployment({ BlueGreenDeploymentIdentifier: id, SwitchoverTimeout: 300 });
    const refused = await deploymentReaches(rds, id, ["AVAILABLE"]);
    expect(refused.StatusDetails).toMatch(/long-running active writes/);
    await blocker.query("ROLLBACK");
    await blocker.end();
    await waitUntil({ what: "the table back to AVAILABLE after the refused switchover", timeoutMs: 10_000, intervalMs: 100 }, async () =>
      changes.map((change) => change.status).join(",") === "AVAILABLE,SWITCHOVER_INITIATED,AVAILABLE" ? { done: true, value: undefined } : { done: false, state: changes.map((c) => c.status).join(",") },
    );
    await waitUntil({ what: "every server to show AVAILABLE again", timeoutMs: 10_000, intervalMs: 100 }, async () => {
      const shown = await Promise.all(everyServer.map((address) => topologyAt(address, appPassword)));
      return shown.every((rows) => rows !== "no table" && rows.length === 2 && rows.every((row) => row.status === "AVAILABLE"))
        ? { done: true, value: undefined }
        : { done: false, state: JSON.stringify(shown) };
    });

    await rds.switchoverBlueGreenDeployment({ BlueGreenDeploymentIdentifier: id, SwitchoverTimeout: 300 });
    await deploymentReaches(rds, id, ["SWITCHOVER_COMPLETED"]);

    // Names moved: blue's names lead to green's former addresses, -old1 to blue's, green's linger then go.
    const timeline = fake.model.topology!.timeline;
    expect(await resolves(cluster.Endpoint!)).toBe(greenAddresses.get(greenNames[0]!));
    const oldCluster = cluster.Endpoint!.replace(/^namesdb\./, "namesdb-old1.");
    expect(await resolves(oldCluster)).toBe(before.get(cluster.Endpoint!));
    const writerName = [...before.keys()].find((name) => before.get(name) === everyServer[0])!;
    expect(await resolves(writerName.replace(/^([a-z0-9-]+)\./, "$1-old1."))).toBe(everyServer[0]);
    await waitUntil({ what: "the table to be drained and green's names to stop resolving", timeoutMs: 60_000, intervalMs: 250 }, async () => {
      const unresolved = (await Promise.all(greenNames.map(resolves))).every((address) => address === undefined);
      return unresolved && changes.some((change) => change.status === "empty") ? { done: true, value: undefined } : { done: false, state: `${changes.map((c) => c.status).join(" > ")}; green names resolve: ${!unresolved}` };
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    sampling = false;
    await sampler;

    const statuses = changes.filter((change) => change.deploymentId === id).map((change) => change.status);
    expect(statuses).toEqual(["AVAILABLE", "SWITCHOVER_INITIATED", "AVAILABLE", "SWITCHOVER_INITIATED", "SWITCHOVER_IN_PROGRESS", "SWITCHOVER_IN_POST_PROCESSING", "SWITCHOVER_COMPLETED", "empty"]);
    const at = (status: string) => changes.findLast((change) => change.status === status)!.at;
    expect(at("SWITCHOVER_IN_PROGRESS") - at("SWITCHOVER_INITIATED")).toBeGreaterThanOrEqual(timeline.initiatedMs);
    expect(at("SWITCHOVER_COMPLETED") - at("SWITCHOVER_IN_POST_PROCESSING")).toBeGreaterThanOrEqual(timeline.postProcessingMs);
    expect(at("empty") - at("SWITCHOVER_COMPLETED")).toBeGreaterThanOrEqual(timeline.drainAfterCompletedMs);

    // Old blue (writer and reader) froze at IN_PROGRESS; green (writer and reader) went all the way, then empty.
    const [blueWriter, blueReader, greenWriter, greenReader] = everyServer.map((address) => seen.get(address)!);
    for (const shown of [blueWriter, blueReader]) expect(shown!.at(-1)).toBe("SOURCE:SWITCHOVER_IN_PROGRESS,TARGET:SWITCHOVER_IN_PROGRESS");
    for (const shown of [greenWriter, greenReader]) {
      expect(shown).toContain("SOURCE:SWITCHOVER_IN_POST_PROCESSING,TARGET:SWITCHOVER_IN_POST_PROCESSING");
      expect(shown).toContain("TARGET:SWITCHOVER_COMPLETED");
      expect(shown!.at(-1)).toBe("empty");
    }
    expect(blueWriter).toContain("SOURCE:SWITCHOVER_INITIATED,TARGET:SWITCHOVER_INITIATED");

    // Deleting the deployment drops the table on the new production environment.
    await rds.deleteBlueGreenDeployment({ BlueGreenDeploymentIdentifier: id });
    await waitUntil({ what: "the table to be dropped on the new primary and its reader", timeoutMs: 20_000, intervalMs: 200 }, async () => {
      const shown = await Promise.all([greenWriter, greenReader].map((_, index) => topologyAt(everyServer[index + 2]!, appPassword)));
      return shown.every((rows) => rows === "no table") ? { done: true, value: undefined } : { done: false, state: JSON.stringify(shown) };
    });

    // Stopping removes the run's block: no name resolves any more, no other line changed.
    await fake.stop();
    expect(readFileSync("/etc/hosts", "utf8")).not.toContain(runId);
    expect(await resolves(cluster.Endpoint!)).toBeUndefined();
    expect(directory.addressOf(cluster.Endpoint!)).toBeUndefined();
  });
});
