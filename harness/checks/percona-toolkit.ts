import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runAptGet } from "../docker/apt.ts";
import { hasCommand } from "../docker/ensure-docker-engine.ts";
import { messageOf } from "../errors/harness-error.ts";
import type { ConnectionTarget } from "../sql/mysql-session.ts";
import type { TableRef } from "./row-comparison.ts";

/**
 * Percona Toolkit's pt-table-checksum and pt-table-sync, run as baselines for the checker (Debian's
 * percona-toolkit package). Passwords go through a temporary option file, never the command line.
 */
export type ToolAvailability = { available: true; version: string } | { available: false; reason: string };

export function perconaToolkit(): ToolAvailability {
  if (!hasCommand("pt-table-checksum")) {
    if (process.getuid?.() !== 0) return { available: false, reason: "pt-table-checksum is not installed and this process is not root (apt-get install percona-toolkit)" };
    try {
      runAptGet(["percona-toolkit"], "installing Percona Toolkit for the checker benchmark");
    } catch (error) {
      return { available: false, reason: messageOf(error).split("\n")[0]! };
    }
  }
  const version = spawnSync("pt-table-checksum", ["--version"], { encoding: "utf8" });
  return version.status === 0 ? { available: true, version: version.stdout.trim() } : { available: false, reason: `pt-table-checksum --version failed: ${version.stderr.trim()}` };
}

export interface ToolRun {
  exitCode: number;
  output: string;
}

/**
 * pt-table-checksum on the source only (--recursion-method=none): it writes one checksum row per chunk
 * into percona.checksums with statement-based binary logging, and replication makes every replica
 * compute its own checksum of the same chunk (this_crc against master_crc).
 */
export function ptTableChecksum(source: ConnectionTarget, ref: TableRef): Promise<ToolRun> {
  return withOptionFile(source, (file) =>
    run("pt-table-checksum", [
      "--no-check-replication-filters",
      "--no-check-binlog-format",
      "--recursion-method=none",
      "--replicate=percona.checksums",
      `--databases=${ref.schema}`,
      `--tables=${ref.table}`,
      dsn(file, source),
    ]),
  );
}

/** pt-table-sync comparing two servers directly and printing the statements that would make right like left. */
export function ptTableSyncPrint(left: ConnectionTarget, right: ConnectionTarget, ref: TableRef): Promise<ToolRun> {
  return withOptionFile(left, (file) =>
    run("pt-table-sync", ["--print", "--no-check-slave", `--databases=${ref.schema}`, `--tables=${ref.table}`, dsn(file, left), dsn(file, right)]),
  );
}

/** Both servers share the root credentials of one environment: one option file serves both DSNs. */
function dsn(optionFile: string, target: ConnectionTarget): string {
  return `F=${optionFile},h=${target.host},P=${target.port}`;
}

async function withOptionFile<T>(target: ConnectionTarget, body: (file: string) => Promise<T>): Promise<T> {
  const directory = mkdtempSync(join(tmpdir(), "bgh-pt-"));
  const file = join(directory, "client.cnf");
  writeFileSync(file, `[client]\nuser=${target.user}\npassword=${target.password}\n`, { mode: 0o600 });
  try {
    return await body(file);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): Promise<ToolRun> {
  return new Promise((resolve) => {
    execFile(command, args, { maxBuffer: 256 * 1024 * 1024, timeout: 900_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === "number" ? ((error as { code: number }).code) : 1) : 0;
      resolve({ exitCode: code, output: `${stdout}${stderr}` });
    });
  });
}
