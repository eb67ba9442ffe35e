import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { botocoreDataFolders } from "./botocore-data-folders.ts";

/**
 * `aws rds wait ...` and boto3's waiters poll RDS every 30 s (15 s for snapshots): against RDS, where
 * an instance takes minutes, that is nothing; against the fake, where it takes seconds, each wait
 * costs a whole interval. botocore reads its waiter models from AWS_DATA_PATH before its own, so bgh
 * hands runbooks the RDS waiters of the AWS CLI on this machine (else Python's botocore), unchanged but
 * for the interval: at most `delaySeconds`, with as many more attempts as keep each waiter's total
 * bound. The AWS CLI and boto3 read the same file: boto3 then waits with the CLI's acceptors, which
 * for the waiters both have are the same conditions.
 */

/** How often the quick waiters poll at most: the fake answers within a second. */
export const QUICK_DELAY_SECONDS = 1;

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
 * at most every `delaySeconds` with its total bound (delay x attempts) kept. Only shared ones: the AWS
 * CLI builds a command for every waiter in the file, and 2.9 fails every `aws rds` command on a
 * waiter whose operation its own model lacks (a newer boto3's tenant database waiters). Pure.
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
 * Writes the quick model of the RDS waiters found in `dataFolders` (botocore data folders, the CLI's
 * first) under `folder` as `rds/2014-10-31/waiters-2.json`, the folder then going first on
 * AWS_DATA_PATH; or says why not, and waiters keep their own intervals.
 */
export function writeQuickRdsWaiters(folder: string, dataFolders: readonly string[], delaySeconds = QUICK_DELAY_SECONDS): { waiters: number } | { reason: string } {
  const models = dataFolders.map((data) => readWaiterModel(path.join(data, RDS_MODEL))).filter((model): model is WaiterModel => model !== undefined);
  if (models.length === 0) return { reason: "no RDS waiter model found in the AWS CLI's or Python's botocore" };
  const model = quickWaiterModel(models, delaySeconds);
  mkdirSync(path.join(folder, RDS_MODEL), { recursive: true });
  writeFileSync(path.join(folder, RDS_MODEL, "waiters-2.json"), JSON.stringify(model, null, 1));
  return { waiters: Object.keys(model.waiters).length };
}

const foldersByCli = new Map<string, ReturnType<typeof botocoreDataFolders>>();

/**
 * The quick waiters for `aws` (an AWS CLI v2, or undefined where there is none) and boto3, written
 * under `folder`. Refused when the CLI is known but its own model is not found (a wrapper bgh cannot
 * see through): a file built from another botocore could break every `aws rds` command. The search
 * runs Python, so its answer is kept per CLI for the process.
 */
export function quickRdsWaitersFor(folder: string, aws: string | undefined): { waiters: number } | { reason: string } {
  const key = aws ?? "";
  if (!foldersByCli.has(key)) foldersByCli.set(key, botocoreDataFolders(aws));
  const { folders, cliFound } = foldersByCli.get(key)!;
  if (aws && !cliFound) return { reason: `the waiter model of the AWS CLI at ${aws} was not found` };
  return writeQuickRdsWaiters(folder, folders);
}

/** "9 RDS waiters poll every 1 s", or why the waiters keep their own intervals. */
export function describeQuickWaiters(result: { waiters: number } | { reason: string }): string {
  return "waiters" in result ? `${result.waiters} RDS waiters poll every ${QUICK_DELAY_SECONDS} s` : `RDS waiters keep their own intervals: ${result.reason}`;
}

function readWaiterModel(folder: string): WaiterModel | undefined {
  for (const [file, decode] of [
    ["waiters-2.json", (bytes: Buffer) => bytes],
    ["waiters-2.json.gz", (bytes: Buffer) => gunzipSync(bytes)],
  ] as const) {
    try {
      const model = JSON.parse(decode(readFileSync(path.join(folder, file))).toString("utf8")) as WaiterModel;
      if (typeof model.waiters === "object" && model.waiters !== null) return model;
    } catch {
      // Absent or unreadable: the next form, or no model from this folder.
    }
  }
  return undefined;
}
