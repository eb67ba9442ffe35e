import type { BlueGreenDeployment } from "@aws-sdk/client-rds";
import { HarnessError } from "../../harness/errors/harness-error.ts";
import { waitUntil } from "../../harness/wait/wait-until.ts";
import type { TypedRdsApi } from "./typed-api.ts";

/** Waits as a user's script waits on RDS: polling the API (here in-process) until a resource is where it wants it. */

/** Polls a deployment, as a user's script polls DescribeBlueGreenDeployments, until it reaches one of `statuses`. */
export async function deploymentReaches(rds: TypedRdsApi, id: string, statuses: string[], timeoutMs = 180_000): Promise<BlueGreenDeployment> {
  return waitUntil({ what: `blue/green deployment ${id} to reach ${statuses.join(" or ")}`, timeoutMs, intervalMs: 250 }, async () => {
    const { BlueGreenDeployments } = await rds.describeBlueGreenDeployments({ BlueGreenDeploymentIdentifier: id });
    const current = BlueGreenDeployments![0]!;
    return statuses.includes(current.Status!) ? { done: true, value: current } : { done: false, state: `${current.Status} ${current.StatusDetails ?? ""}` };
  });
}

/**
 * Polls DescribeDBInstances until the instance is available, as a user's script waits after a create or
 * a reboot. An instance that has failed ends the wait at once, with the cause from its newest failure
 * event, instead of running out the clock.
 */
export async function instanceAvailable(rds: TypedRdsApi, instance: string, timeoutMs = 180_000): Promise<void> {
  await waitUntil({ what: `DB instance ${instance} to be available`, timeoutMs, intervalMs: 250 }, async () => {
    const { DBInstances } = await rds.describeDBInstances({ DBInstanceIdentifier: instance });
    const status = DBInstances?.[0]?.DBInstanceStatus;
    if (status === "failed") {
      const { Events } = await rds.describeEvents({ SourceType: "db-instance", SourceIdentifier: instance });
      const failure = (Events ?? []).map((event) => event.Message ?? "").findLast((message) => /could not be/.test(message));
      throw new HarnessError({
        what: `waiting for DB instance ${instance} to be available`,
        cause: `the instance failed: ${failure ?? "no event says why"}`,
        fix: "read the cause above and the run's stderr; a server that did not come back after a restart says why in its container's log",
      });
    }
    return status === "available" ? { done: true, value: undefined } : { done: false, state: String(status) };
  });
}
