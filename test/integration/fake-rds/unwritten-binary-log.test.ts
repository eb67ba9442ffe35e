import {
  CreateBlueGreenDeploymentCommand,
  CreateDBClusterCommand,
  CreateDBClusterParameterGroupCommand,
  CreateDBInstanceCommand,
  DeleteBlueGreenDeploymentCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ModifyDBClusterParameterGroupCommand,
  RebootDBInstanceCommand,
  SwitchoverBlueGreenDeploymentCommand,
} from "@aws-sdk/client-rds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StartedMysqlNode } from "../../../harness/node/started-mysql-node.ts";
import { waitForCatchUp } from "../../../harness/replication/catch-up.ts";
import { binaryLogStatus } from "../../../harness/replication/replication-control.ts";
import { isHealthy, readReplicationStatus } from "../../../harness/replication/replication-status.ts";
import { waitUntil } from "../../../harness/wait/wait-until.ts";
import { deploymentReaches, startFakeRds, type FakeRds } from "./fake-rds-fixture.ts";

const MASTER = { user: "admin", password: "Unwritten-Passw0rd" };

/**
 * Aurora's binary log on a just-rebooted idle writer (seed 004), as the model reproduces it on real
 * servers: after the reboot that turns binary logging on, a deployment created before any write points
 * green at a binary log file blue does not have (the real 1236); the first write on blue ends that, and
 * a cluster whose binary log was on from the start, or that was written to, replicates normally.
 */
