import { runOnce } from "../docker/run-once.ts";
import { HarnessError } from "../errors/harness-error.ts";

export interface ProbedEngine {
  daemon: string;
  /** The version word the daemon prints, e.g. "9.7.4-2" or "10.11.18-MariaDB-0+deb12u1". */
  versionRaw: string;
}

const PROBE_SCRIPT = 'd=$(command -v mariadbd || command -v mysqld) || { echo "NO-DAEMON"; exit 3; }; echo "DAEMON=$d"; "$d" --no-defaults --version';

/** Looks inside an image for a MySQL or MariaDB daemon and its version, without starting a server. */
export async function probeEngineImage(image: string, runId: string): Promise<ProbedEngine> {
  const result = await runOnce({ image, script: PROBE_SCRIPT, runId, what: `looking for mysqld in ${image}`, timeoutMs: 60_000 });
  if (result.output.includes("NO-DAEMON")) {
    throw new HarnessError({
      what: `checking the engine image ${image}`,
      cause: "the image has neither mysqld nor mariadbd on its PATH",
      fix: "choose a MySQL or MariaDB server image (BGH_MYSQL_IMAGE=mysql:8.0, mysql:8.4, mariadb:11.4, or run `bgh image build`)",
    });
  }
  const daemon = /DAEMON=(\S+)/.exec(result.output)?.[1];
  const versionRaw = /\bVer\s+(\S+)/.exec(result.output)?.[1];
  if (result.exitCode !== 0 || !daemon || !versionRaw) {
    throw new HarnessError({
      what: `checking the engine image ${image}`,
      cause: `the daemon did not report its version (exit ${result.exitCode}): ${result.output.trim().slice(0, 300)}`,
      fix: "the image may be broken or lack /bin/sh; choose another with BGH_MYSQL_IMAGE or run `bgh image build`",
    });
  }
  return { daemon, versionRaw };
}
