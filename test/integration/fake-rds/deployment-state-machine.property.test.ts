import {
  CreateBlueGreenDeploymentCommand,
  DeleteBlueGreenDeploymentCommand,
  DescribeBlueGreenDeploymentsCommand,
  DescribeDBClustersCommand,
  SwitchoverBlueGreenDeploymentCommand,
  type RDSClient,
} from "@aws-sdk/client-rds";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeRdsService, type StartedFakeRds } from "../../../fakes/rds/fake-rds-service.ts";
import { RDSClient as Client } from "@aws-sdk/client-rds";
import { deploymentReaches } from "./fake-rds-fixture.ts";
import { testEngine } from "../support/test-engine.ts";

/**
 * The deployment lifecycle as a state machine, checked against a model of a few lines: at most one
 * deployment per source cluster; create → AVAILABLE; switchover only from AVAILABLE → COMPLETED, which
 * renames the source to <name>-old<n>; delete refused while switching, DeleteTarget refused after
 * switchover; describe of a deleted one is NotFound. fast-check drives random command sequences through
 * the real SDK against the real fake (and real MySQL), seeded and replayable (BGH_SEED).
 */
interface Model {
  /** The cluster that is production now, and how many -old clusters exist. */
  production: string;
  olds: number;
  deployment?: { id: string; status: "AVAILABLE" | "SWITCHOVER_COMPLETED" };
}

interface Real {
  client: RDSClient;
  source: () => Promise<string>;
}

class CreateCommand implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(model: Model, real: Real) {
    const attempt = real.client.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: `bg-${Date.now()}`, Source: await real.source() }));
    if (model.deployment) {
      await expect(attempt).rejects.toMatchObject({ name: "InvalidDBClusterStateFault" });
      return;
    }
    const created = await attempt;
    const id = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
    expect((await deploymentReaches(real.client, id, ["AVAILABLE", "INVALID_CONFIGURATION"])).Status).toBe("AVAILABLE");
    model.deployment = { id, status: "AVAILABLE" };
  }
  toString = () => "create";
}

class SwitchoverCommand implements fc.AsyncCommand<Model, Real> {
  check = (model: Readonly<Model>) => model.deployment !== undefined;
  async run(model: Model, real: Real) {
    const deployment = model.deployment!;
    const attempt = real.client.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: deployment.id, SwitchoverTimeout: 60 }));
    if (deployment.status !== "AVAILABLE") {
      await expect(attempt).rejects.toMatchObject({ name: "InvalidBlueGreenDeploymentStateFault" });
      return;
    }
    await attempt;
    const after = await deploymentReaches(real.client, deployment.id, ["SWITCHOVER_COMPLETED", "AVAILABLE"]);
    expect(after.Status, after.StatusDetails).toBe("SWITCHOVER_COMPLETED");
    model.olds += 1;
    expect(after.Source).toMatch(new RegExp(`:cluster:${model.production}-old${model.olds}$`));
    expect(after.Target).toMatch(new RegExp(`:cluster:${model.production}$`));
    deployment.status = "SWITCHOVER_COMPLETED";
  }
  toString = () => "switchover";
}

class DeleteCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly deleteTarget: boolean) {}
  check = (model: Readonly<Model>) => model.deployment !== undefined;
  async run(model: Model, real: Real) {
    const deployment = model.deployment!;
    const attempt = real.client.send(new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: deployment.id, DeleteTarget: this.deleteTarget }));
    if (this.deleteTarget && deployment.status === "SWITCHOVER_COMPLETED") {
      await expect(attempt).rejects.toMatchObject({ name: "InvalidBlueGreenDeploymentStateFault" });
      return;
    }
    expect((await attempt).BlueGreenDeployment!.Status).toBe("DELETING");
    await expect.poll(async () => real.client.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: deployment.id })).then(() => "exists", (error) => error.name), { timeout: 120_000, interval: 250 }).toBe("BlueGreenDeploymentNotFoundFault");
    if (this.deleteTarget) {
      // Green's cluster and servers went with the deployment.
      const { DBClusters } = await real.client.send(new DescribeDBClustersCommand({}));
      expect(DBClusters!.map((cluster) => cluster.DBClusterIdentifier).filter((name) => name!.includes("-green-"))).toEqual([]);
    }
    model.deployment = undefined;
  }
  toString = () => `delete(DeleteTarget=${this.deleteTarget})`;
}

describe("the blue/green deployment state machine (model-based, fast-check)", () => {
  let service: StartedFakeRds;
  let client: RDSClient;

  beforeAll(async () => {
    service = await startFakeRdsService({ engine: await testEngine(), cluster: { identifier: "prod", readers: 0, masterUsername: "admin", masterPassword: "Model-Passw0rd" } });
    client = new Client({ endpoint: service.url, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
  });
  afterAll(async () => {
    client?.destroy();
    await service?.stop();
  });

  it("agrees with the model on every random sequence of create, switchover and delete", async () => {
    const seed = Number(process.env.BGH_SEED ?? 20261122);
    const commands = [fc.constant(new CreateCommand()), fc.constant(new SwitchoverCommand()), fc.boolean().map((target) => new DeleteCommand(target))];
    const source = async () => {
      const { DBClusters } = await client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: "prod" }));
      return DBClusters![0]!.DBClusterArn!;
    };
    let olds = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 5 }), async (sequence) => {
        // Runs share one fake (real servers are slow to make): each starts from "no deployment".
        const model: Model = { production: "prod", olds };
        await fc.asyncModelRun(() => ({ model, real: { client, source } }), sequence);
        if (model.deployment) await new DeleteCommand(false).run(model, { client, source });
        olds = model.olds;
      }),
      { numRuns: 3, seed, endOnFailure: true },
    );
  });
});
