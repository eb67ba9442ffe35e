import { HarnessError } from "../errors/harness-error.ts";
import { runLabels } from "../lifecycle/labels.ts";
import { withTimeout } from "../wait/wait-until.ts";
import { dockerApi } from "./docker-client.ts";

export interface RunOnceOptions {
  image: string;
  /** Shell script run by `sh -c`: the only thing every supported image is required to have besides mysqld. */
  script: string;
  env?: Record<string, string>;
  runId: string;
  what: string;
  timeoutMs: number;
  /** Called with the stopped container before it is removed (to commit it as an image). */
  beforeRemove?: (containerId: string) => Promise<void>;
}

export interface RunOnceResult {
  exitCode: number;
  output: string;
}

/**
 * Runs a throwaway container to completion and returns its exit code and output, always removing it.
 * Used to look inside an image (which daemon, which version) and to initialize a data directory.
 */
export async function runOnce(options: RunOnceOptions): Promise<RunOnceResult> {
  const docker = await dockerApi();
  const container = await docker.createContainer({
    Image: options.image,
    Entrypoint: ["sh", "-c", options.script],
    Cmd: [],
    Env: Object.entries(options.env ?? {}).map(([key, value]) => `${key}=${value}`),
    Labels: runLabels(options.runId, { "bgh.role": "one-off" }),
    HostConfig: { AutoRemove: false },
  });
  try {
    await container.start();
    const status = await withTimeout(
      options.what,
      options.timeoutMs,
      container.wait() as Promise<{ StatusCode: number }>,
      "the image may be broken or the machine overloaded; run `docker logs` on a kept container to see more",
    );
    const logs = (await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
    const result = { exitCode: status.StatusCode, output: demultiplex(logs) };
    if (options.beforeRemove) await options.beforeRemove(container.id);
    return result;
  } catch (error) {
    if (error instanceof HarnessError) throw error;
    throw new HarnessError({
      what: options.what,
      cause: `could not run a container from ${options.image}: ${(error as Error).message}`,
      fix: "check that the image exists (docker images) and has /bin/sh",
      error,
    });
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

/** Docker's log stream interleaves stdout/stderr frames with 8-byte headers when there is no TTY. */
export function demultiplex(buffer: Buffer): string {
  const chunks: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    chunks.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(chunks).toString("utf8");
}
