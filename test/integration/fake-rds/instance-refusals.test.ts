import {
  CreateBlueGreenDeploymentCommand,
  CreateDBInstanceCommand,
  CreateDBInstanceReadReplicaCommand,
  CreateDBParameterGroupCommand,
  DeleteBlueGreenDeploymentCommand,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBParametersCommand,
  ModifyDBInstanceCommand,
  ModifyDBParameterGroupCommand,
  SwitchoverBlueGreenDeploymentCommand,
  waitUntilDBInstanceAvailable,
} from "@aws-sdk/client-rds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BINLOG_REQUIRED } from "../../../fakes/rds/model/blue-green-operations.ts";
import { isHealthy, readReplicationStatus } from "../../../harness/replication/replication-status.ts";
import { deploymentReaches, startFakeRds, type FakeRds } from "./fake-rds-fixture.ts";

const ARN = (name: string) => `arn:aws:rds:us-east-1:123456789012:db:${name}`;

/** Waits as users' scripts do: the SDK's own waiter, which polls DescribeDBInstances. */
async function available(rds: FakeRds, identifier: string): Promise<void> {
  const result = await waitUntilDBInstanceAvailable({ client: rds.client, minDelay: 1, maxDelay: 2, maxWaitTime: 180 }, { DBInstanceIdentifier: identifier });
  expect(result.state).toBe("SUCCESS");
}

async function fault(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  const error = (await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )) as { name: string; message: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (!error) throw new Error("the call succeeded; a refusal was expected");
  return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
}

/**
 * RDS for MySQL DB instances through the real JS SDK: what RDS refuses in the blue/green shape of a
 * primary DB instance and its read replicas, each refusal with RDS's fault and a message naming the cause
 * and the fix, and nothing created by a refused call.
 */
