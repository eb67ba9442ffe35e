import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploymentReaches, instanceAvailable } from "../../../fakes/rds/api-waits.ts";
import { startFakeRdsService, type StartedFakeRds } from "../../../fakes/rds/fake-rds-service.ts";
import type { SwitchoverStep } from "../../../fakes/rds/model/switchover-steps.ts";
import { typedRdsApi, type TypedRdsApi } from "../../../fakes/rds/typed-api.ts";
import type { StartedMysqlNode } from "../../../harness/node/started-mysql-node.ts";
import { waitForCatchUp } from "../../../harness/replication/catch-up.ts";
import { openConnection } from "../../../harness/sql/mysql-session.ts";
import { waitUntil } from "../../../harness/wait/wait-until.ts";
import { testEngine } from "../support/test-engine.ts";

const MASTER = { user: "admin", password: "Dead-Writer-Passw0rd" };

/**
 * The model under server faults: green's writer SIGKILLed at a given switchover step (through the step
 * observers, so it lands there every time). Before the commit point the switchover is canceled with the
 * dead writer named, never left in progress; after it, the deployment reports SWITCHOVER_FAILED.
 * A reboot brings green back read-only, and endpoints follow a server whose published port moved.
 */
describe("switchovers whose green writer dies, and endpoints of servers that move", () => {
  let service: StartedFakeRds;
  let rds: TypedRdsApi;
  let deploymentId: string;
  let green: string;
  let greenInstance: string;
  let greenWriter: StartedMysqlNode;
  let blueWriter: StartedMysqlNode;

  beforeAll(async () => {
    service = await startFakeRdsService({ engine: await testEngine(), cluster: { identifier: "app", readers: 0, masterUsername: MASTER.user, masterPassword: MASTER.password } });
    rds = typedRdsApi(service.model);
    blueWriter = service.model.state.writerOf(service.model.state.cluster("app")).node!;
    await blueWriter.run(["CREATE DATABASE app", "CREATE TABLE app.t (id INT PRIMARY KEY)", "INSERT INTO app.t VALUES (1)"]);
  });
  afterAll(async () => service?.stop());

  /** What an application sees through a cluster endpoint: the server's identity and read-only flag. */
  async function throughEndpoint(cluster: string): Promise<{ uuid: string; readOnly: number }> {
    const port = service.model.context.endpoints.lookup(service.model.state.cluster(cluster).endpointName)!.port;
    const connection = await openConnection({ host: "127.0.0.1", port, user: MASTER.user, password: MASTER.password });
    try {
      const [[row]] = (await connection.query("SELECT @@server_uuid AS uuid, @@GLOBAL.read_only AS readOnly")) as unknown as [[{ uuid: string; readOnly: number }]];
      return { uuid: row.uuid, readOnly: Number(row.readOnly) };
    } finally {
      await connection.end();
    }
  }

  async function switchOverKillingGreenAt(step: SwitchoverStep) {
    let killed = false;
    const stop = service.model.context.switchoverSteps.observe(async (notice) => {
      if (notice.deploymentId !== deploymentId || notice.step !== step) return;
      await greenWriter.kill();
      killed = true;
    });
    try {
      await rds.switchoverBlueGreenDeployment({ BlueGreenDeploymentIdentifier: deploymentId, SwitchoverTimeout: 30 });
      // Bounded well below the timeout: a dead writer must end the switchover at once, not by running out the clock.
      const ended = await deploymentReaches(rds, deploymentId, ["AVAILABLE", "SWITCHOVER_COMPLETED", "SWITCHOVER_FAILED"], 20_000);
      expect(killed, `the switchover never reached ${step}`).toBe(true);
      return ended;
    } finally {
      stop();
    }
  }

  async function rebootGreenWriter(): Promise<void> {
    await rds.rebootDBInstance({ DBInstanceIdentifier: greenInstance });
    await waitUntil({ what: `${greenInstance} available after its reboot`, timeoutMs: 120_000, intervalMs: 250 }, async () => {
      const { DBInstances } = await rds.describeDBInstances({ DBInstanceIdentifier: greenInstance });
      return DBInstances![0]!.DBInstanceStatus === "available" ? { done: true, value: undefined } : { done: false, state: String(DBInstances![0]!.DBInstanceStatus) };
    });
  }

  it("keeps a cluster endpoint leading to its writer when the writer's published port moves (network cut, reconnection)", async () => {
    const before = await throughEndpoint("app");
    const port = blueWriter.hostPort.port;
    await blueWriter.disconnectFromNetwork();
    await blueWriter.reconnectToNetwork();
    expect(blueWriter.hostPort.port, "Docker re-publishes the port on a network change").not.toBe(port);
    expect(await throughEndpoint("app")).toEqual(before);

    const { BlueGreenDeployment } = await rds.createBlueGreenDeployment({ BlueGreenDeploymentName: "app-bg", Source: service.cluster!.arn });
    deploymentId = BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
    const available = await deploymentReaches(rds, deploymentId, ["AVAILABLE", "INVALID_CONFIGURATION"]);
    expect(available.Status).toBe("AVAILABLE");
    green = available.Target!.split(":").at(-1)!;
    greenInstance = service.model.state.cluster(green).writer!;
    greenWriter = service.model.state.instance(greenInstance).node!;
  });

  it("cancels, naming the dead writer, when green's writer dies as the guardrails run; a reboot brings green back read-only", async () => {
    const ended = await switchOverKillingGreenAt("guardrails");
    expect(ended.Status).toBe("AVAILABLE");
    expect(ended.StatusDetails).toMatch(new RegExp(`^Switchover canceled due to the writer ${greenInstance} of ${green} not responding \\(`));
    expect((await throughEndpoint("app")).readOnly).toBe(0);
    await rebootGreenWriter();
    // Green was provisioned read-only; its reboot keeps it so (its writer is no replica by its cluster's roles).
    expect((await throughEndpoint(green)).readOnly).toBe(1);
    await waitForCatchUp(greenWriter, blueWriter, 60_000);
  });

  it("rolls back instead of renaming when green's writer dies at the commit point", async () => {
    const ended = await switchOverKillingGreenAt("renames");
    expect(ended.Status).toBe("AVAILABLE");
    expect(ended.StatusDetails).toMatch(new RegExp(`^Switchover canceled due to the writer ${greenInstance} of ${green} not responding`));
    const { DBClusters } = await rds.describeDBClusters({});
    expect(DBClusters!.map((cluster) => cluster.DBClusterIdentifier).sort()).toEqual(["app", green]);
    const blue = await throughEndpoint("app");
    expect(blue.readOnly).toBe(0);
    const [flags] = await blueWriter.query("SELECT @@GLOBAL.super_read_only AS sro");
    expect(Number(flags!.sro)).toBe(0);
    await rebootGreenWriter();
    await waitForCatchUp(greenWriter, blueWriter, 60_000);
  });

  it("reports SWITCHOVER_FAILED with the cause, instead of staying in progress, when the new primary dies after the renames", async () => {
    const ended = await switchOverKillingGreenAt("allow-writes");
    expect(ended.Status).toBe("SWITCHOVER_FAILED");
    expect(ended.StatusDetails).toMatch(/^Switchover failed after the renames due to the writer app-instance-1 of app not responding/);
    const { DBClusters } = await rds.describeDBClusters({});
    expect(DBClusters!.map((cluster) => cluster.DBClusterIdentifier).sort()).toEqual(["app", "app-old1"]);
    const { Events } = await rds.describeEvents({ SourceType: "blue-green-deployment", SourceIdentifier: deploymentId });
    expect(Events!.map((event) => event.Message)).toContain("Switchover failed on blue/green deployment.");
  });

  it("leaves an instance whose server does not come back from a reboot failed, with the cause in an event, and a waiting script is told at once", async () => {
    const { DBInstances } = await rds.describeDBInstances({});
    const instance = DBInstances!.find((candidate) => candidate.DBInstanceStatus === "available")!.DBInstanceIdentifier!;
    const node = service.model.state.instance(instance).node!;
    await rds.rebootDBInstance({ DBInstanceIdentifier: instance });
    await node.remove();
    const started = Date.now();
    await expect(instanceAvailable(rds, instance, 60_000)).rejects.toThrow(new RegExp(`DB instance ${instance}[\\s\\S]*the instance failed: DB instance could not be restarted: `));
    expect(Date.now() - started).toBeLessThan(30_000);
    const after = await rds.describeDBInstances({ DBInstanceIdentifier: instance });
    expect(after.DBInstances![0]!.DBInstanceStatus).toBe("failed");
  });
});
