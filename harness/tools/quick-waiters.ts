import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";

/**
 * `aws rds wait ...` and boto3's waiters poll RDS every 30 s (15 s for snapshots): against RDS, where
 * an instance takes minutes, that is nothing; against the fake, where it takes seconds, each wait
 * costs a whole interval. botocore reads its waiter models from AWS_DATA_PATH before its own, so bgh
 * hands runbooks the RDS waiters of the AWS CLI and the Python botocore on this machine, unchanged
 * but for the interval: at most `delaySeconds`, with as many more attempts as keep each waiter's
 * total bound. What a waiter waits for (its acceptors) is the installed model's own.
 */

/** The RDS API version whose waiters botocore loads (the only one RDS has had since 2014). */
const RDS_MODEL = path.join("rds", "2014-10-31");

interface Waiter {
  delay: number;
  maxAttempts: number;
  [other: string]: unknown;
}

export interface WaiterModel {
  version: number;
  waiters: Record<string, Waiter>;
}

/**
 * One model holding the waiters every given model has (as the first model defines them), each polling
 * at most every `delaySeconds` with its total bound (delay x attempts) kept. Only shared ones: the one
 * file serves the AWS CLI and boto3 alike, and each builds every waiter in it, so a waiter whose
 * operation an older botocore lacks breaks every `aws rds` command there. Pure.
 */
export function quickWaiterModel(models: readonly WaiterModel[], delaySeconds: number): WaiterModel {
  const waiters: Record<string, Waiter> = {};
  for (const [name, waiter] of Object.entries(models[0]?.waiters ?? {})) {
    if (!models.every((model) => name in model.waiters)) continue;
    const delay = Math.min(waiter.delay, delaySeconds);
    waiters[name] = { ...waiter, delay, maxAttempts: Math.ceil((waiter.delay * waiter.maxAttempts) / delay) };
  }
  return { version: models[0]?.version ?? 2, waiters };
}

/**
 * Writes the quick RDS waiters under `folder` (as `rds/2014-10-31/waiters-2.json`, the folder then
 * goes first on AWS_DATA_PATH), or says why not when no botocore on this machine has RDS waiter
 * models: waiters then keep their own intervals and still work.
 */
export function writeQuickRdsWaiters(folder: string, options: { /** The AWS CLI to take models from; else `aws` on PATH. */ aws?: string; delaySeconds?: number } = {}): { waiters: number } | { reason: string } {
  const models = botocoreDataFolders(options.aws)
    .map((data) => readWaiterModel(path.join(data, RDS_MODEL)))
    .filter((model): model is WaiterModel => model !== undefined);
  if (models.length === 0) return { reason: "no RDS waiter model found in the AWS CLI's or Python's botocore" };
  const model = quickWaiterModel(models, options.delaySeconds ?? 1);
  mkdirSync(path.join(folder, RDS_MODEL), { recursive: true });
  writeFileSync(path.join(folder, RDS_MODEL, "waiters-2.json"), JSON.stringify(model, null, 1));
  return { waiters: Object.keys(model.waiters).length };
}

/**
 * botocore data folders on this machine: the AWS CLI's own (v2 bundles botocore, in Debian's package
 * or the official installer's dist/), then Python's (what boto3 loads). Missing ones are left out.
 */
export function botocoreDataFolders(awsCommand?: string): string[] {
  const folders: string[] = [];
  const aws = awsCommand ?? onPath("aws");
  if (aws) {
    const real = safely(() => realpathSync(aws));
    // The official installer: <install>/v2/<version>/bin/aws next to dist/awscli/botocore/data.
    if (real) folders.push(path.join(path.dirname(real), "..", "dist", "awscli", "botocore", "data"));
    // Debian's awscli (and pip installs): a Python script whose interpreter imports awscli.
    const interpreter = real ? shebangInterpreter(real) : undefined;
    const awscli = interpreter ? pythonPrint(interpreter, "import awscli, os; print(os.path.dirname(awscli.__file__))") : undefined;
    if (awscli) folders.push(path.join(awscli, "botocore", "data"));
  }
  const botocore = pythonPrint("python3", "import botocore, os; print(os.path.join(os.path.dirname(botocore.__file__), 'data'))");
  if (botocore) folders.push(botocore);
  return [...new Set(folders.map((folder) => path.resolve(folder)))].filter((folder) => existsSync(folder));
}

function readWaiterModel(folder: string): WaiterModel | undefined {
  for (const [file, decode] of [
    ["waiters-2.json", (bytes: Buffer) => bytes],
    ["waiters-2.json.gz", (bytes: Buffer) => gunzipSync(bytes)],
  ] as const) {
    const model = safely(() => JSON.parse(decode(readFileSync(path.join(folder, file))).toString("utf8")) as WaiterModel);
    if (model && typeof model.waiters === "object" && model.waiters !== null) return model;
  }
  return undefined;
}

function shebangInterpreter(file: string): string | undefined {
  const head = safely(() => readFileSync(file).subarray(0, 200).toString("latin1"));
  const line = head?.startsWith("#!") ? head.slice(2).split("\n")[0]!.trim() : undefined;
  if (!line || !/python/.test(line)) return undefined;
  // "#!/usr/bin/python3" or "#!/usr/bin/env python3".
  const words = line.split(/\s+/);
  return words[0]!.endsWith("/env") ? words[1] : words[0];
}

function onPath(command: string): string | undefined {
  const result = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8", timeout: 5_000 });
  return result.status === 0 ? result.stdout.trim() || undefined : undefined;
}

function pythonPrint(python: string, program: string): string | undefined {
  const result = spawnSync(python, ["-c", program], { encoding: "utf8", timeout: 15_000 });
  return result.status === 0 ? result.stdout.trim() || undefined : undefined;
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
