import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { HarnessError } from "../../harness/errors/harness-error.ts";
import { newRunId } from "../../harness/lifecycle/run-id.ts";
import { onInterrupt } from "../../harness/lifecycle/cleanup-on-signal.ts";
import { reap } from "../../harness/lifecycle/reaper.ts";
import { progress } from "../../harness/progress/progress.ts";
import { generateCredentials } from "../../harness/secrets/credentials.ts";
import { quickRdsWaitersFor } from "../../harness/tools/quick-waiters.ts";
import { findAwsV2 } from "../../harness/tools/runbook-tools.ts";
import { waitUntil } from "../../harness/wait/wait-until.ts";
import { startFakeRdsService, type StartedFakeRds } from "../../fakes/rds/fake-rds-service.ts";
import { parseOptions, resolveEngine } from "./engine-option.ts";
import { clearUpState, processAlive, readUpState, upAwsDataDir, upLogFile, upStateDir, writeUpState } from "./up-state.ts";

export const DEFAULT_RDS_PORT = 4599;

/**
 * `bgh up [--port N] [--cluster NAME] [--readers N] [--engine IMAGE] [--realistic] [--detach]`: the fake
 * RDS endpoint and a blue Aurora cluster ready for a blue/green deployment. Stays in the foreground
 * until Ctrl-C, or with --detach runs in the background until `bgh down`.
 */
export async function upCommand(args: string[]): Promise<number> {
  const { values } = parseOptions("up", args, {
    port: { type: "string", default: String(DEFAULT_RDS_PORT) },
    cluster: { type: "string", default: "mydb" },
    readers: { type: "string", default: "1" },
    engine: { type: "string" },
    realistic: { type: "boolean", default: false },
    endpoints: { type: "string", default: "names" },
    detach: { type: "boolean", default: false },
    "run-detached": { type: "boolean", default: false },
  });
  const port = whole(values.port as string, "--port", 0, 65535);
  const readers = whole(values.readers as string, "--readers", 0, 15);
  const endpoints = values.endpoints as string;
  if (endpoints !== "names" && endpoints !== "ports") {
    throw new HarnessError({ what: "reading --endpoints", cause: `"${endpoints}" is not a way to serve endpoints`, fix: 'give --endpoints names (RDS host names on port 3306, via /etc/hosts) or --endpoints ports (127.0.0.1 ports)' });
  }
  const running = readUpState();
  if (running && processAlive(running.pid)) {
    console.log(`bgh up is already running (pid ${running.pid}); \`bgh down\` stops it.\n\n${running.summary}`);
    return 0;
  }
  if (values.detach) return detach(args.filter((arg) => arg !== "--detach"));

  const runId = newRunId();
  await reap();
  const engine = await resolveEngine(values.engine as string | undefined, runId);
  const credentials = generateCredentials();
  progress(`Starting the fake RDS on 127.0.0.1:${port} and blue cluster ${values.cluster as string}...`);
  const service = await startFakeRdsService({
    engine,
    port,
    realistic: values.realistic as boolean,
    endpoints,
    cluster: { identifier: values.cluster as string, readers, masterUsername: "admin", masterPassword: credentials.rootPassword },
    model: { runId },
  });
  // Runs until interrupted; the harness's one signal path stops the service and then ends the process.
  onInterrupt(async () => {
    rmSync(upAwsDataDir(), { recursive: true, force: true });
    progress("Stopping the fake RDS: removing its servers and endpoints...");
    await service.stop();
    if (values["run-detached"]) clearUpState();
  });
  // For the user's own `aws rds wait` and boto3's waiters (bgh down removes it too).
  const quick = quickRdsWaitersFor(upAwsDataDir(), findAwsV2());
  const summary = describe(service, "waiters" in quick ? { folder: upAwsDataDir() } : { reason: quick.reason });
  console.log(summary);
  if (values["run-detached"]) writeUpState({ pid: process.pid, url: service.url, runId, summary });
  return new Promise<number>(() => undefined);
}

