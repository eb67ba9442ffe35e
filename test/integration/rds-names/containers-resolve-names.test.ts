import { execFileSync } from "node:child_process";
import { Resolver } from "node:dns/promises";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NamedEndpointDirectory } from "../../../fakes/rds/backing/named-endpoint-directory.ts";
import { deploymentReaches } from "../../../fakes/rds/api-waits.ts";
import { startFakeRdsService, type StartedFakeRds } from "../../../fakes/rds/fake-rds-service.ts";
import { typedRdsApi } from "../../../fakes/rds/typed-api.ts";
import type { StartedMysqlNode } from "../../../harness/node/started-mysql-node.ts";
import { binaryLogStatus, replicationStatus } from "../../../harness/replication/replication-control.ts";
import { sqlString } from "../../../harness/sql/sql-literal.ts";
import { waitUntil } from "../../../harness/wait/wait-until.ts";
import { testEngine } from "../support/test-engine.ts";

/** What `name` resolves to inside the container, by the container's own resolver (getaddrinfo via getent), or undefined. */
async function resolvedIn(node: StartedMysqlNode, name: string): Promise<string | undefined> {
  const { exitCode, output } = await node.exec(["getent", "ahostsv4", name]);
  return exitCode === 0 ? output.trim().split(/\s+/)[0] : undefined;
}

function udpListeners(): string {
  return execFileSync("ss", ["-lunH"], { encoding: "utf8" });
}

describe("containers on the fake's network resolve the run's RDS names, and see them move at the switchover", () => {
  let fake: StartedFakeRds;

  beforeAll(async () => {
    fake = await startFakeRdsService({
      engine: await testEngine(),
      endpoints: "names",
      topologyScale: 0.1,
      cluster: { identifier: "dnsdb", readers: 0, masterUsername: "admin", masterPassword: "master-password-1" },
    });
  });
  afterAll(async () => {
    await fake?.stop();
  });

  it("resolves by name inside a server before and after a switchover, and old blue replicates from the new primary given by its RDS name", async () => {
    expect(fake.endpoints).toBe("names");
    const directory = fake.model.context.endpoints as NamedEndpointDirectory;
    const { state } = fake.model;
    const runId = fake.model.context.fleet.runId;
    const blue = state.cluster("dnsdb");
    const blueName = blue.endpointName;
    const blueWriter = state.writerOf(blue).node!;
    const nameServer = directory.containerNameServer!;
    expect(nameServer).toBeDefined();

    // Inside blue's writer, its own cluster name resolves to its address on the fake's network.
    expect(blueWriter.networkAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(await resolvedIn(blueWriter, blueName)).toBe(blueWriter.networkAddress);
    expect(await resolvedIn(blueWriter, state.writerOf(blue).endpointName)).toBe(blueWriter.networkAddress);
    // The network's own names still resolve through Docker's embedded DNS, in front of the run's server.
    expect(await resolvedIn(blueWriter, blueWriter.networkHost)).toBe(blueWriter.networkAddress);
    // A name the run does not own is not answered by it.
    const refusedBefore = nameServer.stats().refused;
    expect(await resolvedIn(blueWriter, "not-this-run.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com")).toBeUndefined();
    expect(nameServer.stats().refused).toBeGreaterThan(refusedBefore);

    // RDS's TTL, asked of the run's server directly as a container's resolver asks it.
    const resolver = new Resolver({ timeout: 2_000, tries: 1 });
    resolver.setServers([nameServer.address]);
    expect(await resolver.resolve4(blueName, { ttl: true })).toEqual([{ address: blueWriter.networkAddress, ttl: 5 }]);

    // Green's names resolve to green's servers.
    await blueWriter.query("CREATE DATABASE shop");
    await blueWriter.query("CREATE TABLE shop.orders (id INT PRIMARY KEY)");
    const rds = typedRdsApi(fake.model);
    const { BlueGreenDeployment } = await rds.createBlueGreenDeployment({ BlueGreenDeploymentName: "dns-bgd", Source: fake.cluster!.arn });
    const id = BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
    await deploymentReaches(rds, id, ["AVAILABLE"]);
    const green = state.cluster(state.deployment(id).greenCluster!);
    const greenName = green.endpointName;
    const greenWriter = state.writerOf(green).node!;
    expect(greenWriter.networkAddress).not.toBe(blueWriter.networkAddress);
    expect(await resolvedIn(blueWriter, greenName)).toBe(greenWriter.networkAddress);
    expect(await resolvedIn(greenWriter, blueName)).toBe(blueWriter.networkAddress);

    await rds.switchoverBlueGreenDeployment({ BlueGreenDeploymentIdentifier: id, SwitchoverTimeout: 300 });
    await deploymentReaches(rds, id, ["SWITCHOVER_COMPLETED"]);
    await directory.published();

    // Moved at the renames, as the hosts file did: blue's name leads to the new primary, -old1 to old blue.
    const oldBlueName = blueName.replace(/^dnsdb\./, "dnsdb-old1.");
    expect(await resolvedIn(blueWriter, blueName)).toBe(greenWriter.networkAddress);
    expect(await resolvedIn(greenWriter, oldBlueName)).toBe(blueWriter.networkAddress);
    expect(await resolver.resolve4(blueName)).toEqual([greenWriter.networkAddress]);

    // Seed 000's runbook on old blue, verbatim: rds_set_external_master with blue's RDS name, which
    // old blue's server resolves itself, to the new primary.
    const from = await binaryLogStatus(greenWriter);
    const credentials = blueWriter.credentials;
    await blueWriter.query(
      `CALL mysql.rds_set_external_master (${sqlString(blueName)}, 3306, ${sqlString(credentials.replicationUser)}, ${sqlString(credentials.replicationPassword)}, ${sqlString(from.file)}, ${from.position}, 0)`,
    );
    await blueWriter.query("CALL mysql.rds_start_replication");
    await greenWriter.query("INSERT INTO shop.orders VALUES (42)");
    await waitUntil({ what: "old blue to replicate order 42 from the new primary, reached by blue's RDS name", timeoutMs: 30_000, intervalMs: 200 }, async () => {
      const rows = await blueWriter.query("SELECT id FROM shop.orders WHERE id = 42").catch(() => []);
      return rows.length === 1 ? { done: true, value: undefined } : { done: false, state: JSON.stringify(await replicationStatus(blueWriter)) };
    });
    const status = await replicationStatus(blueWriter);
    expect(status.source).toEqual({ host: blueName, port: 3306 });
    await blueWriter.query("CALL mysql.rds_stop_replication");

    // Green's former names stop resolving inside containers too, when they leave the hosts file.
    await waitUntil({ what: `green's former name ${greenName} to stop resolving inside a container`, timeoutMs: 60_000, intervalMs: 250 }, async () => {
      const address = await resolvedIn(blueWriter, greenName);
      return address === undefined ? { done: true, value: undefined } : { done: false, state: `resolves to ${address}` };
    });

    // Stopped: no DNS listener, no hosts block, no network left.
    const gateway = nameServer.address;
    // ss -lunH: "UNCONN 0 0 172.19.0.1:53 0.0.0.0:*" (a port 5353 listener must not count).
    const listensOn53 = () => udpListeners().split("\n").some((line) => line.split(/\s+/).includes(`${gateway}:53`));
    expect(listensOn53()).toBe(true);
    await fake.stop();
    expect(listensOn53()).toBe(false);
    expect(readFileSync("/etc/hosts", "utf8")).not.toContain(runId);
    expect(directory.containerNameServer).toBeUndefined();
  });
});
