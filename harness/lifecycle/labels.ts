import { readFileSync } from "node:fs";
import os from "node:os";

/**
 * Every container, network and image the harness creates carries these labels. Ryuk cannot run
 * without a registry, so labels are how leftovers of a crashed run are found and removed.
 */
export const LABEL = {
  project: "bgh.project",
  runId: "bgh.run-id",
  /** host:pid:starttime of the process that created it: a reaper removes it only once that process is gone. */
  owner: "bgh.owner",
  /** Set by --keep and `bgh up --detach`: survives its owner until `bgh reap --all` or `bgh down`. */
  keep: "bgh.keep",
  role: "bgh.role",
} as const;

export const PROJECT = "blue-green-harness";

export function ownerTag(pid: number = process.pid): string {
  return `${os.hostname()}:${pid}:${processStartTime(pid) ?? "?"}`;
}

/** True when the process named by an owner tag still runs on this host (same pid and start time). */
export function ownerIsAlive(tag: string): boolean {
  const [host, pidText, start] = tag.split(":");
  if (host !== os.hostname()) return true; // another host's process: not ours to judge
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const actualStart = processStartTime(pid);
  if (actualStart === undefined) return false;
  return start === "?" || start === actualStart;
}

/** Field 22 of /proc/<pid>/stat: distinguishes a live owner from a new process that reused its pid. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces and parentheses: split after its closing paren.
    const afterName = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return afterName[19];
  } catch {
    return undefined;
  }
}

export function runLabels(runId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { [LABEL.project]: PROJECT, [LABEL.runId]: runId, [LABEL.owner]: ownerTag(), ...extra };
}
