import {
  CreateBlueGreenDeploymentCommand,
  CreateDBInstanceCommand,
  CreateDBInstanceReadReplicaCommand,
  DeleteBlueGreenDeploymentCommand,
  DescribeDBInstancesCommand,
  waitUntilDBInstanceAvailable,
} from "@aws-sdk/client-rds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeStatus, isHealthy, readReplicationStatus } from "../../../harness/replication/replication-status.ts";
import { mariadbEngine } from "../support/test-engine.ts";
import { deploymentReaches, startFakeRds, type FakeRds } from "./fake-rds-fixture.ts";

/**
 * RDS for MariaDB on MariaDB servers: an instance and its read replica on default.mariadb10.11, green
 * provisioned from the instance ARN (a dump copy, MariaDB having no CLONE) and replicating; and an
 * RDS for MySQL instance refused with the engine that would serve it.
 */
describe("RDS for MariaDB instances", () => {
  let rds: FakeRds;

  beforeAll(async () => {
    rds = await startFakeRds({ engine: await mariadbEngine() });
  }, 300_000);
  afterAll(() => rds?.stop());

  it("creates an instance and a read replica, and provisions green from the instance ARN", async () => {
    const base = { DBInstanceClass: "db.t3.micro", AllocatedStorage: 20, MasterUsername: "admin", MasterUserPassword: "Maria-Passw0rd" };
    await rds.client.send(new CreateDBInstanceCommand({ ...base, DBInstanceIdentifier: "maria", Engine: "mariadb", EngineVersion: "10.11.10" }));
    await waitUntilDBInstanceAvailable({ client: rds.client, minDelay: 1, maxDelay: 2, maxWaitTime: 180 }, { DBInstanceIdentifier: "maria" });
    await rds.client.send(new CreateDBInstanceReadReplicaCommand({ DBInstanceIdentifier: "maria-replica", SourceDBInstanceIdentifier: "maria" }));
    await waitUntilDBInstanceAvailable({ client: rds.client, minDelay: 1, maxDelay: 2, maxWaitTime: 180 }, { DBInstanceIdentifier: "maria-replica" });
    const { DBInstances } = await rds.client.send(new DescribeDBInstancesCommand({ Filters: [{ Name: "engine", Values: ["mariadb"] }] }));
    expect(DBInstances!.map((instance) => [instance.DBInstanceIdentifier, instance.Engine, instance.DBParameterGroups![0]!.DBParameterGroupName])).toEqual([
      ["maria", "mariadb", "default.mariadb10.11"],
      ["maria-replica", "mariadb", "default.mariadb10.11"],
    ]);
    const replica = rds.model.state.instance("maria-replica").node!;
    const replicaStatus = await readReplicationStatus(replica, replica.dialect);
    expect(isHealthy(replicaStatus), describeStatus(replicaStatus)).toBe(true);

    await rds.model.state.instance("maria").node!.run(["CREATE DATABASE shop", "CREATE TABLE shop.orders (id INT PRIMARY KEY)", "INSERT INTO shop.orders VALUES (1), (2)"]);
    const created = await rds.client.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: "maria-bg", Source: "arn:aws:rds:us-east-1:123456789012:db:maria", TargetEngineVersion: "10.11.10" }));
    const id = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
    const ready = await deploymentReaches(rds.client, id, ["AVAILABLE", "INVALID_CONFIGURATION"]);
    expect(ready.Status, ready.StatusDetails).toBe("AVAILABLE");
    expect(ready.SwitchoverDetails).toHaveLength(2);
    const green = rds.model.state.instance(ready.Target!.split(":").at(-1)!).node!;
    const greenStatus = await readReplicationStatus(green, green.dialect);
    expect(isHealthy(greenStatus), describeStatus(greenStatus)).toBe(true);
    expect(await green.query("SELECT id FROM shop.orders ORDER BY id")).toEqual([{ id: 1 }, { id: 2 }]);
    await rds.client.send(new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id, DeleteTarget: true }));
    await rds.model.settled();
  });

  it("refuses an RDS for MySQL instance on MariaDB servers, naming the engine to start", async () => {
    await expect(
      rds.client.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: "mysql-here", Engine: "mysql", DBInstanceClass: "db.t3.micro", AllocatedStorage: 20, MasterUsername: "admin", MasterUserPassword: "Maria-Passw0rd" })),
    ).rejects.toMatchObject({ name: "InvalidParameterCombination", message: expect.stringContaining("bgh up --engine mysql:8.0") });
    expect(rds.model.state.instances.has("mysql-here")).toBe(false);
  });
});
