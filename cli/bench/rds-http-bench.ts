import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  CreateBlueGreenDeploymentCommand,
  CreateDBClusterCommand,
  DescribeBlueGreenDeploymentsCommand,
  DescribeDBClustersCommand,
  RDSClient,
  type BlueGreenDeployment,
  type DBCluster,
} from "@aws-sdk/client-rds";
import type { RdsBackend, RdsInput, RdsOutput } from "../../fakes/rds/api/rds-backend.ts";
import { answerQuery } from "../../fakes/rds/wire/query-exchange.ts";
import { RdsHttpServer } from "../../fakes/rds/wire/rds-http-server.ts";
import { sleep } from "../../harness/wait/wait-until.ts";
import { percentile, table } from "./figures.ts";
import { freePort } from "../../harness/net/free-port.ts";

const P99_TARGET_MS = 10;
const CANNED_RESOURCES = 20;
const CONCURRENCY = 16;

interface Measurement {
  target: string;
  client: string;
  operation: string;
  mode: string;
  requests: number;
  wallMs: number;
  latenciesMs: number[];
}

/**
 * The fake RDS control plane's speed: DescribeBlueGreenDeployments and DescribeDBClusters,
 * sequential and concurrent, throughput and p50/p99 latency, next to moto_server when it is
 * installed. Each endpoint is measured through the real @aws-sdk/client-rds (what users feel) and
 * through a bare keep-alive HTTP client (what the server costs: the SDK's own signing and XML
 * parsing take most of an SDK call), plus the fake's wire layer alone, without HTTP. Client and
 * server share this process's event loop, so concurrent latencies include waiting behind the
 * client's own work. Prints figures; asserts nothing.
 * Run it with `npx tsx cli/bench/rds-http-bench.ts` (BGH_BENCH_REQUESTS sets the count).
 */
export async function runRdsHttpBench(backend: RdsBackend = cannedBackend()): Promise<void> {
  const requests = Number(process.env.BGH_BENCH_REQUESTS ?? 500);
  const sizes = await resourceCounts(backend);
  console.log(
    `Fake RDS control plane holding ${sizes.clusters} clusters and ${sizes.deployments} blue/green deployments: ` +
      `${requests} requests per row after a warm-up, ${CONCURRENCY} at a time when concurrent.\n`,
  );
  const measurements: Measurement[] = [];

  measurements.push(...(await measureWireLayer(backend, requests)));
  const server = new RdsHttpServer(backend);
  const { url } = await server.start();
  try {
    measurements.push(...(await measureEndpoint("fake RDS", url, requests)));
  } finally {
    await server.stop();
  }

  const moto = await startMotoServer();
  if ("missing" in moto) {
    console.log(`moto_server: ${moto.missing}\n`);
  } else {
    try {
      const seeded = await seedMoto(moto.url, sizes);
      console.log(`moto_server ${moto.url}: ${seeded}\n`);
      measurements.push(...(await measureEndpoint("moto_server", moto.url, requests)));
    } catch (error) {
      console.log(`moto_server could not be measured: ${error instanceof Error ? error.message : String(error)}\n`);
    } finally {
      await moto.stop();
    }
  }

  console.log(
    table(
      ["target", "client", "operation", "mode", "requests", "req/s", "p50 ms", "p99 ms", `p99 <= ${P99_TARGET_MS} ms`],
      measurements.map((m) => {
        const p99 = percentile(m.latenciesMs, 99);
        return [m.target, m.client, m.operation, m.mode, String(m.requests), (m.requests / (m.wallMs / 1000)).toFixed(0), percentile(m.latenciesMs, 50).toFixed(2), p99.toFixed(2), p99 <= P99_TARGET_MS ? "MET" : "MISSED"];
      }),
    ),
  );
  console.log(
    `\nSequential rows are the latency one call sees. In concurrent rows ${CONCURRENCY} requests are in flight on one event loop shared by` +
      " client and server, so each waits behind the others (p50 is about the in-flight count times the cost of one); the target is for the former.",
  );
}

const OPERATIONS = ["DescribeBlueGreenDeployments", "DescribeDBClusters"] as const;