/** Starts `bgh up` in the background and returns once it is ready, printing what it prints. */
async function detach(args: string[]): Promise<number> {
  mkdirSync(upStateDir(), { recursive: true });
  clearUpState();
  const log = openSync(upLogFile(), "w");
  const cli = fileURLToPath(new URL("../bgh.mjs", import.meta.url));
  const child = spawn(process.execPath, [cli, "up", ...args, "--run-detached"], { detached: true, stdio: ["ignore", log, log] });
  child.unref();
  closeSync(log);
  let exited: number | null = null;
  child.once("exit", (code) => (exited = code ?? 1));
  const state = await waitUntil({ what: `the detached bgh up (pid ${child.pid}) to be ready`, timeoutMs: 600_000, intervalMs: 500, fix: `read ${upLogFile()}` }, async () => {
    if (exited !== null) {
      throw new HarnessError({ what: "bgh up --detach", cause: `the background process exited with ${exited} before it was ready`, fix: `read ${upLogFile()} for its error` });
    }
    const current = readUpState();
    return current ? { done: true, value: current } : { done: false, state: "starting" };
  });
  console.log(`${state.summary}\nRunning in the background (pid ${state.pid}, log ${upLogFile()}). \`bgh down\` stops it and removes everything.`);
  return 0;
}

function describe(service: StartedFakeRds, waiters: { folder: string } | { reason: string }): string {
  const cluster = service.cluster!;
  const mysql = (host: string, port: number) => `mysql -h${host} -P${port} -u${cluster.masterUsername} -p'${cluster.masterPassword}'`;
  return [
    "",
    `Fake RDS endpoint: ${service.url}   (region us-east-1, account 123456789012; any credentials are accepted)`,
    "",
    "Point the AWS CLI or an SDK at it:",
    "  export AWS_ACCESS_KEY_ID=bgh AWS_SECRET_ACCESS_KEY=bgh AWS_REGION=us-east-1",
    `  export AWS_ENDPOINT_URL_RDS=${service.url}    # AWS CLI >= 2.13, JS SDK v3, boto3 >= 1.28`,
    `  aws rds describe-db-clusters --endpoint-url ${service.url}    # any AWS CLI version`,
    "folder" in waiters
      ? `  export AWS_DATA_PATH='${waiters.folder}'\${AWS_DATA_PATH:+:\$AWS_DATA_PATH}    # \`aws rds wait\` and boto3's RDS waiters poll every 1 s, not 30`
      : `  (\`aws rds wait\` and boto3's RDS waiters poll every 30 s here: ${waiters.reason})`,
    "",
    `Blue cluster ${cluster.identifier} (${cluster.arn}), ready for a blue/green deployment:`,
    `  cluster (writer) endpoint  ${cluster.host}:${cluster.port}   ${mysql(cluster.host, cluster.port)}`,
    `  reader endpoint            ${cluster.readerHost}:${cluster.readerPort}`,
    service.endpoints === "names"
      ? "  (RDS host names, resolved through this run's block in /etc/hosts; they move at switchover, and `bgh down` removes them)"
      : "  (127.0.0.1 ports standing for the RDS host names)",
    "",
    "Try:",
    `  aws rds create-blue-green-deployment --blue-green-deployment-name ${cluster.identifier}-bg --source ${cluster.arn} --endpoint-url ${service.url}`,
    `  aws rds describe-blue-green-deployments --endpoint-url ${service.url}`,
    `  aws rds switchover-blue-green-deployment --blue-green-deployment-identifier <bgd-...> --endpoint-url ${service.url}`,
    "",
  ].join("\n");
}

function whole(text: string, option: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new HarnessError({ what: `reading ${option}`, cause: `"${text}" is not a whole number from ${min} to ${max}`, fix: `give ${option} such a number` });
  }
  return value;
}

