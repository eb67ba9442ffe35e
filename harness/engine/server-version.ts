import { HarnessError } from "../errors/harness-error.ts";
import type { EngineFlavor, ServerVersion } from "./dialect.ts";

/**
 * MariaDB servers used to prefix their version with "5.5.5-" on the wire so that old MySQL
 * replication clients would not refuse a "10.x" source; some proxies and old builds still show it
 * in VERSION(). It is never a real MariaDB version, so it is dropped when followed by another one.
 */
const MARIADB_REPLICATION_PREFIX = /^5\.5\.5-(?=\d+\.\d+\.\d+)/;

/** major.minor.patch at the start, anything after it is a distribution suffix ("-2", "-MariaDB-0+deb12u1", "-log"). */
const LEADING_VERSION = /^(\d+)\.(\d+)\.(\d+)(?![\d.])/;

/**
 * Parses what VERSION() (or the handshake) reports, e.g. "9.7.4-2", "8.0.36", "8.4.3",
 * "10.11.6-MariaDB-0+deb12u1", "11.4.2-MariaDB-ubu2404", "5.5.5-10.11.6-MariaDB".
 * `versionComment` (@@version_comment) is a second hint for the flavor: MariaDB always puts
 * "MariaDB" in one of the two.
 */
export function parseServerVersion(raw: string, versionComment?: string): ServerVersion {
  const trimmed = raw.trim();
  const mentionsMariadb = /mariadb/i.test(trimmed) || /mariadb/i.test(versionComment ?? "");
  const numeric = mentionsMariadb ? trimmed.replace(MARIADB_REPLICATION_PREFIX, "") : trimmed;
  const match = LEADING_VERSION.exec(numeric);
  if (!match) {
    throw new HarnessError({
      what: "reading the server version",
      cause: `cannot parse server version ${JSON.stringify(raw)}${
        versionComment === undefined ? "" : ` (version comment ${JSON.stringify(versionComment)})`
      }: expected major.minor.patch such as "8.0.36" or "10.11.6-MariaDB"`,
      fix: "connect the harness to a MySQL 8.0+ or MariaDB 10.5+ server; check what SELECT VERSION() returns there",
    });
  }
  const flavor: EngineFlavor = mentionsMariadb ? "mariadb" : "mysql";
  return {
    flavor,
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    raw,
  };
}

/** True when `version` is at least major.minor.patch (flavor is not compared: callers know which engine they ask about). */
export function versionAtLeast(version: ServerVersion, major: number, minor: number, patch = 0): boolean {
  if (version.major !== major) return version.major > major;
  if (version.minor !== minor) return version.minor > minor;
  return version.patch >= patch;
}

/** "mysql 8.0.36" / "mariadb 10.11.6", for messages. */
export function describeVersion(version: ServerVersion): string {
  return `${version.flavor === "mariadb" ? "MariaDB" : "MySQL"} ${version.major}.${version.minor}.${version.patch}`;
}
