import { dockerApi } from "../docker/docker-client.ts";
import { delay } from "../wait/wait-until.ts";
import { LABEL, ownerIsAlive, PROJECT } from "./labels.ts";

export interface ReapOptions {
  /** Only this run's resources, and those of its scenarios (run ids "<runId>-<scenario>"), at a normal end or on a signal. */
  runId?: string;
  /** Also remove resources whose owner still runs, and kept ones (`bgh reap --all`, `bgh down`). */
  all?: boolean;
}

export interface ReapResult {
  containers: string[];
  networks: string[];
}

/**
 * Removes the harness's containers and networks. Without options it removes only orphans: resources
 * whose creating process is gone (a crashed or killed run) and that were not kept on purpose, so that
 * concurrent runs on the same engine (parallel test workers, two terminals) never remove each other's.
 */
export async function reap(options: ReapOptions = {}): Promise<ReapResult> {
  const docker = await dockerApi();
  const labelFilter = [`${LABEL.project}=${PROJECT}`];
  const selected = (labels: Record<string, string> | undefined): boolean => {
    if (options.runId) return belongsToRun(labels?.[LABEL.runId], options.runId);
    if (options.all) return true;
    if (!labels) return false;
    if (labels[LABEL.keep] === "true") return false;
    return !ownerIsAlive(labels[LABEL.owner] ?? "");
  };

  const removedContainers: string[] = [];
  const containers = await docker.listContainers({ all: true, filters: { label: labelFilter } });
  await Promise.all(
    containers
      .filter((info) => selected(info.Labels))
      .map(async (info) => {
        try {
          await docker.getContainer(info.Id).remove({ force: true, v: true });
          removedContainers.push(info.Names[0]?.replace(/^\//, "") ?? info.Id);
        } catch (error) {
          if (!isGone(error)) throw error;
        }
      }),
  );

  const removedNetworks: string[] = [];
  const networks = await docker.listNetworks({ filters: { label: labelFilter } });
  for (const info of networks.filter((network) => selected(network.Labels))) {
    if (await removeNetwork(() => docker.getNetwork(info.Id).remove())) removedNetworks.push(info.Name);
  }
  return { containers: removedContainers, networks: removedNetworks };
}

/** A resource of the run itself, or of one of its scenarios (which run under "<runId>-<scenario id>"). */
export function belongsToRun(resourceRunId: string | undefined, runId: string): boolean {
  return resourceRunId === runId || (resourceRunId?.startsWith(`${runId}-`) ?? false);
}

/**
 * Removes a network, waiting (bounded) while it still has endpoints: another cleanup of the same run
 * (a signal handler, a fleet's own teardown) may be removing its containers right now. Returns false
 * when someone else removed it first.
 */
async function removeNetwork(remove: () => Promise<unknown>): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await remove();
      return true;
    } catch (error) {
      if (isGone(error)) return false;
      const busy = (error as { statusCode?: number }).statusCode === 403 && /active endpoints/.test(String((error as Error).message));
      if (!busy || attempt >= 20) throw error;
      await delay(250);
    }
  }
}

/** 404 (already removed) and 409 (removal already in progress) mean someone got there first. */
function isGone(error: unknown): boolean {
  const status = (error as { statusCode?: number }).statusCode;
  return status === 404 || status === 409;
}
