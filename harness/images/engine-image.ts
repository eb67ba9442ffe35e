import { dockerApi } from "../docker/docker-client.ts";
import type { EngineDialect } from "../engine/dialect.ts";
import { dialectFor } from "../engine/select-dialect.ts";
import { parseServerVersion } from "../engine/server-version.ts";
import { HarnessError, messageOf } from "../errors/harness-error.ts";
import { loudWarning, progress } from "../progress/progress.ts";
import { withTimeout } from "../wait/wait-until.ts";
import { recipeFor, type DebianRecipe } from "./debian-recipes.ts";
import { buildDebianEngineImage } from "./debian-image-build.ts";
import { imageRequestFrom, type ImageRequest } from "./image-request.ts";
import { probeEngineImage } from "./image-probe.ts";
import { deriveWarmImage, findWarmImage } from "./warm-image.ts";

/** The engine a run uses, and the truth about it: what was asked for, what runs, and why they differ. */
export interface EngineImage {
  requested: string;
  /** The image nodes start from when initializing at start (cold). */
  baseImage: string;
  /** The pre-initialized image (warm): the default for nodes. */
  warmImage: string;
  dialect: EngineDialect;
  /** Set when the requested image could not be had and a Debian build stands in for it. */
  substitution?: { reason: string; description: string };
}

export interface ResolveOptions {
  runId: string;
  /** Build from Debian packages when the image cannot be pulled (default true). */
  allowDebianFallback?: boolean;
}

const resolved = new Map<string, Promise<EngineImage>>();

/** Resolves BGH_MYSQL_IMAGE (or the default) once per process. */
export function engineImageFromEnvironment(options: ResolveOptions): Promise<EngineImage> {
  return resolveEngineImage(imageRequestFrom(process.env.BGH_MYSQL_IMAGE), options);
}

export function resolveEngineImage(request: ImageRequest, options: ResolveOptions): Promise<EngineImage> {
  let pending = resolved.get(request.reference);
  if (!pending) {
    pending = resolveUncached(request, options);
    resolved.set(request.reference, pending);
    pending.catch(() => resolved.delete(request.reference));
  }
  return pending;
}

/**
 * What a request would run on, known without pulling or building: the image itself when it is on this
 * machine, else the Debian build that would stand in for it if the pull fails ("none" for bgh's own
 * images, which are never pulled). For refusing early, before anything starts, what a stand-in could
 * not do (e.g. be newer than another engine).
 */
export async function expectedStandIn(request: ImageRequest): Promise<{ kind: "local" } | { kind: "stand-in"; recipe: DebianRecipe } | { kind: "none" }> {
  if (await localImageId(request.reference)) return { kind: "local" };
  return request.reference.startsWith("bgh/") ? { kind: "none" } : { kind: "stand-in", recipe: recipeFor(request) };
}

async function resolveUncached(request: ImageRequest, options: ResolveOptions): Promise<EngineImage> {
  const base = await obtainBaseImage(request, options);
  const warm = await findWarmImage(base.id);
  let dialect: EngineDialect;
  let warmImage: string;
  if (warm) {
    dialect = dialectFor(parseServerVersion(warm.serverVersionRaw));
    warmImage = warm.tag;
  } else {
    const probed = await probeEngineImage(base.reference, options.runId);
    dialect = dialectFor(parseServerVersion(probed.versionRaw));
    warmImage = (await deriveWarmImage(base, dialect, options.runId)).tag;
  }
  if (base.substitution) {
    loudWarning([
      `${request.reference} could not be pulled: ${base.substitution.reason}`,
      `Using ${base.substitution.description} instead: server version ${dialect.version.raw}.`,
      `Results hold for that engine, not for ${request.reference}. Pull or load ${request.reference} to rehearse on it.`,
    ]);
  }
  return {
    requested: request.reference,
    baseImage: base.reference,
    warmImage,
    dialect,
    ...(base.substitution ? { substitution: base.substitution } : {}),
  };
}

interface BaseImage {
  reference: string;
  id: string;
  substitution?: { reason: string; description: string };
}

async function obtainBaseImage(request: ImageRequest, options: ResolveOptions): Promise<BaseImage> {
  const local = await localImageId(request.reference);
  if (local) return { reference: request.reference, id: local };
  let pullFailure: string;
  try {
    progress(`Pulling ${request.reference}...`);
    await pullImage(request.reference);
    return { reference: request.reference, id: (await localImageId(request.reference))! };
  } catch (error) {
    pullFailure = messageOf(error).split("\n")[0]!;
  }
  if (options.allowDebianFallback === false || request.reference.startsWith("bgh/")) {
    throw new HarnessError({
      what: `getting the engine image ${request.reference}`,
      cause: `it is not on this machine and could not be pulled: ${pullFailure}`,
      fix: "check the name, `docker pull` or `docker load` it, or run `bgh image build` to build one from Debian packages",
    });
  }
  const recipe = recipeFor(request);
  const built = (await localImageId(recipe.tag)) ?? (await buildAndGetId(recipe));
  return { reference: recipe.tag, id: built, substitution: { reason: pullFailure, description: recipe.description } };
}

async function buildAndGetId(recipe: DebianRecipe): Promise<string> {
  await buildDebianEngineImage(recipe);
  const id = await localImageId(recipe.tag);
  if (!id) throw new HarnessError({ what: `building ${recipe.tag}`, cause: "the image is missing after the build", fix: "run `bgh image build` and read its output" });
  return id;
}

export async function localImageId(reference: string): Promise<string | undefined> {
  const docker = await dockerApi();
  try {
    return (await docker.getImage(reference).inspect()).Id;
  } catch {
    return undefined;
  }
}

async function pullImage(reference: string): Promise<void> {
  const docker = await dockerApi();
  await withTimeout(
    `pulling ${reference}`,
    180_000,
    (async () => {
      const stream = await docker.pull(reference);
      await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())));
    })(),
  );
}
