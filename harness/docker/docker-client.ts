import type Dockerode from "dockerode";
import { getContainerRuntimeClient, type ContainerRuntimeClient } from "testcontainers";
import { ensureDockerEngine } from "./ensure-docker-engine.ts";
import { applyTestcontainersEnvironment } from "./testcontainers-env.ts";

let client: Promise<ContainerRuntimeClient> | undefined;

/**
 * The one way into Docker: makes sure an engine runs (installing it where allowed), applies the
 * testcontainers settings, then hands out testcontainers' runtime client. Memoized per process.
 */
export function dockerRuntime(): Promise<ContainerRuntimeClient> {
  if (!client) {
    const pending = (async () => {
      applyTestcontainersEnvironment();
      await ensureDockerEngine();
      return getContainerRuntimeClient();
    })();
    client = pending;
    // A failure is not kept: the next caller (a later test file in the same worker, a retry) tries again.
    pending.catch(() => {
      if (client === pending) client = undefined;
    });
  }
  return client;
}

/** The raw Docker API (dockerode) for what testcontainers does not wrap: pause, kill, images, labels. */
export async function dockerApi(): Promise<Dockerode> {
  return (await dockerRuntime()).container.dockerode;
}
