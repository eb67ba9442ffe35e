import { HarnessError } from "../../../harness/errors/harness-error.ts";
import { RdsFault } from "../api/rds-fault.ts";

/** The engines the fake knows: Aurora MySQL clusters, and RDS for MySQL and MariaDB. */
export type RdsEngine = "aurora-mysql" | "mysql" | "mariadb";

/**
 * A family of RDS engine versions that one engine image serves: every Aurora MySQL 3 version runs on
 * MySQL 8.0, every 8.4.x on mysql:8.4, every MariaDB 11.8.x on mariadb:11.8. `series` keys the
 * user's override (BGH_ENGINE_IMAGES) and orders majors for upgrade paths.
 */
export interface EngineVersionFamily {
  engine: RdsEngine;
  /** "8.0", "8.4", "10.11", "11.8" (Aurora MySQL 3: "8.0"). */
  series: string;
  /** How RDS spells a version of it, for error messages. */
  shape: string;
  pattern: RegExp;
  /** The image that runs it by default. */
  image: string;
}

const MARIADB_SERIES = ["10.5", "10.6", "10.11", "11.4", "11.8"];

export const ENGINE_VERSION_FAMILIES: readonly EngineVersionFamily[] = [
  { engine: "aurora-mysql", series: "8.0", shape: "8.0.mysql_aurora.3.NN.N (Aurora MySQL 3)", pattern: /^8\.0\.mysql_aurora\.3\.\d{2}\.\d+$/, image: "mysql:8.0" },
  { engine: "mysql", series: "8.0", shape: "8.0.N", pattern: /^8\.0\.\d+$/, image: "mysql:8.0" },
  { engine: "mysql", series: "8.4", shape: "8.4.N", pattern: /^8\.4\.\d+$/, image: "mysql:8.4" },
  ...MARIADB_SERIES.map((series) => ({ engine: "mariadb" as const, series, shape: `${series}.N`, pattern: new RegExp(`^${series.replace(".", "\\.")}\\.\\d+$`), image: `mariadb:${series}` })),
];

/** The variable that overrides the default image of a series: "8.4=my.registry/mysql:8.4.3,11.8=mariadb:11.8.2". */
export const ENGINE_IMAGES_VARIABLE = "BGH_ENGINE_IMAGES";

/** The versions of an engine that map to images, as a list for error messages. */
export function mappedVersions(engine: RdsEngine): string {
  return ENGINE_VERSION_FAMILIES.filter((family) => family.engine === engine).map((family) => family.shape).join(", ");
}

/** The family of a version, or RDS's refusal naming the versions that map. */
export function engineVersionFamily(engine: RdsEngine, version: string): EngineVersionFamily {
  const family = ENGINE_VERSION_FAMILIES.find((candidate) => candidate.engine === engine && candidate.pattern.test(version));
  if (!family) {
    throw new RdsFault("InvalidParameterCombination", `Cannot find version ${version} for ${engine}. Versions this fake maps to an engine image: ${mappedVersions(engine)}.`);
  }
  return family;
}

/**
 * RDS's refusals for a target engine version: unknown versions, downgrades, and paths it does not
 * offer (another engine; Aurora MySQL 3 has no major upgrade in this fake). Returns the target's family.
 */
export function checkUpgradePath(engine: RdsEngine, from: string, to: string): EngineVersionFamily {
  const target = engineVersionFamily(engine, to);
  const source = engineVersionFamily(engine, from);
  if (compareEngineVersions(to, from) < 0) {
    throw new RdsFault("InvalidParameterCombination", `Cannot upgrade ${engine} from ${from} to ${to}: the target engine version is lower than the source's. Blue/green deployments don't support downgrades.`);
  }
  // RDS for MySQL upgrades one major at a time (8.0 to 8.4); MariaDB may skip majors.
  if (engine === "mysql" && compareEngineVersions(target.series, source.series) > 0 && !(source.series === "8.0" && target.series === "8.4")) {
    throw new RdsFault("InvalidParameterCombination", `Cannot find upgrade path from ${from} to ${to}.`);
  }
  return target;
}

/** Orders versions by their numeric parts ("8.0.mysql_aurora.3.05.2" reads as 8.0.3.05.2); negative when a < b. */
export function compareEngineVersions(a: string, b: string): number {
  const parts = (version: string) => version.split(/[^\d]+/).filter(Boolean).map(Number);
  const left = parts(a);
  const right = parts(b);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The user's overrides: series (or exact version) to image, from BGH_ENGINE_IMAGES and the model's options (which win). */
export function parseEngineImageOverrides(text: string | undefined): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const entry of (text ?? "").split(",").map((item) => item.trim()).filter(Boolean)) {
    const match = /^([\w.]+)=(\S+)$/.exec(entry);
    if (!match) {
      throw new HarnessError({
        what: `reading ${ENGINE_IMAGES_VARIABLE}`,
        cause: `the entry "${entry}" is not series=image`,
        fix: `write it like ${ENGINE_IMAGES_VARIABLE}="8.4=mysql:8.4.3,11.8=mariadb:11.8" (an engine version series such as 8.4 or 11.8, or an exact engine version, then the image)`,
      });
    }
    overrides[match[1]!] = match[2]!;
  }
  return overrides;
}

/** The image a version runs on: the user's override for that exact version, else for its series, else the default. */
export function imageForVersion(family: EngineVersionFamily, version: string, overrides: Record<string, string>): string {
  return overrides[version] ?? overrides[family.series] ?? family.image;
}
