import { lookup } from "node:dns/promises";
import {
  CreateDBClusterEndpointCommand,
  DeleteDBClusterEndpointCommand,
  DescribeDBClusterEndpointsCommand,
  DescribeDBClustersCommand,
  ModifyDBClusterEndpointCommand,
  RDSClient,
} from "@aws-sdk/client-rds";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploymentReaches } from "../../../fakes/rds/deployment-waits.ts";
import { startFakeRdsService, type StartedFakeRds } from "../../../fakes/rds/fake-rds-service.ts";
import { typedRdsApi } from "../../../fakes/rds/typed-api.ts";
import { testEngine } from "../support/test-engine.ts";

async function resolves(name: string): Promise<string | undefined> {
  try {
    return (await lookup(name, { family: 4 })).address;
  } catch {
    return undefined;
  }
}

/** The server_id of the server a name leads to, through the name on 3306. */
async function serverIdBehind(name: string): Promise<number> {
  const connection = await mysql.createConnection({ host: name, port: 3306, user: "admin", password: "master-password-1", connectTimeout: 5_000 });
  try {
    const [[row]] = (await connection.query("SELECT @@server_id AS id")) as unknown as [[{ id: number }]];
    return Number(row.id);
  } finally {
    await connection.end().catch(() => undefined);
  }
}

