import { StartedNetwork } from "testcontainers";
import { dockerRuntime } from "../docker/docker-client.ts";
import { LABEL, runLabels } from "../lifecycle/labels.ts";

/**
 * A user-defined bridge network per environment, labelled like its containers so that the reaper
 * finds it (testcontainers' own Network labels only its session, which Ryuk would have cleaned).
 */
export async function startEnvironmentNetwork(runId: string): Promise<StartedNetwork> {
  const client = await dockerRuntime();
  const name = `${runId}-net`;
  const network = await client.network.create({
    Name: name,
    CheckDuplicate: true,
    Driver: "bridge",
    Labels: runLabels(runId, { [LABEL.role]: "network" }),
  });
  return new StartedNetwork(client, name, network);
}
