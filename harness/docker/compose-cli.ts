import { spawnSync } from "node:child_process";
import { HarnessError } from "../errors/harness-error.ts";
import { progress } from "../progress/progress.ts";
import { runAptGet } from "./apt.ts";
import { hasCommand } from "./ensure-docker-engine.ts";

export interface ComposeCli {
  /** The command words: ["docker", "compose"] (v2) or ["docker-compose"] (v1 or a standalone v2). */
  command: string[];
  version: string;
}

/**
 * Finds Docker Compose, v2 first. Where there is none, on Debian as root, installs Debian stable's
 * docker-compose (v1.29, the version the compose file must keep working with).
 */
export function ensureComposeCli(): ComposeCli {
  const found = findComposeCli();
  if (found) return found;
  if (process.getuid?.() === 0 && hasCommand("apt-get")) {
    progress("No Docker Compose on this machine: installing Debian's docker-compose...");
    runAptGet(["docker-compose"], "installing Docker Compose");
    const installed = findComposeCli();
    if (installed) return installed;
  }
  throw new HarnessError({
    what: "finding Docker Compose",
    cause: "neither `docker compose` (v2) nor `docker-compose` answers",
    fix: "install Docker Compose v2 (the docker-compose-plugin package) or v1 (Debian: apt-get install docker-compose)",
  });
}

export function findComposeCli(): ComposeCli | undefined {
  for (const command of [["docker", "compose"], ["docker-compose"]]) {
    const result = spawnSync(command[0]!, [...command.slice(1), "version", "--short"], { encoding: "utf8", timeout: 20_000 });
    if (result.status === 0 && result.stdout.trim()) return { command, version: result.stdout.trim() };
  }
  return undefined;
}
