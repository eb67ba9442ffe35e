import { spawnSync } from "node:child_process";
import { HarnessError } from "../errors/harness-error.ts";

let updated = false;

/**
 * Installs Debian packages, updating the package lists once per process first (a fresh machine's lists
 * are empty). Output goes to the terminal so that a slow mirror is visible, not a silent hang; the
 * install is bounded so that a dead mirror ends in an error instead.
 */
export function runAptGet(packages: string[], what: string): void {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (!updated) {
    run(["update", "-qq"], env, what);
    updated = true;
  }
  run(["install", "-y", "-qq", "--no-install-recommends", ...packages], env, what);
}

function run(args: string[], env: NodeJS.ProcessEnv, what: string): void {
  const result = spawnSync("apt-get", args, { stdio: ["ignore", "inherit", "inherit"], env, timeout: 600_000 });
  if (result.status !== 0) {
    throw new HarnessError({
      what,
      cause: result.error ? result.error.message : `apt-get ${args.join(" ")} exited with ${result.status ?? result.signal}`,
      fix: "check that Debian's package archive is reachable (apt-get update) and retry, or install the package by hand",
    });
  }
}
