import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { dockerApi } from "../docker/docker-client.ts";
import { runAptGet } from "../docker/apt.ts";
import { hasCommand } from "../docker/ensure-docker-engine.ts";
import { HarnessError } from "../errors/harness-error.ts";
import { LABEL, PROJECT } from "../lifecycle/labels.ts";
import { progress } from "../progress/progress.ts";
import type { DebianRecipe } from "./debian-recipes.ts";

const WORK_ROOT = "/var/cache/bgh";

/**
 * Builds an engine image from Debian packages with debootstrap and `docker import`: the only way to get
 * a MySQL server onto a machine that reaches Debian's archive but no container registry. Needs root
 * and Linux (debootstrap). Takes about a minute; the image is reused by every later run.
 */
export async function buildDebianEngineImage(recipe: DebianRecipe): Promise<string> {
  if (os.platform() !== "linux" || process.getuid?.() !== 0) {
    throw new HarnessError({
      what: `building ${recipe.description}`,
      cause: "building an engine image from Debian packages needs Linux and root (debootstrap)",
      fix: "pull an engine image instead (docker pull mysql:8.0) or run `bgh image build` on a Linux machine as root and move the image",
    });
  }
  if (!hasCommand("debootstrap")) {
    progress("Installing debootstrap to build the engine image...");
    runAptGet(["debootstrap"], "installing debootstrap");
  }
  const rootfs = path.join(WORK_ROOT, `rootfs-${recipe.id}-${process.pid}`);
  rmSync(rootfs, { recursive: true, force: true });
  mkdirSync(WORK_ROOT, { recursive: true });
  const mirror = debianMirror();
  try {
    progress(`Building ${recipe.description} with debootstrap from ${mirror} (about a minute)...`);
    await runLogged(
      "debootstrap",
      ["--variant=minbase", `--include=${recipe.packages.join(",")}`, recipe.suite, rootfs, mirror],
      `debootstrap of Debian ${recipe.suite} with ${recipe.packages.join(", ")}`,
      15 * 60_000,
    );
    trimRootfs(rootfs);
    progress(`Importing ${rootfs} as ${recipe.tag}...`);
    await importRootfs(rootfs, recipe);
    progress(`Built ${recipe.tag}.`);
    return recipe.tag;
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
  }
}

/** The machine's own Debian mirror (it is the one known to be reachable), else deb.debian.org. */
export function debianMirror(): string {
  if (process.env.BGH_DEBIAN_MIRROR) return process.env.BGH_DEBIAN_MIRROR;
  const candidates = ["/etc/apt/sources.list.d/debian.sources", "/etc/apt/sources.list"];
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, "utf8");
    const uri = /^URIs:\s*(\S+\/debian)\/?\s*$/m.exec(text)?.[1] ?? /^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\/?\s/m.exec(text)?.[1];
    if (uri) return uri;
  }
  return "http://deb.debian.org/debian";
}

/** Package caches, lists and docs are dead weight in an image that never runs apt. */
function trimRootfs(rootfs: string): void {
  for (const dir of ["var/cache/apt/archives", "var/lib/apt/lists", "usr/share/doc", "usr/share/man", "usr/share/locale", "usr/share/info"]) {
    const full = path.join(rootfs, dir);
    if (!existsSync(full)) continue;
    for (const entry of readdirSync(full)) {
      if (entry === "partial" || entry === "lock") continue;
      rmSync(path.join(full, entry), { recursive: true, force: true });
    }
  }
}

async function importRootfs(rootfs: string, recipe: DebianRecipe): Promise<void> {
  const docker = await dockerApi();
  const [repo, tag] = recipe.tag.split(":") as [string, string];
  const tar = spawn("tar", ["-C", rootfs, "-c", "."], { stdio: ["ignore", "pipe", "pipe"] });
  let tarError = "";
  tar.stderr.on("data", (chunk: Buffer) => (tarError += chunk.toString()));
  const changes = [`LABEL ${LABEL.project}=${PROJECT}`, `LABEL bgh.debian-recipe=${recipe.id}`, `LABEL bgh.flavor=${recipe.flavor}`];
  const stream = await docker.importImage(tar.stdout, { repo, tag, changes } as object);
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve()));
  });
  const exit = await new Promise<number | null>((resolve) => (tar.exitCode !== null ? resolve(tar.exitCode) : tar.on("close", resolve)));
  if (exit !== 0) {
    throw new HarnessError({ what: `importing ${recipe.tag}`, cause: `tar failed: ${tarError.trim()}`, fix: "check free disk space under /var/cache/bgh" });
  }
}

function runLogged(command: string, args: string[], what: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let tail = "";
    const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    // Bounded: a stalled mirror must end in an error, not a hang.
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      reject(
        new HarnessError({
          what,
          cause: signal ? `killed after ${timeoutMs / 1000} s (${signal})` : `exited with ${code}: ${tail.trim().split("\n").slice(-5).join(" | ")}`,
          fix: "check that Debian's archive is reachable (set BGH_DEBIAN_MIRROR to another mirror if needed) and that /var/cache/bgh has ~1 GB free",
        }),
      );
    });
  });
}

