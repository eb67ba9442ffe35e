import { afterEach, describe, expect, it } from "vitest";
import { RdsModel } from "../../../fakes/rds/model/rds-model.ts";
import type { EngineImage } from "../../../harness/images/engine-image.ts";

// A cluster without instances touches no server: the model's rules can be checked without Docker.
const NO_SERVERS = {} as EngineImage;

describe("clusters in a switchover", () => {
  let model: RdsModel;
  afterEach(async () => model?.context.endpoints.stopAll());

  it("cannot be modified while the switchover runs, and can again once it has ended", async () => {
    model = new RdsModel({ engine: NO_SERVERS });
    await model.handle("CreateDBClusterParameterGroup", { DBClusterParameterGroupName: "other", DBParameterGroupFamily: "aurora-mysql8.0", Description: "x" });
    await model.handle("CreateDBCluster", { DBClusterIdentifier: "app", Engine: "aurora-mysql", MasterUsername: "admin", MasterUserPassword: "pw-123456789" });
    const cluster = model.state.cluster("app");
    model.state.deployments.set("bgd-0123456789abcdef", {
      id: "bgd-0123456789abcdef", name: "app-bg", source: cluster.arn, status: "SWITCHOVER_IN_PROGRESS",
      switchoverDetails: [], tasks: [], createdAt: new Date(), tags: [], blueCluster: "app",
    });
    cluster.blueGreenDeployment = "bgd-0123456789abcdef";
    const modify = () => model.handle("ModifyDBCluster", { DBClusterIdentifier: "app", DBClusterParameterGroupName: "other" });
    await expect(modify()).rejects.toMatchObject({ code: "InvalidDBClusterStateFault", message: expect.stringMatching(/switching over/) });
    model.state.deployment("bgd-0123456789abcdef").status = "AVAILABLE";
    await expect(modify()).resolves.toMatchObject({ DBCluster: { DBClusterParameterGroup: "other" } });
  });
});