async function measureEndpoint(target: string, endpoint: string, requests: number): Promise<Measurement[]> {
  const results: Measurement[] = [];
  const sdk = new RDSClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, maxAttempts: 1 });
  const sdkCalls = {
    DescribeBlueGreenDeployments: () => sdk.send(new DescribeBlueGreenDeploymentsCommand({})),
    DescribeDBClusters: () => sdk.send(new DescribeDBClustersCommand({})),
  };
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    for (const operation of OPERATIONS) {
      results.push(...(await measureModes(target, "@aws-sdk/client-rds", operation, sdkCalls[operation], requests)));
      results.push(...(await measureModes(target, "bare HTTP", operation, () => barePost(endpoint, agent, operation), requests)));
    }
  } finally {
    sdk.destroy();
    agent.destroy();
  }
  return results;
}

/** The fake's parse, backend call and XML, with no HTTP and no SDK around them. */
async function measureWireLayer(backend: RdsBackend, requests: number): Promise<Measurement[]> {
  const results: Measurement[] = [];
  for (const operation of OPERATIONS) {
    const call = () => answerQuery(backend, `Action=${operation}&Version=2014-10-31`, () => {});
    await timed(call, Math.min(50, requests), 1); // warm-up: JIT
    results.push({ target: "fake RDS", client: "wire layer only", operation, mode: "sequential", requests, ...(await timed(call, requests, 1)) });
  }
  return results;
}

async function measureModes(target: string, client: string, operation: string, call: () => Promise<unknown>, requests: number): Promise<Measurement[]> {
  await timed(call, Math.min(50, requests), 1); // warm-up: connections, JIT
  return [
    { target, client, operation, mode: "sequential", requests, ...(await timed(call, requests, 1)) },
    { target, client, operation, mode: `concurrent x${CONCURRENCY}`, requests, ...(await timed(call, requests, CONCURRENCY)) },
  ];
}

/** One Query request as any HTTP client sends it; the dummy signature is for moto, which reads the region from it. */
function barePost(endpoint: string, agent: http.Agent, operation: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      endpoint,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: "AWS4-HMAC-SHA256 Credential=x/20240506/us-east-1/rds/aws4_request, SignedHeaders=host, Signature=0",
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => (response.statusCode === 200 ? resolve() : reject(new Error(`${operation} answered HTTP ${response.statusCode}`))));
      },
    );
    request.on("error", reject);
    request.end(`Action=${operation}&Version=2014-10-31`);
  });
}

/** `count` calls, `concurrency` in flight at a time; the latency of each and the wall time of all. */
async function timed(call: () => Promise<unknown>, count: number, concurrency: number): Promise<{ wallMs: number; latenciesMs: number[] }> {
  const latenciesMs: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const started = performance.now();
      await call();
      latenciesMs.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { wallMs: performance.now() - started, latenciesMs };
}

