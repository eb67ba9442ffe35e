import type { ServerVersion } from "../../../harness/engine/dialect.ts";
import { describeVersion } from "../../../harness/engine/server-version.ts";
import { expectedStandIn } from "../../../harness/images/engine-image.ts";
import { imageRequestFrom } from "../../../harness/images/image-request.ts";
import { RdsFault } from "../api/rds-fault.ts";
import { checkUpgradePath, ENGINE_IMAGES_VARIABLE, engineVersionFamily, imageForVersion } from "./engine-versions.ts";
import type { ModelContext } from "./model-context.ts";
import type { DbCluster } from "./resources.ts";

/** Where green of an engine upgrade runs: the RDS version it reports and the image that serves it (none: blue's, a minor upgrade). */
export interface TargetEngine {
  version: string;
  image?: string;
}

/**
 * Plans green's engine for TargetEngineVersion (a major upgrade starts green on the target series' image), refusing before anything starts what RDS refuses
 * (unknown versions, downgrades, paths it does not offer) and what this machine cannot do: an image
 * that cannot be had with no Debian build for it, or a Debian stand-in that would not be newer than
 * what blue runs (green would then not be an upgrade, and the rehearsal would prove nothing about it).
 */
export async function planTargetEngine(context: ModelContext, blue: DbCluster, blueServer: ServerVersion, targetVersion: string): Promise<TargetEngine> {
  const family = checkUpgradePath(blue.engine, blue.engineVersion, targetVersion);
  // A minor upgrade (8.0.mysql_aurora.3.05.2 to 3.08.0, 10.11.8 to 10.11.10) runs on blue's own image:
  // the fake has one image per series, so green differs from blue only in the version it reports.
  if (family.series === engineVersionFamily(blue.engine, blue.engineVersion).series && !context.fleet.engineImages[targetVersion]) return { version: targetVersion };
  const image = imageForVersion(family, targetVersion, context.fleet.engineImages);
  const request = imageRequestFrom(image, ENGINE_IMAGES_VARIABLE);
  const expected = await expectedStandIn(request);
  const asked = `TargetEngineVersion ${targetVersion} runs on ${image}`;
  const remedy = `Pull or load ${image}, or map ${family.series} to an image you have: ${ENGINE_IMAGES_VARIABLE}="${family.series}=<image>".`;
  if (expected.kind === "none") {
    throw new RdsFault("InvalidParameterCombination", `${asked}, which is not on this machine and has no Debian build to stand in for it. ${remedy}`);
  }
  if (expected.kind === "stand-in") {
    const { major, minor } = expected.recipe.serverSeries;
    const newer = major > blueServer.major || (major === blueServer.major && minor !== undefined && minor > blueServer.minor);
    if (!newer) {
      throw new RdsFault(
        "InvalidParameterCombination",
        `${asked}, which is not on this machine; if it cannot be pulled its stand-in, ${expected.recipe.description}, is not newer than blue's ${describeVersion(blueServer)}, so green would not be an upgrade. ${remedy}`,
      );
    }
    return { version: targetVersion, image };
  }
  const engine = await context.fleet.engineFor(image);
  const green = engine.dialect.version;
  if (green.flavor !== blueServer.flavor || !isNewer(green, blueServer)) {
    throw new RdsFault("InvalidParameterCombination", `${asked}, which runs ${describeVersion(green)}: not a newer release of blue's ${describeVersion(blueServer)}, so green would not be an upgrade. ${remedy}`);
  }
  return { version: targetVersion, image };
}

/** A newer release (major.minor.patch) of the same engine. */
export function isNewer(candidate: ServerVersion, than: ServerVersion): boolean {
  if (candidate.major !== than.major) return candidate.major > than.major;
  if (candidate.minor !== than.minor) return candidate.minor > than.minor;
  return candidate.patch > than.patch;
}
