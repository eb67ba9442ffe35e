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
import { deploymentReaches } from "../../../fakes/rds/api-waits.ts";
import type { NamedEndpointDirectory } from "../../../fakes/rds/backing/named-endpoint-directory.ts";
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

  it("green gets a -green- copy of each custom endpoint; at switchover the copy takes blue's name and address, blue's becomes -old1 at its former address, as the cluster's own names do", async () => {
    const { state } = fake.model;
    const created = await client.send(new CreateDBClusterEndpointCommand({ DBClusterIdentifier: "custdb", DBClusterEndpointIdentifier: "reporting", EndpointType: "READER" }));
    const name = created.Endpoint!;
    const blueReader = state.clusterInstances(state.cluster("custdb")).find((instance) => instance.identifier !== state.cluster("custdb").writer)!;
    expect(await serverIdBehind(name)).toBe(blueReader.node!.serverId);

    const rds = typedRdsApi(fake.model);
    const { BlueGreenDeployment } = await rds.createBlueGreenDeployment({ BlueGreenDeploymentName: "custdb-bg", Source: fake.cluster!.arn });
    const id = BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
    const available = await deploymentReaches(rds, id, ["AVAILABLE"]);
    expect(available.Tasks).toContainEqual({ Name: "CREATE_CUSTOM_ENDPOINTS", Status: "COMPLETED" });
    const detailOf = (details: Array<{ SourceMember?: string; TargetMember?: string; Status?: string }> | undefined) => details!.find((detail) => detail.SourceMember!.includes(":cluster-endpoint:"));
    // Green has its copy, named with green's suffix, leading to green's reader.
    const greenCluster = state.cluster(state.deployment(id).greenCluster!);
    const greenCopies = await client.send(new DescribeDBClusterEndpointsCommand({ DBClusterIdentifier: greenCluster.identifier, Filters: [{ Name: "db-cluster-endpoint-type", Values: ["CUSTOM"] }] }));
    expect(greenCopies.DBClusterEndpoints).toHaveLength(1);
    const greenCopy = greenCopies.DBClusterEndpoints![0]!;
    expect(greenCopy.DBClusterEndpointIdentifier).toMatch(/^reporting-green-[a-z0-9]{6}$/);
    expect(greenCopy.Endpoint).toMatch(/^reporting-green-[a-z0-9]{6}\.cluster-custom-[a-z0-9]{12}\.us-east-1\.rds\.amazonaws\.com$/);
    const greenReader = state.clusterInstances(greenCluster).find((instance) => instance.identifier !== greenCluster.writer)!;
    expect(await serverIdBehind(greenCopy.Endpoint!)).toBe(greenReader.node!.serverId);
    const addressBefore = await resolves(name);
    const greenCopyAddress = await resolves(greenCopy.Endpoint!);
    // SwitchoverDetails list the custom endpoint beside the cluster and its instances.
    expect(detailOf(available.SwitchoverDetails)).toEqual({ SourceMember: created.DBClusterEndpointArn, TargetMember: greenCopy.DBClusterEndpointArn, Status: "AVAILABLE" });

    await rds.switchoverBlueGreenDeployment({ BlueGreenDeploymentIdentifier: id, SwitchoverTimeout: 300 });
    const completed = await deploymentReaches(rds, id, ["SWITCHOVER_COMPLETED"]);
    // The renames queue a write of the hosts file; the names below are read once it shows them.
    await (fake.model.context.endpoints as NamedEndpointDirectory).published();
    expect(detailOf(completed.SwitchoverDetails)).toEqual({
      SourceMember: "arn:aws:rds:us-east-1:123456789012:cluster-endpoint:reporting-old1",
      TargetMember: "arn:aws:rds:us-east-1:123456789012:cluster-endpoint:reporting",
      Status: "SWITCHOVER_COMPLETED",
    });

    const production = state.cluster("custdb");
    const newReader = state.clusterInstances(production).find((instance) => instance.identifier !== production.writer)!;
    expect(newReader.node).not.toBe(blueReader.node);
    expect(await serverIdBehind(name)).toBe(newReader.node!.serverId);
    const { DBClusterEndpoints } = await client.send(new DescribeDBClusterEndpointsCommand({ DBClusterIdentifier: "custdb", Filters: [{ Name: "db-cluster-endpoint-type", Values: ["CUSTOM"] }] }));
    expect(DBClusterEndpoints!.map((endpoint) => endpoint.Endpoint)).toEqual([name]);
    // Blue's name moved to green's copy's address; old blue's endpoint is reporting-old1, at blue's former address, leading to old blue's reader.
    expect(newReader.node).toBe(greenReader.node);
    expect(await resolves(name)).toBe(greenCopyAddress);
    const old = await client.send(new DescribeDBClusterEndpointsCommand({ DBClusterEndpointIdentifier: "reporting-old1" }));
    const oldName = old.DBClusterEndpoints![0]!.Endpoint!;
    expect(old.DBClusterEndpoints![0]).toMatchObject({ DBClusterIdentifier: "custdb-old1", CustomEndpointType: "READER" });
    expect(oldName).toBe(name.replace(/^reporting\./, "reporting-old1."));
    expect(await resolves(oldName)).toBe(addressBefore);
    expect(await serverIdBehind(oldName)).toBe(blueReader.node!.serverId);
  });
});
