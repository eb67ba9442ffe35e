import type { BlueGreenDeployment } from "@aws-sdk/client-rds";
import { waitUntil } from "../../harness/wait/wait-until.ts";
import type { TypedRdsApi } from "./typed-api.ts";

/** Polls a deployment, as a user's script polls DescribeBlueGreenDeployments, until it reaches one of `statuses`. */
export async function deploymentReaches(rds: TypedRdsApi, id: string, statuses: string[], timeoutMs = 180_000): Promise<BlueGreenDeployment> {
  return waitUntil({ what: `blue/green deployment ${id} to reach ${statuses.join(" or ")}`, timeoutMs, intervalMs: 250 }, async () => {
    const { BlueGreenDeployments } = await rds.describeBlueGreenDeployments({ BlueGreenDeploymentIdentifier: id });
    const current = BlueGreenDeployments![0]!;
    return statuses.includes(current.Status!) ? { done: true, value: current } : { done: false, state: `${current.Status} ${current.StatusDetails ?? ""}` };
  });
}
