import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import os from "node:os";
import { HarnessError } from "../errors/harness-error.ts";
import { progress } from "../progress/progress.ts";
import { waitUntil } from "../wait/wait-until.ts";
import { describeEndpoint, endpointFromEnv, pingDocker, type DockerEndpoint } from "./docker-ping.ts";
import { runAptGet } from "./apt.ts";

export const DOCKERD_LOG = "/var/log/bgh-dockerd.log";

/**
 * Makes sure a Docker engine answers, installing and starting one where this machine allows it.
 * A fresh Debian machine has only the docker client: the engine comes from Debian's docker.io package
 * and runs as a background dockerd (there is no systemd to start it). Anywhere else we only say what
 * to install or start: we do not guess at other systems' package managers.
 */
export async function ensureDockerEngine(): Promise<DockerEndpoint> {
  const endpoint = endpointFromEnvOrExplain();
  if (await pingDocker(endpoint)) return endpoint;

  if (process.env.DOCKER_HOST) {
    throw new HarnessError({
      what: "connecting to the Docker engine",
      cause: `DOCKER_HOST=${process.env.DOCKER_HOST} does not answer`,
      fix: "start the engine it points to, or unset DOCKER_HOST to use (or let bgh start) the local engine",
    });
  }
  if (!canManageLocalEngine()) {
    throw new HarnessError({
      what: "connecting to the Docker engine",
      cause: `no Docker engine answers at ${describeEndpoint(endpoint)}, and bgh can only install one itself on Linux as root with apt-get`,
      fix: "install Docker (Docker Engine, Docker Desktop or Podman's Docker socket) and start it, or set DOCKER_HOST to a running engine",
    });
  }
  const running = runningDockerd();
  if (running) {
    // Another dockerd is starting (a parallel run started it) or is stuck: wait for it, never start a second.
    progress(`A dockerd (pid ${running}) is already running: waiting for it to answer...`);
    await waitUntil(
      {
        what: `the running dockerd (pid ${running}) to answer at ${describeEndpoint(endpoint)}`,
        timeoutMs: 60_000,
        intervalMs: 250,
        fix: `that dockerd does not listen where bgh looks: stop it (kill ${running}) and run again, or set DOCKER_HOST to where it listens`,
      },
      async () => ((await pingDocker(endpoint)) ? { done: true, value: undefined } : { done: false, state: "no answer to /_ping" }),
    );
    return endpoint;
  }
  if (!hasCommand("dockerd")) {
    progress("No Docker engine on this machine: installing Debian's docker.io package (about 15 s)...");
    runAptGet(["docker.io"], "installing the Docker engine (docker.io)");
  }
  progress(`Starting dockerd in the background (log: ${DOCKERD_LOG})...`);
  startDockerd();
  await waitUntil(
    {
      what: `the Docker engine started by bgh to answer at ${describeEndpoint(endpoint)}`,
      timeoutMs: 60_000,
      intervalMs: 250,
      fix: `read ${DOCKERD_LOG} for dockerd's own error`,
    },
    async () => ((await pingDocker(endpoint)) ? { done: true, value: undefined } : { done: false, state: "no answer to /_ping" }),
  );
  progress("Docker engine is up.");
  return endpoint;
}

function endpointFromEnvOrExplain(): DockerEndpoint {
  try {
    return endpointFromEnv();
  } catch (error) {
    throw new HarnessError({
      what: "reading DOCKER_HOST",
      cause: (error as Error).message,
      fix: "set DOCKER_HOST to unix:///var/run/docker.sock or tcp://host:port, or unset it",
    });
  }
}

function canManageLocalEngine(): boolean {
  return os.platform() === "linux" && process.getuid?.() === 0 && hasCommand("apt-get");
}

/** The pid of a running dockerd, if any. */
function runningDockerd(): number | undefined {
  const result = spawnSync("pgrep", ["-x", "dockerd"], { encoding: "utf8" });
  const pid = Number(result.stdout?.trim().split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function hasCommand(name: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}

function startDockerd(): void {
  mkdirSync("/var/log", { recursive: true });
  const log = openSync(DOCKERD_LOG, "a");
  // Detached and unreferenced: the engine outlives this process like a system service would, and a
  // later run finds it answering instead of starting another.
  const child = spawn("dockerd", [], { detached: true, stdio: ["ignore", log, log] });
  child.unref();
  closeSync(log);
  if (!existsSync("/var/run")) mkdirSync("/var/run", { recursive: true });
}