describe("Aurora custom endpoints through the JS SDK: named as RDS names them and served like the other names", () => {
  let fake: StartedFakeRds;
  let client: RDSClient;

  beforeAll(async () => {
    fake = await startFakeRdsService({
      engine: await testEngine(),
      endpoints: "names",
      topologyScale: 0.1,
      cluster: { identifier: "custdb", readers: 1, masterUsername: "admin", masterPassword: "master-password-1" },
    });
    client = new RDSClient({ endpoint: fake.url, region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
  });
  afterAll(async () => {
    client?.destroy();
    await fake?.stop();
  });

  it("creates, describes, modifies and deletes a custom endpoint whose name resolves, here and inside the servers, to the member it leads to", async () => {
    expect(fake.endpoints).toBe("names");
    const { state } = fake.model;
    const cluster = state.cluster("custdb");
    const writer = state.writerOf(cluster);
    const reader = state.clusterInstances(cluster).find((instance) => instance.identifier !== cluster.writer)!;

    const created = await client.send(new CreateDBClusterEndpointCommand({ DBClusterIdentifier: "custdb", DBClusterEndpointIdentifier: "Analytics", EndpointType: "READER" }));
    expect(created).toMatchObject({
      DBClusterEndpointIdentifier: "analytics",
      DBClusterIdentifier: "custdb",
      EndpointType: "CUSTOM",
      CustomEndpointType: "READER",
      Status: "available",
      DBClusterEndpointArn: "arn:aws:rds:us-east-1:123456789012:cluster-endpoint:analytics",
    });
    const name = created.Endpoint!;
    expect(name).toMatch(/^analytics\.cluster-custom-[a-z0-9]{12}\.us-east-1\.rds\.amazonaws\.com$/);
    // Same random part as the cluster's own names, as in RDS.
    expect(name.split(".")[1]!.replace("cluster-custom-", "")).toBe(cluster.endpointName.split(".")[1]!.replace("cluster-", ""));

    // Served like the other names: its own loopback address on 3306, leading to the reader; inside the servers too.
    const address = await resolves(name);
    expect(address).toMatch(/^127\.\d+\.\d+\.\d+$/);
    expect(address).not.toBe(await resolves(cluster.readerEndpointName));
    expect(await serverIdBehind(name)).toBe(reader.node!.serverId);
    const inside = await writer.node!.exec(["getent", "ahostsv4", name]);
    expect(inside.output.trim().split(/\s+/)[0]).toBe(reader.node!.networkAddress);

    const { DBClusters } = await client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: "custdb" }));
    expect(DBClusters![0]!.CustomEndpoints).toEqual([name]);
    const { DBClusterEndpoints } = await client.send(new DescribeDBClusterEndpointsCommand({ DBClusterIdentifier: "custdb" }));
    expect(DBClusterEndpoints!.map((endpoint) => [endpoint.EndpointType, endpoint.Endpoint])).toEqual([
      ["WRITER", cluster.endpointName],
      ["READER", cluster.readerEndpointName],
      ["CUSTOM", name],
    ]);
    const filtered = await client.send(new DescribeDBClusterEndpointsCommand({ Filters: [{ Name: "db-cluster-endpoint-type", Values: ["CUSTOM"] }] }));
    expect(filtered.DBClusterEndpoints!.map((endpoint) => endpoint.DBClusterEndpointIdentifier)).toEqual(["analytics"]);

    // Bad input: clear faults under RDS's codes, nothing changed.
    await expect(client.send(new CreateDBClusterEndpointCommand({ DBClusterIdentifier: "custdb", DBClusterEndpointIdentifier: "analytics", EndpointType: "ANY" }))).rejects.toMatchObject({
      name: "DBClusterEndpointAlreadyExistsFault",
    });
    await expect(
      client.send(new CreateDBClusterEndpointCommand({ DBClusterIdentifier: "custdb", DBClusterEndpointIdentifier: "other", EndpointType: "ANY", StaticMembers: ["nosuch-instance"] })),
    ).rejects.toThrow(/nosuch-instance is not a DB instance of cluster custdb/);
    await expect(client.send(new CreateDBClusterEndpointCommand({ DBClusterIdentifier: "custdb", DBClusterEndpointIdentifier: "other", EndpointType: "WRITER" }))).rejects.toThrow(/READER or ANY/);
    await expect(client.send(new CreateDBClusterEndpointCommand({ DBClusterIdentifier: "nosuch", DBClusterEndpointIdentifier: "other", EndpointType: "ANY" }))).rejects.toMatchObject({
      name: "DBClusterNotFoundFault",
    });

    // Modified to ANY with the writer as its only member: the same name now leads to the writer.
    const modified = await client.send(new ModifyDBClusterEndpointCommand({ DBClusterEndpointIdentifier: "analytics", EndpointType: "ANY", StaticMembers: [writer.identifier] }));
    expect(modified).toMatchObject({ CustomEndpointType: "ANY", StaticMembers: [writer.identifier] });
    expect(await serverIdBehind(name)).toBe(writer.node!.serverId);

    // Deleted: the name stops resolving, and the API no longer knows it.
    const deleted = await client.send(new DeleteDBClusterEndpointCommand({ DBClusterEndpointIdentifier: "analytics" }));
    expect(deleted.Status).toBe("deleting");
    expect(await resolves(name)).toBeUndefined();
    await expect(client.send(new DescribeDBClusterEndpointsCommand({ DBClusterEndpointIdentifier: "analytics" }))).rejects.toMatchObject({ name: "DBClusterEndpointNotFoundFault" });
    await expect(client.send(new DeleteDBClusterEndpointCommand({ DBClusterEndpointIdentifier: "analytics" }))).rejects.toMatchObject({ name: "DBClusterEndpointNotFoundFault" });
  });

  it("after a switchover, a custom endpoint's name leads to the new production cluster's member, as the cluster's own names do", async () => {
    const { state } = fake.model;
    const created = await client.send(new CreateDBClusterEndpointCommand({ DBClusterIdentifier: "custdb", DBClusterEndpointIdentifier: "reporting", EndpointType: "READER" }));
    const name = created.Endpoint!;
    const blueReader = state.clusterInstances(state.cluster("custdb")).find((instance) => instance.identifier !== state.cluster("custdb").writer)!;
    expect(await serverIdBehind(name)).toBe(blueReader.node!.serverId);

    const rds = typedRdsApi(fake.model);
    const { BlueGreenDeployment } = await rds.createBlueGreenDeployment({ BlueGreenDeploymentName: "custdb-bg", Source: fake.cluster!.arn });
    const id = BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
    await deploymentReaches(rds, id, ["AVAILABLE"]);
    await rds.switchoverBlueGreenDeployment({ BlueGreenDeploymentIdentifier: id, SwitchoverTimeout: 300 });
    await deploymentReaches(rds, id, ["SWITCHOVER_COMPLETED"]);

    const production = state.cluster("custdb");
    const newReader = state.clusterInstances(production).find((instance) => instance.identifier !== production.writer)!;
    expect(newReader.node).not.toBe(blueReader.node);
    expect(await serverIdBehind(name)).toBe(newReader.node!.serverId);
    const { DBClusterEndpoints } = await client.send(new DescribeDBClusterEndpointsCommand({ DBClusterIdentifier: "custdb", Filters: [{ Name: "db-cluster-endpoint-type", Values: ["CUSTOM"] }] }));
    expect(DBClusterEndpoints!.map((endpoint) => endpoint.Endpoint)).toEqual([name]);
  });
});