describe("a binary log turned on by a reboot and not yet written (seed 004)", () => {
  let rds: FakeRds;
  let blueWriter: StartedMysqlNode;
  let arn: string;

  async function available(instance: string): Promise<void> {
    await waitUntil({ what: `${instance} to be available`, timeoutMs: 180_000, intervalMs: 250 }, async () => {
      const { DBInstances } = await rds.client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: instance }));
      const status = DBInstances![0]!.DBInstanceStatus!;
      return status === "available" ? { done: true, value: undefined } : { done: false, state: status };
    });
  }

  async function deploy(name: string) {
    const created = await rds.client.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: name, Source: arn }));
    const id = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
    const ready = await deploymentReaches(rds.client, id, ["AVAILABLE", "INVALID_CONFIGURATION"]);
    const greenWriter = rds.model.state.writerOf(rds.model.state.cluster(ready.Target!.split(":").at(-1)!)).node!;
    return { id, ready, greenWriter };
  }

  async function removeDeployment(id: string): Promise<void> {
    await rds.client.send(new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id, DeleteTarget: true }));
    await rds.model.settled();
  }

  beforeAll(async () => {
    rds = await startFakeRds();
    await rds.client.send(new CreateDBClusterParameterGroupCommand({ DBClusterParameterGroupName: "off-then-on", DBParameterGroupFamily: "aurora-mysql8.0", Description: "binary logging turned on later" }));
    await rds.client.send(new CreateDBClusterCommand({ DBClusterIdentifier: "quiet", Engine: "aurora-mysql", MasterUsername: MASTER.user, MasterUserPassword: MASTER.password, DBClusterParameterGroupName: "off-then-on" }));
    await rds.client.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: "quiet-1", DBInstanceClass: "db.r6g.large", Engine: "aurora-mysql", DBClusterIdentifier: "quiet" }));
    await available("quiet-1");
    arn = (await rds.client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: "quiet" }))).DBClusters![0]!.DBClusterArn!;
    blueWriter = rds.model.state.instance("quiet-1").node!;
    await blueWriter.run(["CREATE DATABASE q", "CREATE TABLE q.t (id INT PRIMARY KEY)", "INSERT INTO q.t VALUES (1)"]);
    await rds.client.send(new ModifyDBClusterParameterGroupCommand({ DBClusterParameterGroupName: "off-then-on", Parameters: [{ ParameterName: "binlog_format", ParameterValue: "STATEMENT", ApplyMethod: "pending-reboot" }] }));
  });
  afterAll(async () => rds?.stop());

  it("records where the binary log stood only at the reboot that turned it on", async () => {
    expect(rds.model.state.instance("quiet-1").binlogTurnedOnAt).toBeUndefined();
    await rds.client.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: "quiet-1" }));
    await available("quiet-1");
    const mark = rds.model.state.instance("quiet-1").binlogTurnedOnAt;
    const now = await binaryLogStatus(blueWriter);
    expect(mark).toEqual({ file: now.file, position: now.position });
  });

  let firstId: string;

  it("points green of an idle source at the next binary log file: the real receiver fails with 1236, the deployment is AVAILABLE", async () => {
    const blueLog = await binaryLogStatus(blueWriter);
    const { id, ready, greenWriter } = await deploy("quiet-bg");
    firstId = id;
    expect(ready.Status, ready.StatusDetails).toBe("AVAILABLE");
    const status = await readReplicationStatus(greenWriter, greenWriter.dialect);
    expect(status.ioThread).toBe("stopped");
    expect(status.ioError).toMatchObject({ kind: "binlog-unavailable" });
    expect(status.ioError!.message).toContain("Got fatal error 1236");
    expect(status.ioError!.message).toContain("Could not find first log file name in binary log index file");
    const sequence = (file: string) => Number(file.split(".").at(-1));
    expect(status.received!.file.replace(/\d+$/, "")).toBe(blueLog.file.replace(/\d+$/, ""));
    expect(sequence(status.received!.file)).toBe(sequence(blueLog.file) + 1);
    expect(status.received!.position).toBe(4);
    // Green was copied at blue's current point: it already holds every row.
    expect(await greenWriter.query("SELECT id FROM q.t")).toEqual([{ id: 1 }]);
  });

  it("refuses the switchover with RDS's wording of the receiver's error", async () => {
    await rds.client.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: firstId, SwitchoverTimeout: 60 }));
    const after = await deploymentReaches(rds.client, firstId, ["AVAILABLE", "SWITCHOVER_COMPLETED"]);
    expect(after.Status).toBe("AVAILABLE");
    expect(after.StatusDetails).toMatch(
      /^Switchover canceled due to replication errors on quiet-green-[a-z0-9]{6}\. Correct the replication errors and then switch over\. Read Replica Replication Error - IOError: 1236, reason: Got fatal error 1236 from (source|master) when reading data from binary log: 'Could not find first log file name in binary log index file' \(IO stopped: error \d+ \(binlog-unavailable\)/,
    );
    await removeDeployment(firstId);
  });

  it("still points green at the unwritten file while nothing is written, however often it is created", async () => {
    const { id, ready, greenWriter } = await deploy("quiet-bg-again");
    expect(ready.Status).toBe("AVAILABLE");
    expect((await readReplicationStatus(greenWriter, greenWriter.dialect)).ioError?.kind).toBe("binlog-unavailable");
    await removeDeployment(id);
  });

  it("replicates normally once blue has been written after the reboot (seed 004's cure)", async () => {
    await blueWriter.query("INSERT INTO q.t VALUES (2)");
    const { id, ready, greenWriter } = await deploy("quiet-bg-cured");
    expect(ready.Status, ready.StatusDetails).toBe("AVAILABLE");
    expect(isHealthy(await readReplicationStatus(greenWriter, greenWriter.dialect))).toBe(true);
    await blueWriter.query("INSERT INTO q.t VALUES (3)");
    await waitForCatchUp(greenWriter, blueWriter, 30_000);
    expect(await greenWriter.query("SELECT id FROM q.t ORDER BY id")).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    await removeDeployment(id);
  });

  it("forgets the mark at a reboot that leaves binary logging on", async () => {
    await rds.client.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: "quiet-1" }));
    await available("quiet-1");
    expect(rds.model.state.instance("quiet-1").binlogTurnedOnAt).toBeUndefined();
  });
});
