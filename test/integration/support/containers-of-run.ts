import { dockerApi } from "../../../harness/docker/docker-client.ts";
import { LABEL } from "../../../harness/lifecycle/labels.ts";

/** Names of the containers and networks Docker still has for a run: empty after a clean removal. */
export async function resourcesOfRun(runId: string): Promise<string[]> {
  const docker = await dockerApi();
  const filters = { label: [`${LABEL.runId}=${runId}`] };
  const containers = await docker.listContainers({ all: true, filters });
  const networks = await docker.listNetworks({ filters });
  return [...containers.map((c) => c.Names[0] ?? c.Id), ...networks.map((n) => n.Name)];
}
