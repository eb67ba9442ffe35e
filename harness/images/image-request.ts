import { HarnessError } from "../errors/harness-error.ts";
import type { EngineFlavor } from "../engine/dialect.ts";

/** Aurora MySQL 3 is MySQL 8.0 compatible: that is what a rehearsal should run by default. */
export const DEFAULT_ENGINE_IMAGE = "mysql:8.0";
export const ENGINE_IMAGE_VARIABLE = "BGH_MYSQL_IMAGE";

export interface ImageRequest {
  /** The reference as the user gave it (or the default). */
  reference: string;
  /** What the reference says about the engine, used to choose a Debian build when it cannot be pulled. */
  flavorHint: EngineFlavor;
  /** Major version named in the tag, if any ("8.0", "11.4"). */
  versionHint?: string;
}

// name[:tag][@digest], with an optional registry host and path components (docker's reference grammar, simplified).
const REFERENCE = /^(?:[a-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

export function imageRequestFrom(reference: string | undefined, source = ENGINE_IMAGE_VARIABLE): ImageRequest {
  const ref = (reference ?? "").trim() || DEFAULT_ENGINE_IMAGE;
  if (!REFERENCE.test(ref)) {
    throw new HarnessError({
      what: "reading the engine image",
      cause: `"${ref}" (from ${source}) is not a valid image reference`,
      fix: `set ${source} to an image such as mysql:8.0, mysql:8.4, mariadb:11.4 or a local image name, or unset it for ${DEFAULT_ENGINE_IMAGE}`,
    });
  }
  const name = ref.split("@")[0]!;
  const lastSlash = name.lastIndexOf("/");
  const colon = name.indexOf(":", lastSlash + 1);
  const repository = colon === -1 ? name : name.slice(0, colon);
  const tag = colon === -1 ? undefined : name.slice(colon + 1);
  const flavorHint: EngineFlavor = /mariadb/i.test(repository) ? "mariadb" : "mysql";
  const versionHint = tag && /^\d+(\.\d+)*/.exec(tag)?.[0];
  return { reference: ref, flavorHint, ...(versionHint ? { versionHint } : {}) };
}
