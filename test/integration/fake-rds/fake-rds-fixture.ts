import { RDSClient, DescribeBlueGreenDeploymentsCommand, type BlueGreenDeployment } from "@aws-sdk/client-rds";
import { RdsModel, type RdsModelOptions } from "../../../fakes/rds/model/rds-model.ts";
import { RdsHttpServer } from "../../../fakes/rds/wire/rds-http-server.ts";
import { waitUntil } from "../../../harness/wait/wait-until.ts";
import { testEngine } from "../support/test-engine.ts";

export interface FakeRds {
  model: RdsModel;
  client: RDSClient;
  url: string;
  stop(): Promise<void>;
}

/** The fake RDS behind its HTTP endpoint, with the real AWS SDK pointed at it, as a user's script would be. */
export async function startFakeRds(options: Partial<RdsModelOptions> = {}): Promise<FakeRds> {
  const model = new RdsModel({ engine: await testEngine(), ...options });
  const server = new RdsHttpServer(model);
  const { url } = await server.start();
  const client = new RDSClient({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
  return {
    model,
    client,
    url,
    async stop() {
      client.destroy();
      await server.stop();
      await model.shutdown();
    },
  };
}

/** Polls DescribeBlueGreenDeployments, as a user's script does, until the status is one of `statuses`. */
export async function deploymentReaches(client: RDSClient, id: string, statuses: string[], timeoutMs = 180_000): Promise<BlueGreenDeployment> {
  return waitUntil({ what: `blue/green deployment ${id} to reach ${statuses.join(" or ")}`, timeoutMs, intervalMs: 250 }, async () => {
    const { BlueGreenDeployments } = await client.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: id }));
    const deployment = BlueGreenDeployments?.[0];
    return deployment && statuses.includes(deployment.Status ?? "") ? { done: true, value: deployment } : { done: false, state: `${deployment?.Status} ${deployment?.StatusDetails ?? ""}` };
  });
}
