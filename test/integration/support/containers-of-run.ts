import { dockerApi } from "../../../harness/docker/docker-client.ts";
import { LABEL, PROJECT } from "../../../harness/lifecycle/labels.ts";
import { belongsToRun } from "../../../harness/lifecycle/reaper.ts";

/** Names of the containers and networks Docker still has for a run (and its scenarios' run ids): empty after a clean removal. */
export async function resourcesOfRun(runId: string): Promise<string[]> {
  const docker = await dockerApi();
  const filters = { label: [`${LABEL.project}=${PROJECT}`] };
  const containers = (await docker.listContainers({ all: true, filters })).filter((c) => belongsToRun(c.Labels?.[LABEL.runId], runId));
  const networks = (await docker.listNetworks({ filters })).filter((n) => belongsToRun(n.Labels?.[LABEL.runId], runId));
  return [...containers.map((c) => c.Names[0] ?? c.Id), ...networks.map((n) => n.Name)];
}
