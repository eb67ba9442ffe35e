import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DescribeDBClustersCommand, RDSClient } from "@aws-sdk/client-rds";
import { describe, expect, it } from "vitest";
import { dockerApi } from "../../../harness/docker/docker-client.ts";
import { LABEL } from "../../../harness/lifecycle/labels.ts";
import { lookup } from "node:dns/promises";
import { findAwsCliV2, isolatedAwsEnv, runTool } from "../rds-wire/support/aws-tools.ts";
import { tempFolder } from "../support/temp-folder.ts";

const CLI = path.resolve(import.meta.dirname, "../../../cli/bgh.mjs");

describe("bgh up --detach and bgh down", () => {
  it("start a cluster behind the fake RDS in the background, and remove every trace of it", async () => {
    const stateDir = tempFolder("bgh-up-");
    const env = { ...process.env, BGH_STATE_DIR: stateDir };
    const up = spawnSync(process.execPath, [CLI, "up", "--detach", "--port", "0", "--cluster", "billing", "--readers", "0"], { env, encoding: "utf8", timeout: 300_000 });
    expect(up.status, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/Fake RDS endpoint: http:\/\/127\.0\.0\.1:\d+/);
    expect(up.stdout).toMatch(/export AWS_ENDPOINT_URL_RDS=http:\/\/127\.0\.0\.1:\d+/);
    const state = JSON.parse(readFileSync(path.join(stateDir, "up.json"), "utf8")) as { url: string; runId: string; pid: number };
    const client = new RDSClient({ endpoint: state.url, region: "us-east-1", credentials: { accessKeyId: "bgh", secretAccessKey: "bgh" } });
    let endpoint: string;
    try {
      const { DBClusters } = await client.send(new DescribeDBClustersCommand({}));
      expect(DBClusters!.map((cluster) => [cluster.DBClusterIdentifier, cluster.DBClusterParameterGroup, cluster.Status])).toEqual([["billing", "bgh-binlog-enabled", "available"]]);
      // Served by name (root here): the RDS host name on 3306, resolving to a loopback address of its own.
      endpoint = DBClusters![0]!.Endpoint!;
      expect(endpoint).toMatch(/^billing\.cluster-[a-z0-9]{12}\.us-east-1\.rds\.amazonaws\.com$/);
      expect(DBClusters![0]!.Port).toBe(3306);
      expect(up.stdout).toContain(`cluster (writer) endpoint  ${endpoint}:3306`);
      expect((await lookup(endpoint, { family: 4 })).address).toMatch(/^127\./);
      // And as the AWS CLI shows it.
      const cli = findAwsCliV2();
      if ("found" in cli) {
        const described = await runTool(cli.found.path, ["rds", "describe-db-clusters", "--endpoint-url", state.url, "--output", "json"], isolatedAwsEnv());
        expect(described.code, described.stderr).toBe(0);
        expect(JSON.parse(described.stdout).DBClusters[0]).toMatchObject({ Endpoint: endpoint, ReaderEndpoint: endpoint.replace(".cluster-", ".cluster-ro-"), Port: 3306 });
      } else console.warn(`AWS CLI part skipped: ${cli.missing}`);
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
    // Its names are gone from the hosts file, and no longer resolve.
    expect(readFileSync("/etc/hosts", "utf8")).not.toContain(state.runId);
    await expect(lookup(endpoint, { family: 4 })).rejects.toThrow(/ENOTFOUND/);
  });
});
