import net from "node:net";
import { describe, expect, it } from "vitest";
import { runOnce } from "../../harness/docker/run-once.ts";
import { dockerApi } from "../../harness/docker/docker-client.ts";
import { HarnessError } from "../../harness/errors/harness-error.ts";
import { resolveEngineImage } from "../../harness/images/engine-image.ts";
import { probeEngineImage } from "../../harness/images/image-probe.ts";
import { reap } from "../../harness/lifecycle/reaper.ts";
import { newRunId } from "../../harness/lifecycle/run-id.ts";
import { MysqlNodeContainer } from "../../harness/node/mysql-node.ts";
import { generateCredentials } from "../../harness/secrets/credentials.ts";
import { resourcesOfRun } from "./support/containers-of-run.ts";
import { testEngine } from "./support/test-engine.ts";

describe("bad input ends in an error that names the cause and the fix", () => {
  it("an image that is neither local nor pullable", async () => {
    const attempt = resolveEngineImage({ reference: "bgh/no-such-engine:1.0", flavorHint: "mysql" }, { runId: newRunId() });
    await expect(attempt).rejects.toThrow(HarnessError);
    await expect(attempt).rejects.toThrow(/bgh\/no-such-engine:1\.0[\s\S]*could not be pulled[\s\S]*Fix: .*bgh image build/);
  });

  it("an image without mysqld", async () => {
    const engine = await testEngine();
    const runId = newRunId();
    const docker = await dockerApi();
    const tag = `bgh/test-no-mysqld:${runId}`;
    await runOnce({
      image: engine.baseImage,
      script: "rm -f /usr/sbin/mysqld /usr/sbin/mariadbd",
      runId,
      what: "making an image without mysqld",
      timeoutMs: 60_000,
      beforeRemove: async (id) => void (await docker.getContainer(id).commit({ repo: "bgh/test-no-mysqld", tag: runId })),
    });
    try {
      await expect(probeEngineImage(tag, runId)).rejects.toThrow(/neither mysqld nor mariadbd[\s\S]*Fix: choose a MySQL or MariaDB server image/);
    } finally {
      await docker.getImage(tag).remove({ force: true });
    }
    expect(await resourcesOfRun(runId)).toEqual([]);
  });

  it("a host port that is taken", async () => {
    const server = net.createServer().listen(0, "0.0.0.0");
    await new Promise((resolve) => server.once("listening", resolve));
    const port = (server.address() as net.AddressInfo).port;
    const runId = newRunId();
    try {
      const start = new MysqlNodeContainer(await testEngine(), "clash", runId, generateCredentials()).withHostPort(port).start();
      await expect(start).rejects.toThrow(new RegExp(`host port ${port} is already in use[\\s\\S]*Fix: free that port`));
    } finally {
      server.close();
      await reap({ runId });
    }
    expect(await resourcesOfRun(runId)).toEqual([]);
  });

  it("a server that dies while starting: bounded, with its last log lines", async () => {
    const runId = newRunId();
    const started = Date.now();
    try {
      const start = new MysqlNodeContainer(await testEngine(), "dies", runId, generateCredentials())
        .withServerOptions({ extraArgs: ["--no-such-option-bgh=1"] })
        .withStartupTimeout(60_000)
        .start();
      await expect(start).rejects.toThrow(/starting MySQL node dies[\s\S]*no-such-option-bgh[\s\S]*Fix: read the server log lines/);
    } finally {
      await reap({ runId });
    }
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(await resourcesOfRun(runId)).toEqual([]);
  });
});
