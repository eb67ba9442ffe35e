import { CreateBlueGreenDeploymentCommand, DescribeBlueGreenDeploymentsCommand, RDSClient } from "@aws-sdk/client-rds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeRdsService, type StartedFakeRds } from "../../../fakes/rds/fake-rds-service.ts";
import { localImageId } from "../../../harness/images/engine-image.ts";
import { generateCredentials } from "../../../harness/secrets/credentials.ts";
import { testEngine } from "../support/test-engine.ts";

// TargetEngineVersion's refusals come before anything starts, in RDS's words, through the real SDK.
// Blue: a Multi-AZ DB cluster of RDS for MySQL 8.0.40 on the engine under test.
let fake: StartedFakeRds;
let client: RDSClient;

beforeAll(async () => {
  fake = await startFakeRdsService({
    engine: await testEngine(),
    cluster: { identifier: "orders", readers: 0, masterUsername: "admin", masterPassword: generateCredentials().rootPassword, engine: "mysql", engineVersion: "8.0.40" },
  });
  client = new RDSClient({ endpoint: fake.url, region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
});
afterAll(async () => {
  client?.destroy();
  await fake?.stop();
});

function create(targetEngineVersion: string) {
  return client.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: `upgrade-${targetEngineVersion.replace(/\W/g, "-")}`, Source: fake.cluster!.arn, TargetEngineVersion: targetEngineVersion }));
}

describe("CreateBlueGreenDeployment with TargetEngineVersion", () => {
  it("refuses an unknown version, naming the versions that map", async () => {
    await expect(create("8.5.1")).rejects.toMatchObject({ name: "InvalidParameterCombination", message: "Cannot find version 8.5.1 for mysql. Versions this fake maps to an engine image: 8.0.N, 8.4.N." });
  });

  it("refuses a downgrade", async () => {
    await expect(create("8.0.36")).rejects.toMatchObject({ name: "InvalidParameterCombination", message: expect.stringMatching(/^Cannot upgrade mysql from 8\.0\.40 to 8\.0\.36: .*downgrades/) });
  });

  it("refuses, saying why, a stand-in for the target image that would not be newer than blue", async (context) => {
    const blue = (await testEngine()).dialect.version;
    if ((await localImageId("mysql:8.4")) || blue.major < 9) context.skip(); // only where mysql:8.4 cannot be had and blue already runs the 9.x stand-in
    await expect(create("8.4.6")).rejects.toMatchObject({
      name: "InvalidParameterCombination",
      message: expect.stringMatching(/TargetEngineVersion 8\.4\.6 runs on mysql:8\.4, which is not on this machine; if it cannot be pulled its stand-in, Oracle MySQL from Debian unstable \(9\.x\), is not newer than blue's MySQL 9\.\d+\.\d+, so green would not be an upgrade\. Pull or load mysql:8\.4, or map 8\.4 to an image you have: BGH_ENGINE_IMAGES="8\.4=<image>"\./),
    });
  });

  it("leaves nothing behind: no deployment exists after the refusals", async () => {
    const { BlueGreenDeployments } = await client.send(new DescribeBlueGreenDeploymentsCommand({}));
    expect(BlueGreenDeployments ?? []).toEqual([]);
    expect(fake.model.state.clusters.size).toBe(1);
  });
});
