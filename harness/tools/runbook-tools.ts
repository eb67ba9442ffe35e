import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runAptGet } from "../docker/apt.ts";
import { hasCommand } from "../docker/ensure-docker-engine.ts";
import { HarnessError } from "../errors/harness-error.ts";
import { progress } from "../progress/progress.ts";
import { describeQuickWaiters, quickRdsWaitersFor } from "./quick-waiters.ts";

/** The command-line tools a team's runbook calls, found or installed. */
export interface RunbookTools {
  /** The AWS CLI v2 binary. */
  aws: string;
  awsVersion: string;
  /** A MySQL command-line client (`mysql`; MariaDB's client where Debian provides it). */
  mysql: string;
  /**
   * A folder to put first on a runbook's PATH, holding an `aws` that adds `--endpoint-url
   * $AWS_ENDPOINT_URL` for CLIs older than 2.13, which ignore AWS_ENDPOINT_URL: the runbook's own
   * `aws rds ...` lines then reach the fake RDS unchanged.
   */
  pathFolder: string;
  /**
   * A folder to put first on AWS_DATA_PATH: the RDS waiters of this machine's botocore polling every
   * second (quick-waiters.ts), so that `aws rds wait` and boto3's waiters do not sleep 30 s against a
   * fake that is ready in seconds. Undefined (with quickWaiters saying why) when none was found.
   */
  awsDataPath?: string;
  /** "9 RDS waiters poll every 1 s", or why the waiters keep their own intervals. */
  quickWaiters: string;
  /** Removes pathFolder (and awsDataPath, inside it). */
  remove(): void;
}

/**
 * Makes sure the AWS CLI v2 and a mysql client are on this machine, as bgh makes sure of Docker: on
 * Debian as root, missing ones come from Debian's packages (`awscli`, 2.x on Debian 12; `mariadb-client`),
 * anywhere else the error says what to install. An AWS CLI v1 on PATH (pip's) is passed over for a v2.
 */
export function ensureRunbookTools(): RunbookTools {
  let aws = findAwsV2();
  let mysql = whichCommand("mysql");
  const missing = [...(aws ? [] : ["awscli"]), ...(mysql ? [] : ["mariadb-client"])];
  if (missing.length > 0) {
    if (!canInstall()) {
      throw new HarnessError({
        what: "finding the tools a runbook needs",
        cause: `missing: ${[...(aws ? [] : ["AWS CLI v2 (aws)"]), ...(mysql ? [] : ["a mysql client"])].join(", ")}, and bgh can install them only on Debian as root`,
        fix: "install the AWS CLI v2 and a mysql (or mariadb) client, then run again",
      });
    }
    progress(`Installing what runbooks need from Debian's packages: ${missing.join(", ")}...`);
    runAptGet(missing, `installing ${missing.join(" and ")}`);
    aws = findAwsV2();
    mysql = whichCommand("mysql");
    if (!aws || !mysql) throw new HarnessError({ what: "installing the runbook tools", cause: `${aws ? "" : "no AWS CLI v2 "}${mysql ? "" : "no mysql client "}after apt-get install`, fix: "install them by hand" });
  }
  const awsVersion = versionOf(aws!);
  const pathFolder = mkdtempSync(path.join(os.tmpdir(), "bgh-runbook-bin-"));
  const [major, minor] = awsVersion.split(".").map(Number) as [number, number];
  const honoursEndpointVariable = major > 2 || (major === 2 && minor >= 13);
  const forwarded = honoursEndpointVariable ? `exec ${shellQuote(aws!)} "$@"` : `exec ${shellQuote(aws!)} --endpoint-url "$AWS_ENDPOINT_URL" "$@"`;
  writeFileSync(path.join(pathFolder, "aws"), `#!/bin/sh\n# bgh: the AWS CLI ${awsVersion}, pointed at the fake RDS.\n${forwarded}\n`);
  chmodSync(path.join(pathFolder, "aws"), 0o755);
  const awsDataPath = path.join(pathFolder, "aws-data");
  const quick = quickRdsWaitersFor(awsDataPath, aws!);
  return {
    aws: aws!,
    awsVersion,
    mysql: mysql!,
    pathFolder,
    ...("waiters" in quick ? { awsDataPath } : {}),
    quickWaiters: describeQuickWaiters(quick),
    remove: () => rmSync(pathFolder, { recursive: true, force: true }),
  };
}

/** An `aws` that is version 2: the first on PATH, or Debian's /usr/bin/aws when PATH starts with a v1 (pip's). */
export function findAwsV2(): string | undefined {
  const candidates = [whichCommand("aws"), "/usr/bin/aws", "/usr/local/bin/aws"].filter((each): each is string => Boolean(each));
  return candidates.find((candidate) => versionOf(candidate).startsWith("2."));
}

function versionOf(aws: string): string {
  const result = spawnSync(aws, ["--version"], { encoding: "utf8", timeout: 30_000 });
  return /aws-cli\/(\d+\.\d+\.\d+)/.exec(`${result.stdout ?? ""}${result.stderr ?? ""}`)?.[1] ?? "";
}

function whichCommand(name: string): string | undefined {
  if (!hasCommand(name)) return undefined;
  return spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim() || undefined;
}

function canInstall(): boolean {
  return process.platform === "linux" && process.getuid?.() === 0 && hasCommand("apt-get");
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}
