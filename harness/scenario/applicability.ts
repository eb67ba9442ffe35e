import type { EngineFlavor, ServerVersion } from "../engine/dialect.ts";
import { describeVersion, versionAtLeast } from "../engine/server-version.ts";

/** One engine a scenario applies to: a flavor, optionally from one version and below another (major.minor). */
export interface EngineRange {
  flavor: EngineFlavor;
  /** Lowest version it applies to, "major.minor" (inclusive). */
  from?: string;
  /** First version it no longer applies to, "major.minor" (exclusive). */
  below?: string;
}

/**
 * The engines a scenario applies to, and why not the others. On any other engine `bgh rehearse`
 * reports the scenario as not applicable, with the reason: neither passed nor failed.
 */
export interface EngineApplicability {
  engines: EngineRange[];
  /** Why it does not apply elsewhere, in words a user can act on (e.g. "MariaDB has no CLONE"). */
  reason: string;
}

/** Undefined when the scenario applies to `version`; otherwise the reason it does not. */
export function notApplicableReason(applicability: EngineApplicability | undefined, version: ServerVersion): string | undefined {
  if (!applicability) return undefined;
  if (applicability.engines.some((range) => inRange(range, version))) return undefined;
  return `applies to ${applicability.engines.map(describeRange).join(", ")}, not to ${describeVersion(version)}: ${applicability.reason}`;
}

function inRange(range: EngineRange, version: ServerVersion): boolean {
  if (range.flavor !== version.flavor) return false;
  if (range.from && !versionAtLeast(version, ...majorMinor(range.from))) return false;
  if (range.below && versionAtLeast(version, ...majorMinor(range.below))) return false;
  return true;
}

export function describeRange(range: EngineRange): string {
  const name = range.flavor === "mariadb" ? "MariaDB" : "MySQL";
  if (range.from && range.below) return `${name} ${range.from} to below ${range.below}`;
  if (range.from) return `${name} ${range.from}+`;
  if (range.below) return `${name} below ${range.below}`;
  return name;
}

function majorMinor(text: string): [number, number] {
  const [major, minor] = text.split(".").map(Number);
  return [major ?? 0, minor ?? 0];
}
