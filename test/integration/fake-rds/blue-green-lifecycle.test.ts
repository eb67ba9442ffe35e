import {
  CreateBlueGreenDeploymentCommand,
  CreateDBClusterCommand,
  CreateDBClusterParameterGroupCommand,
  CreateDBInstanceCommand,
  DeleteBlueGreenDeploymentCommand,
  DescribeBlueGreenDeploymentsCommand,
  DescribeDBClusterParametersCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeEventsCommand,
  ModifyDBClusterParameterGroupCommand,
  RebootDBInstanceCommand,
  SwitchoverBlueGreenDeploymentCommand,
  DBClusterNotFoundFault,
  RDSClient,
  type DBCluster,
} from "@aws-sdk/client-rds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { typedRdsApi } from "../../../fakes/rds/typed-api.ts";
import { mockRdsClient } from "../../../fakes/rds/wire/rds-mock-binding.ts";
import { openConnection } from "../../../harness/sql/mysql-session.ts";
import { waitUntil } from "../../../harness/wait/wait-until.ts";
import { deploymentReaches, startFakeRds, type FakeRds } from "./fake-rds-fixture.ts";

const MASTER = { user: "admin", password: "Rehearsal-Passw0rd" };

describe("a blue/green deployment through the real AWS SDK, against real MySQL", () => {
  let rds: FakeRds;
  let blue: DBCluster;

  async function cluster(identifier: string): Promise<DBCluster> {
    const { DBClusters } = await rds.client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: identifier }));
    return DBClusters![0]!;
  }
  async function instancesAvailable(clusterIdentifier: string) {
    await waitUntil({ what: `instances of ${clusterIdentifier} to be available`, timeoutMs: 120_000, intervalMs: 250 }, async () => {
      const { DBInstances } = await rds.client.send(new DescribeDBInstancesCommand({ Filters: [{ Name: "db-cluster-id", Values: [clusterIdentifier] }] }));
      const states = DBInstances!.map((instance) => instance.DBInstanceStatus);
      return states.length > 0 && states.every((state) => state === "available") ? { done: true, value: undefined } : { done: false, state: states.join(",") };
    });
  }
  const connect = (port: number) => openConnection({ host: "127.0.0.1", port, user: MASTER.user, password: MASTER.password });

  beforeAll(async () => {
    rds = await startFakeRds();
    // Seed 004's first step: a custom cluster parameter group; binary logging comes later.
    await rds.client.send(new CreateDBClusterParameterGroupCommand({ DBClusterParameterGroupName: "bg-params", DBParameterGroupFamily: "aurora-mysql8.0", Description: "blue/green rehearsal" }));
    await rds.client.send(new CreateDBClusterCommand({ DBClusterIdentifier: "orders", Engine: "aurora-mysql", MasterUsername: MASTER.user, MasterUserPassword: MASTER.password, DBClusterParameterGroupName: "bg-params" }));
    await rds.client.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: "orders-1", DBInstanceClass: "db.r6g.large", Engine: "aurora-mysql", DBClusterIdentifier: "orders" }));
    await rds.client.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: "orders-2", DBInstanceClass: "db.r6g.large", Engine: "aurora-mysql", DBClusterIdentifier: "orders" }));
    await instancesAvailable("orders");
    blue = await cluster("orders");
  });
  afterAll(async () => rds?.stop());

  it("serves the cluster on a real endpoint: the master user writes through it", async () => {
    expect(blue).toMatchObject({ Status: "available", Engine: "aurora-mysql", MasterUsername: "admin", Endpoint: "127.0.0.1" });
    expect(blue.DBClusterMembers?.map((member) => [member.DBInstanceIdentifier, member.IsClusterWriter])).toEqual([["orders-1", true], ["orders-2", false]]);
    const app = await connect(blue.Port!);
    try {
      await app.query("CREATE DATABASE shop");
      await app.query("CREATE TABLE shop.orders (id INT PRIMARY KEY AUTO_INCREMENT, total INT NOT NULL)");
      await app.query("INSERT INTO shop.orders (total) VALUES (10), (20)");
    } finally {
      await app.end();
    }
  });

  it("refuses a deployment while binary logging is off, then while the writer still awaits its reboot (seed 004)", async () => {
    const create = () => rds.client.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: "orders-bg", Source: blue.DBClusterArn }));
    await expect(create()).rejects.toMatchObject({ name: "SourceClusterNotSupportedFault", message: "Blue Green Deployments requires cluster parameter group has binlog enabled." });
    await rds.client.send(new ModifyDBClusterParameterGroupCommand({ DBClusterParameterGroupName: "bg-params", Parameters: [{ ParameterName: "binlog_format", ParameterValue: "ROW", ApplyMethod: "pending-reboot" }] }));
    const pending = await rds.client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "orders-1" }));
    expect(pending.DBInstances![0]!.DBParameterGroups).toMatchObject([{ ParameterApplyStatus: "pending-reboot" }]);
    expect((await cluster("orders")).DBClusterMembers![0]!.DBClusterParameterGroupStatus).toBe("pending-reboot");
    await expect(create()).rejects.toMatchObject({ name: "SourceClusterNotSupportedFault" });
    for (const instance of ["orders-1", "orders-2"]) await rds.client.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: instance }));
    await instancesAvailable("orders");
    expect((await cluster("orders")).DBClusterMembers!.map((member) => member.DBClusterParameterGroupStatus)).toEqual(["in-sync", "in-sync"]);
    // Seed 004's cure: a write after the reboot, else green asks for a binary log file blue has not written yet.
    await rds.model.state.instance("orders-1").node!.query("CREATE TABLE shop.after_reboot (id INT PRIMARY KEY)");
  });

  it("answers in process too, typed with the SDK's shapes, from the same model", async () => {
    const api = typedRdsApi(rds.model);
    const { DBClusters } = await api.describeDBClusters({ DBClusterIdentifier: "orders" });
    expect(DBClusters![0]!.DBClusterArn).toBe(blue.DBClusterArn);
    await expect(api.describeDBInstances({ DBInstanceIdentifier: "nope" })).rejects.toMatchObject({ code: "DBInstanceNotFound", httpStatus: 404 });
  });

  it("serves an RDSClient inside a test through aws-sdk-client-mock, from the same model", async () => {
    const stub = mockRdsClient(rds.model);
    const inTest = new RDSClient({ region: "us-east-1" });
    try {
      const { DBClusters } = await inTest.send(new DescribeDBClustersCommand({ DBClusterIdentifier: "orders" }));
      expect(DBClusters![0]!.Port).toBe(blue.Port);
      await expect(inTest.send(new DescribeDBClustersCommand({ DBClusterIdentifier: "nope" }))).rejects.toBeInstanceOf(DBClusterNotFoundFault);
    } finally {
      stub.restore();
      inTest.destroy();
    }
  });

  it("refuses unknown sources, instance sources and duplicate names with RDS's faults", async () => {
    await expect(rds.client.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: "x", Source: "arn:aws:rds:us-east-1:123456789012:cluster:nope" }))).rejects.toMatchObject({ name: "DBClusterNotFoundFault", $metadata: { httpStatusCode: 404 } });
    await expect(rds.client.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: "x", Source: "arn:aws:rds:us-east-1:123456789012:db:orders-1" }))).rejects.toMatchObject({ name: "SourceDatabaseNotSupportedFault" });
  });

  let deploymentId: string;
  let greenWriterUuid: string;

  it("provisions green as a copy of blue that replicates from it, and says so with RDS-EVENT-0244", async () => {
    const created = await rds.client.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: "orders-bg", Source: blue.DBClusterArn, Tags: [{ Key: "team", Value: "payments" }] }));
    expect(created.BlueGreenDeployment).toMatchObject({ Status: "PROVISIONING", BlueGreenDeploymentName: "orders-bg" });
    expect(created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier).toMatch(/^bgd-[a-z0-9]{16}$/);
    expect(created.BlueGreenDeployment!.Target).toBeUndefined();
    deploymentId = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
    await expect(rds.client.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: "orders-bg", Source: blue.DBClusterArn }))).rejects.toMatchObject({ name: "BlueGreenDeploymentAlreadyExistsFault" });

    const available = await deploymentReaches(rds.client, deploymentId, ["AVAILABLE", "INVALID_CONFIGURATION"]);
    expect(available.Status).toBe("AVAILABLE");
    expect(available.Target).toMatch(/:cluster:orders-green-[a-z0-9]{6}$/);
    expect(available.Tasks!.every((task) => task.Status === "COMPLETED")).toBe(true);
    expect(available.SwitchoverDetails!.map((detail) => detail.TargetMember)).toEqual([expect.stringMatching(/:cluster:orders-green-/), expect.stringMatching(/:db:orders-1-green-/), expect.stringMatching(/:db:orders-2-green-/)]);
    const { Events } = await rds.client.send(new DescribeEventsCommand({ SourceType: "blue-green-deployment", SourceIdentifier: deploymentId }));
    expect(Events!.map((event) => event.Message)).toContain("Blue/green deployment tasks completed. You can make more modifications to the green environment databases or switch over the deployment.");

    const green = await cluster(available.Target!.split(":").at(-1)!);
    const app = await connect(green.Port!);
    try {
      const [rows] = await app.query("SELECT COUNT(*) AS n FROM shop.orders");
      expect(rows).toEqual([{ n: "2" }]);
      const [[identity]] = (await app.query("SELECT @@server_uuid AS uuid, @@read_only AS ro")) as unknown as [[{ uuid: string; ro: string }]];
      expect(Number(identity.ro)).toBe(1); // green is read-only unless its parameter group says otherwise
      greenWriterUuid = identity.uuid;
    } finally {
      await app.end();
    }
  });

  it("applies a dynamic parameter to every running server at once and reports it (replica_type_conversions, seed 001)", async () => {
    await rds.client.send(new ModifyDBClusterParameterGroupCommand({ DBClusterParameterGroupName: "bg-params", Parameters: [{ ParameterName: "replica_type_conversions", ParameterValue: "ALL_NON_LOSSY", ApplyMethod: "immediate" }] }));
    const servers = [...rds.model.state.instances.values()].map((instance) => instance.node!);
    expect(servers).toHaveLength(4);
    for (const server of servers) {
      const [row] = await server.query("SELECT @@GLOBAL.replica_type_conversions AS value");
      expect(row!.value, server.name).toBe("ALL_NON_LOSSY");
    }
    const { Parameters } = await rds.client.send(new DescribeDBClusterParametersCommand({ DBClusterParameterGroupName: "bg-params", Source: "user" }));
    expect(Parameters!.map((parameter) => [parameter.ParameterName, parameter.ParameterValue, parameter.ApplyType])).toEqual([
      ["binlog_format", "ROW", "static"],
      ["replica_type_conversions", "ALL_NON_LOSSY", "dynamic"],
    ]);
    await expect(
      rds.client.send(new ModifyDBClusterParameterGroupCommand({ DBClusterParameterGroupName: "bg-params", Parameters: [{ ParameterName: "binlog_format", ParameterValue: "MIXED", ApplyMethod: "immediate" }] })),
    ).rejects.toMatchObject({ name: "InvalidParameterCombination" });
    await expect(
      rds.client.send(new ModifyDBClusterParameterGroupCommand({ DBClusterParameterGroupName: "default.aurora-mysql8.0", Parameters: [{ ParameterName: "binlog_format", ParameterValue: "ROW", ApplyMethod: "pending-reboot" }] })),
    ).rejects.toMatchObject({ name: "InvalidParameterValue" });
  });

  it("switches over: the same cluster endpoint port now serves the former green writer, blue is renamed -old1 and read-only", async () => {
    const app = await connect(blue.Port!);
    await app.query("INSERT INTO shop.orders (total) VALUES (30)");
    const started = await rds.client.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: deploymentId, SwitchoverTimeout: 60 }));
    expect(started.BlueGreenDeployment!.Status).toBe("SWITCHOVER_IN_PROGRESS");
    const done = await deploymentReaches(rds.client, deploymentId, ["SWITCHOVER_COMPLETED", "AVAILABLE"]);
    expect(done.Status, done.StatusDetails).toBe("SWITCHOVER_COMPLETED");
    expect(done.Source).toMatch(/:cluster:orders-old1$/);
    expect(done.Target).toMatch(/:cluster:orders$/);
    // The connection open through the endpoint was cut, as RDS drops connections.
    await expect(app.query("SELECT 1")).rejects.toBeDefined();
    app.destroy();

    const after = await cluster("orders");
    expect(after.Port).toBe(blue.Port);
    const again = await connect(after.Port!);
    try {
      const [[identity]] = (await again.query("SELECT @@server_uuid AS uuid, @@read_only AS ro")) as unknown as [[{ uuid: string; ro: string }]];
      expect({ uuid: identity.uuid, ro: Number(identity.ro) }).toEqual({ uuid: greenWriterUuid, ro: 0 });
      const [rows] = await again.query("SELECT COUNT(*) AS n FROM shop.orders");
      expect(rows).toEqual([{ n: "3" }]);
      await again.query("INSERT INTO shop.orders (total) VALUES (40)");
    } finally {
      await again.end();
    }
    const old = await cluster("orders-old1");
    expect(old.DBClusterMembers!.map((member) => member.DBInstanceIdentifier)).toEqual(["orders-1-old1", "orders-2-old1"]);
    const oldApp = await connect(old.Port!);
    try {
      await expect(oldApp.query("INSERT INTO shop.orders (total) VALUES (50)")).rejects.toThrow(/read.only/i);
    } finally {
      await oldApp.end();
    }
    const { Events } = await rds.client.send(new DescribeEventsCommand({ SourceType: "db-instance", SourceIdentifier: "orders-1" }));
    expect(Events!.map((event) => event.Message)).toContainEqual(expect.stringMatching(/^Binary log coordinates in green environment after switchover: file mysql-bin-changelog\.\d{6} and position \d+$/));
  });

  it("refuses to delete the target after switchover, and deletes the deployment without it", async () => {
    await expect(rds.client.send(new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: deploymentId, DeleteTarget: true }))).rejects.toMatchObject({ name: "InvalidBlueGreenDeploymentStateFault" });
    const deleted = await rds.client.send(new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: deploymentId }));
    expect(deleted.BlueGreenDeployment).toMatchObject({ Status: "DELETING" });
    expect(deleted.BlueGreenDeployment!.DeleteTime).toBeInstanceOf(Date);
    await rds.model.settled();
    await expect(rds.client.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: deploymentId }))).rejects.toMatchObject({ name: "BlueGreenDeploymentNotFoundFault", $metadata: { httpStatusCode: 404 } });
    expect((await cluster("orders")).Status).toBe("available");
    expect((await cluster("orders-old1")).Status).toBe("available");
  });
});
