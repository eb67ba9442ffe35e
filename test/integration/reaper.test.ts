import { describe, expect, it } from "vitest";
import { dockerApi } from "../../harness/docker/docker-client.ts";
import { LABEL, PROJECT } from "../../harness/lifecycle/labels.ts";
import { reap } from "../../harness/lifecycle/reaper.ts";
import { newRunId } from "../../harness/lifecycle/run-id.ts";
import { resourcesOfRun } from "./support/containers-of-run.ts";
import { testEngine } from "./support/test-engine.ts";

/** A stopped container labelled as the harness labels its own, owned by the given owner tag. */
async function labelledContainer(runId: string, owner: string, extra: Record<string, string> = {}) {
  const docker = await dockerApi();
  const engine = await testEngine();
  const container = await docker.createContainer({
    Image: engine.warmImage,
    Entrypoint: ["sh", "-c", "sleep 60"],
    Labels: { [LABEL.project]: PROJECT, [LABEL.runId]: runId, [LABEL.owner]: owner, ...extra },
  });
  return container.id;
}

describe("the reaper", () => {
  it("removes what a dead run left, and leaves live and kept runs alone", async () => {
    const dead = newRunId();
    const live = newRunId();
    const kept = newRunId();
    const hostname = (await import("node:os")).hostname();
    // pid 2^22+1 is above Linux's pid_max: that owner cannot be alive.
    await labelledContainer(dead, `${hostname}:4194305:1`);
    await labelledContainer(live, `${hostname}:${process.pid}:?`);
    await labelledContainer(kept, `${hostname}:4194305:1`, { [LABEL.keep]: "true" });
    try {
      const result = await reap();
      expect(result.containers.some((name) => name.length > 0)).toBe(true);
      expect(await resourcesOfRun(dead)).toEqual([]);
      expect(await resourcesOfRun(live)).toHaveLength(1);
      expect(await resourcesOfRun(kept)).toHaveLength(1);
    } finally {
      await reap({ runId: live });
      await reap({ runId: kept });
    }
    expect(await resourcesOfRun(live)).toEqual([]);
    expect(await resourcesOfRun(kept)).toEqual([]);
  });
});
