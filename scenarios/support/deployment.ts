import { RdsFault } from "../../fakes/rds/api/rds-fault.ts";
import { deploymentReaches } from "../../fakes/rds/api-waits.ts";
import type { TypedRdsApi } from "../../fakes/rds/typed-api.ts";
import { HarnessError } from "../../harness/errors/harness-error.ts";
import type { StartedMysqlNode } from "../../harness/node/started-mysql-node.ts";
import { waitUntil } from "../../harness/wait/wait-until.ts";
import type { ScenarioRds } from "./scenario-rds.ts";

/** A blue/green deployment of the scenario's cluster, AVAILABLE, and its green writer. */
export interface Deployment {
  id: string;
  /** Green's cluster identifier (<cluster>-green-xxxxxx). */
  green: string;
  greenInstance: string;
  greenWriter: StartedMysqlNode;
}

/**
 * CreateBlueGreenDeployment of the scenario's cluster, polled until AVAILABLE, as a user's script
 * does; refuses, with the deployment's own words, when it ends INVALID_CONFIGURATION instead.
 */
export async function createDeployment(fake: ScenarioRds, name: string, options: { targetClusterParameterGroup?: string; targetDbParameterGroup?: string; targetEngineVersion?: string } = {}): Promise<Deployment> {
  const state = fake.service.model.state;
  const { BlueGreenDeployment } = await fake.rds.createBlueGreenDeployment({
    BlueGreenDeploymentName: name,
    Source: fake.cluster.arn,
    ...(options.targetClusterParameterGroup ? { TargetDBClusterParameterGroupName: options.targetClusterParameterGroup } : {}),
    ...(options.targetDbParameterGroup ? { TargetDBParameterGroupName: options.targetDbParameterGroup } : {}),
    ...(options.targetEngineVersion ? { TargetEngineVersion: options.targetEngineVersion } : {}),
  });
  const id = BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
  const available = await deploymentReaches(fake.rds, id, ["AVAILABLE", "INVALID_CONFIGURATION"]);
  if (available.Status !== "AVAILABLE") {
    throw new HarnessError({ what: `creating blue/green deployment ${name}`, cause: `${available.Status}: ${available.StatusDetails ?? ""}`, fix: "see the deployment's events (DescribeEvents)" });
  }
  const green = available.Target!.split(":").at(-1)!;
  const writer = state.writerOf(state.cluster(green));
  return { id, green, greenInstance: writer.identifier, greenWriter: writer.node! };
}

/** DeleteBlueGreenDeployment with DeleteTarget, polled until the deployment is gone, so that blue can have another. */
export async function deleteDeployment(rds: TypedRdsApi, id: string): Promise<void> {
  await rds.deleteBlueGreenDeployment({ BlueGreenDeploymentIdentifier: id, DeleteTarget: true });
  await waitUntil({ what: `blue/green deployment ${id} to be deleted`, timeoutMs: 120_000, intervalMs: 250 }, async () => {
    try {
      const { BlueGreenDeployments } = await rds.describeBlueGreenDeployments({ BlueGreenDeploymentIdentifier: id });
      return { done: false, state: String(BlueGreenDeployments?.[0]?.Status) };
    } catch (error) {
      if (error instanceof RdsFault && error.code === "BlueGreenDeploymentNotFoundFault") return { done: true, value: undefined };
      throw error;
    }
  });
}