describe("RDS for MySQL instances: the refusals of the DB instance shape", () => {
  let rds: FakeRds;

  beforeAll(async () => {
    rds = await startFakeRds();
    await rds.client.send(new CreateDBParameterGroupCommand({ DBParameterGroupName: "source-params-group", DBParameterGroupFamily: "mysql8.0", Description: "seed 004" }));
    await rds.client.send(new ModifyDBParameterGroupCommand({ DBParameterGroupName: "source-params-group", Parameters: [{ ParameterName: "binlog_format", ParameterValue: "MIXED", ApplyMethod: "pending-reboot" }] }));
    await rds.client.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: "nobackups",
        Engine: "mysql",
        EngineVersion: "8.0.40",
        DBInstanceClass: "db.t3.micro",
        AllocatedStorage: 20,
        MasterUsername: "admin",
        MasterUserPassword: "Refusals-Passw0rd",
        DBParameterGroupName: "source-params-group",
        BackupRetentionPeriod: 0,
      }),
    );
    await available(rds, "nobackups");
  }, 300_000);
  afterAll(() => rds?.stop());

  it("DescribeDBInstances shows an RDS for MySQL instance, with no DB cluster", async () => {
    const { DBInstances } = await rds.client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "nobackups" }));
    expect(DBInstances![0]).toMatchObject({
      DBInstanceIdentifier: "nobackups",
      Engine: "mysql",
      EngineVersion: "8.0.40",
      DBInstanceStatus: "available",
      BackupRetentionPeriod: 0,
      AllocatedStorage: 20,
      DBParameterGroups: [{ DBParameterGroupName: "source-params-group", ParameterApplyStatus: "in-sync" }],
      Endpoint: { Address: "127.0.0.1", Port: expect.any(Number) },
    });
    expect(DBInstances![0]!.DBClusterIdentifier).toBeUndefined();
    const { DBClusters } = await rds.client.send(new DescribeDBClustersCommand({}));
    expect(DBClusters).toEqual([]);
    const { Parameters } = await rds.client.send(new DescribeDBParametersCommand({ DBParameterGroupName: "source-params-group", Source: "user" }));
    expect(Parameters).toEqual([expect.objectContaining({ ParameterName: "binlog_format", ParameterValue: "MIXED", ApplyType: "static" })]);
  });

  it("backups off: no binary log, so no read replica and no blue/green deployment (seed 004's words)", async () => {
    const replica = await fault(rds.client.send(new CreateDBInstanceReadReplicaCommand({ DBInstanceIdentifier: "nobackups-replica", SourceDBInstanceIdentifier: "nobackups" })));
    expect(replica).toMatchObject({ name: "InvalidDBInstanceStateFault", status: 400 });
    expect(replica.message).toContain("Automated backups are not enabled for this database instance");

    const deployment = await fault(rds.client.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: "nobackups-bg", Source: ARN("nobackups"), TargetEngineVersion: "8.0.40" })));
    expect(deployment).toMatchObject({ name: "SourceDatabaseNotSupportedFault", status: 400 });
    expect(deployment.message).toContain(BINLOG_REQUIRED);
    expect(deployment.message).toContain("--backup-retention-period 1");
    expect(rds.model.state.deployments.size).toBe(0);
    expect(rds.model.state.instances.has("nobackups-replica")).toBe(false);
  });

  it("backups on (a restart, as RDS's outage): read replicas can be made; a replica is not a source and cannot be replicated from", async () => {
    await rds.client.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: "nobackups", BackupRetentionPeriod: 1, ApplyImmediately: true }));
    await available(rds, "nobackups");
    await rds.client.send(new CreateDBInstanceReadReplicaCommand({ DBInstanceIdentifier: "nobackups-replica", SourceDBInstanceIdentifier: ARN("nobackups") }));
    await available(rds, "nobackups-replica");
    const { DBInstances } = await rds.client.send(new DescribeDBInstancesCommand({}));
    expect(DBInstances!.map((instance) => [instance.DBInstanceIdentifier, instance.ReadReplicaSourceDBInstanceIdentifier, instance.ReadReplicaDBInstanceIdentifiers, instance.BackupRetentionPeriod])).toEqual([
      ["nobackups", undefined, ["nobackups-replica"], 1],
      ["nobackups-replica", "nobackups", [], 0],
    ]);

    const fromReplica = await fault(rds.client.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: "replica-bg", Source: ARN("nobackups-replica") })));
    expect(fromReplica).toMatchObject({ name: "SourceDatabaseNotSupportedFault" });
    expect(fromReplica.message).toContain("is a read replica of nobackups");

    const cascading = await fault(rds.client.send(new CreateDBInstanceReadReplicaCommand({ DBInstanceIdentifier: "cascade", SourceDBInstanceIdentifier: "nobackups-replica" })));
    expect(cascading).toMatchObject({ name: "InvalidDBInstanceStateFault" });
    expect(cascading.message).toContain("replicate from nobackups");

    const backupsOff = await fault(rds.client.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: "nobackups", BackupRetentionPeriod: 0 })));
    expect(backupsOff).toMatchObject({ name: "InvalidParameterCombination" });
    expect(backupsOff.message).toContain("it has read replicas (nobackups-replica)");
  });

  it("seed 004 on an instance: backups just turned on and nothing written, green meets 1236 and the switchover is refused; a write cures it", async () => {
    const first = await rds.client.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: "idle-bg", Source: ARN("nobackups"), TargetDBParameterGroupName: "source-params-group" }));
    const firstId = first.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
    expect((await deploymentReaches(rds.client, firstId, ["AVAILABLE", "INVALID_CONFIGURATION"])).Status).toBe("AVAILABLE");
    await rds.client.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: firstId, SwitchoverTimeout: 60 }));
    const refused = await deploymentReaches(rds.client, firstId, ["AVAILABLE", "SWITCHOVER_COMPLETED"]);
    expect(refused.Status).toBe("AVAILABLE");
    expect(refused.StatusDetails).toMatch(/^Switchover canceled due to replication errors on nobackups-green-[a-z0-9]{6}\. Correct the replication errors and then switch over\. .*1236/);
    await rds.client.send(new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: firstId, DeleteTarget: true }));
    await rds.model.settled();

    await rds.model.state.instance("nobackups").node!.run(["CREATE DATABASE seed", "CREATE TABLE seed.dummy_table (id INT PRIMARY KEY)", "INSERT INTO seed.dummy_table VALUES (100001)"]);
    const second = await rds.client.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: "written-bg", Source: ARN("nobackups") }));
    const secondId = second.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
    const ready = await deploymentReaches(rds.client, secondId, ["AVAILABLE", "INVALID_CONFIGURATION"]);
    expect(ready.Status).toBe("AVAILABLE");
    const greenPrimary = rds.model.state.instance(ready.Target!.split(":").at(-1)!).node!;
    expect(isHealthy(await readReplicationStatus(greenPrimary, greenPrimary.dialect))).toBe(true);
    expect(await greenPrimary.query("SELECT id FROM seed.dummy_table")).toEqual([{ id: 100001 }]);
    await rds.client.send(new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: secondId, DeleteTarget: true }));
    await rds.model.settled();
    expect([...rds.model.state.instances.keys()].sort()).toEqual(["nobackups", "nobackups-replica"]);
  });

  it("a target parameter group of another family, an unknown source and a primary without a final snapshot are refused", async () => {
    const family = await fault(rds.client.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: "family-bg", Source: ARN("nobackups"), TargetDBParameterGroupName: "default.aurora-mysql8.0" })));
    expect(family).toMatchObject({ name: "InvalidParameterCombination" });
    expect(family.message).toContain("Use a parameter group with DBParameterGroupFamily mysql8.0");

    const unknown = await fault(rds.client.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: "unknown-bg", Source: ARN("nosuchdb") })));
    expect(unknown).toMatchObject({ name: "DBInstanceNotFoundFault", status: 404 });

    const engine = await fault(rds.client.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: "pg", Engine: "postgres", DBInstanceClass: "db.t3.micro", AllocatedStorage: 20, MasterUsername: "a", MasterUserPassword: "Passw0rd-123" })));
    expect(engine).toMatchObject({ name: "InvalidParameterValue" });
    expect(engine.message).toContain("RDS for MySQL and MariaDB (mysql, mariadb");

    const snapshot = await fault(rds.client.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: "nobackups" })));
    expect(snapshot).toMatchObject({ name: "InvalidParameterCombination" });
    expect(snapshot.message).toContain("SkipFinalSnapshot");
    expect(rds.model.state.deployments.size).toBe(0);
  });

  it("deleting the primary promotes its read replica to a writable standalone instance", async () => {
    await rds.client.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: "nobackups", SkipFinalSnapshot: true }));
    const { DBInstances } = await rds.client.send(new DescribeDBInstancesCommand({}));
    expect(DBInstances!.map((instance) => [instance.DBInstanceIdentifier, instance.ReadReplicaSourceDBInstanceIdentifier])).toEqual([["nobackups-replica", undefined]]);
    const node = rds.model.state.instance("nobackups-replica").node!;
    const [row] = await node.query("SELECT @@GLOBAL.read_only AS ro");
    expect(Number(row!.ro)).toBe(0);
  });
});