/** A backend with canned data: what the wire layer costs, without any model behind it. */
function cannedBackend(): RdsBackend {
  const created = new Date("2024-05-06T07:08:09.123Z");
  const clusters: DBCluster[] = Array.from({ length: CANNED_RESOURCES }, (_, i) => ({
    DBClusterIdentifier: `cluster-${i}`,
    DBClusterArn: `arn:aws:rds:us-east-1:123456789012:cluster:cluster-${i}`,
    Status: "available",
    Engine: "aurora-mysql",
    EngineVersion: "8.0.mysql_aurora.3.05.2",
    Endpoint: `cluster-${i}.cluster-abc.us-east-1.rds.amazonaws.com`,
    ReaderEndpoint: `cluster-${i}.cluster-ro-abc.us-east-1.rds.amazonaws.com`,
    Port: 3306,
    MasterUsername: "admin",
    DBClusterParameterGroup: "bluegreen-binlog",
    DBClusterMembers: [
      { DBInstanceIdentifier: `cluster-${i}-instance-1`, IsClusterWriter: true, DBClusterParameterGroupStatus: "in-sync", PromotionTier: 1 },
      { DBInstanceIdentifier: `cluster-${i}-instance-2`, IsClusterWriter: false, DBClusterParameterGroupStatus: "in-sync", PromotionTier: 1 },
    ],
    VpcSecurityGroups: [{ VpcSecurityGroupId: "sg-0123456789", Status: "active" }],
    DbClusterResourceId: `cluster-RESOURCE${i}`,
    ClusterCreateTime: created,
    TagList: [{ Key: "env", Value: "bench" }],
  }));
  const deployments: BlueGreenDeployment[] = clusters.map((cluster, i) => ({
    BlueGreenDeploymentIdentifier: `bgd-${String(i).padStart(16, "0")}`,
    BlueGreenDeploymentName: `upgrade-${i}`,
    Source: cluster.DBClusterArn,
    Target: `${cluster.DBClusterArn}-green-abc123`,
    SwitchoverDetails: [{ SourceMember: cluster.DBClusterArn, TargetMember: `${cluster.DBClusterArn}-green-abc123`, Status: "AVAILABLE" }],
    Tasks: [{ Name: "CREATING_READ_REPLICA_OF_SOURCE", Status: "COMPLETED" }],
    Status: "AVAILABLE",
    CreateTime: created,
    TagList: [{ Key: "env", Value: "bench" }],
  }));
  const answers: Record<string, RdsOutput> = {
    DescribeBlueGreenDeployments: { BlueGreenDeployments: deployments },
    DescribeDBClusters: { DBClusters: clusters },
  };
  return {
    operations: new Set(Object.keys(answers)),
    async handle(operation: string, _input: RdsInput) {
      return answers[operation] ?? {};
    },
  };
}

type MotoServer = { url: string; stop(): Promise<void> } | { missing: string };

async function startMotoServer(): Promise<MotoServer> {
  const executable = (process.env.PATH ?? "").split(path.delimiter).map((dir) => path.join(dir, "moto_server")).find((file) => existsSync(file));
  if (executable === undefined) return { missing: "not found on PATH, so no comparison; install it with: pip install 'moto[server]'" };
  const port = await freePort();
  const child = spawn(executable, ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  const stop = () => stopChild(child);
  if (!(await portOpens(port, child, 30_000))) {
    await stop();
    return { missing: `${executable} did not start listening within 30 s` };
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}

/** How much the backend answers with, so moto can be given as much to answer with. */
async function resourceCounts(backend: RdsBackend): Promise<{ clusters: number; deployments: number }> {
  const count = async (operation: string, member: string) => {
    const output = await backend.handle(operation, {}).catch(() => ({}) as RdsOutput);
    return Array.isArray(output[member]) ? output[member].length : 0;
  };
  return { clusters: await count("DescribeDBClusters", "DBClusters"), deployments: await count("DescribeBlueGreenDeployments", "BlueGreenDeployments") };
}

/** moto starts empty: it gets as many clusters and deployments as the fake holds (a deployment needs a source cluster). */
async function seedMoto(endpoint: string, sizes: { clusters: number; deployments: number }): Promise<string> {
  const client = new RDSClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, maxAttempts: 1 });
  const clusters = Math.max(sizes.clusters, sizes.deployments);
  try {
    for (let i = 0; i < clusters; i++) {
      const { DBCluster } = await client.send(
        new CreateDBClusterCommand({ DBClusterIdentifier: `cluster-${i}`, Engine: "aurora-mysql", MasterUsername: "admin", MasterUserPassword: "password-1234", Tags: [{ Key: "env", Value: "bench" }] }),
      );
      if (i < sizes.deployments) {
        await client.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: `upgrade-${i}`, Source: DBCluster!.DBClusterArn!, Tags: [{ Key: "env", Value: "bench" }] }));
      }
    }
    return `seeded with ${clusters} clusters and ${sizes.deployments} blue/green deployments`;
  } finally {
    client.destroy();
  }
}


async function portOpens(port: number, child: ChildProcess, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline && child.exitCode === null) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return true;
    await sleep(100);
  }
  return false;
}

/** Ends the one process this bench started, by its handle, and waits for it to be gone. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const forced = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(forced);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runRdsHttpBench();
}
