import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DescribeDBClustersCommand, RDSClient } from "@aws-sdk/client-rds";
import { describe, expect, it } from "vitest";
import { dockerApi } from "../../../harness/docker/docker-client.ts";
import { LABEL } from "../../../harness/lifecycle/labels.ts";

const CLI = path.resolve(import.meta.dirname, "../../../cli/bgh.mjs");

describe("bgh up --detach and bgh down", () => {
  it("start a cluster behind the fake RDS in the background, and remove every trace of it", async () => {
    const stateDir = mkdtempSync(path.join(os.tmpdir(), "bgh-up-"));
    const env = { ...process.env, BGH_STATE_DIR: stateDir };
    const up = spawnSync(process.execPath, [CLI, "up", "--detach", "--port", "0", "--cluster", "billing", "--readers", "0"], { env, encoding: "utf8", timeout: 300_000 });
    expect(up.status, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/Fake RDS endpoint: http:\/\/127\.0\.0\.1:\d+/);
    expect(up.stdout).toMatch(/export AWS_ENDPOINT_URL_RDS=http:\/\/127\.0\.0\.1:\d+/);
    const state = JSON.parse(readFileSync(path.join(stateDir, "up.json"), "utf8")) as { url: string; runId: string; pid: number };
    const client = new RDSClient({ endpoint: state.url, region: "us-east-1", credentials: { accessKeyId: "bgh", secretAccessKey: "bgh" } });
    try {
      const { DBClusters } = await client.send(new DescribeDBClustersCommand({}));
      expect(DBClusters!.map((cluster) => [cluster.DBClusterIdentifier, cluster.DBClusterParameterGroup, cluster.Status])).toEqual([["billing", "bgh-binlog-enabled", "available"]]);
    } finally {
      client.destroy();
    }
    const again = spawnSync(process.execPath, [CLI, "up", "--detach"], { env, encoding: "utf8", timeout: 60_000 });
    expect(again.stdout).toMatch(new RegExp(`already running \\(pid ${state.pid}\\)`));

    const down = spawnSync(process.execPath, [CLI, "down"], { env, encoding: "utf8", timeout: 180_000 });
    expect(down.status, down.stderr).toBe(0);
    const docker = await dockerApi();
    expect(await docker.listContainers({ all: true, filters: { label: [`${LABEL.runId}=${state.runId}`] } })).toEqual([]);
    expect(await docker.listNetworks({ filters: { label: [`${LABEL.runId}=${state.runId}`] } })).toEqual([]);
    expect(() => process.kill(state.pid, 0)).toThrow();
  });
});
