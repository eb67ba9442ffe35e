import { describe, expect, it } from "vitest";
import { HarnessError } from "../../harness/errors/harness-error.ts";
import { describeVersion, parseServerVersion, versionAtLeast } from "../../harness/engine/server-version.ts";

describe("parseServerVersion", () => {
  it.each([
    ["9.7.4-2", "mysql", 9, 7, 4],
    ["8.0.36", "mysql", 8, 0, 36],
    ["8.4.3", "mysql", 8, 4, 3],
    ["8.0.36-0ubuntu0.22.04.1", "mysql", 8, 0, 36],
    ["8.0.32-log", "mysql", 8, 0, 32],
    ["10.11.6-MariaDB-0+deb12u1", "mariadb", 10, 11, 6],
    ["10.11.18-MariaDB-0+deb12u1-log", "mariadb", 10, 11, 18],
    ["11.4.2-MariaDB-ubu2404", "mariadb", 11, 4, 2],
    ["5.5.5-10.11.6-MariaDB", "mariadb", 10, 11, 6],
  ])("%s", (raw, flavor, major, minor, patch) => {
    expect(parseServerVersion(raw)).toEqual({ flavor, major, minor, patch, raw });
  });

  it("takes the flavor from the version comment when the version does not say", () => {
    expect(parseServerVersion("10.6.12", "mariadb.org binary distribution").flavor).toBe("mariadb");
    // A real 10.11 Debian build says "Debian 12" in the comment: the version string decides then.
    expect(parseServerVersion("10.11.18-MariaDB-0+deb12u1-log", "Debian 12").flavor).toBe("mariadb");
    expect(parseServerVersion("9.7.4-2", "(Debian)").flavor).toBe("mysql");
  });

  it("keeps a 5.5.5 version that is not a MariaDB prefix", () => {
    expect(parseServerVersion("5.5.5-log")).toMatchObject({ flavor: "mysql", major: 5, minor: 5, patch: 5 });
  });

  it.each(["", "abc", "8.0", "8.0.x", "v8.0.36", "8.0.36.1"])("rejects %j naming it", (raw) => {
    expect(() => parseServerVersion(raw)).toThrow(HarnessError);
    expect(() => parseServerVersion(raw)).toThrow(JSON.stringify(raw));
  });
});

describe("versionAtLeast", () => {
  const v = parseServerVersion("8.0.23");
  it("compares major, minor, patch in order", () => {
    expect(versionAtLeast(v, 8, 0, 23)).toBe(true);
    expect(versionAtLeast(v, 8, 0, 22)).toBe(true);
    expect(versionAtLeast(v, 8, 0, 24)).toBe(false);
    expect(versionAtLeast(v, 8, 2)).toBe(false);
    expect(versionAtLeast(v, 5, 7, 99)).toBe(true);
    expect(versionAtLeast(parseServerVersion("9.0.0"), 8, 4, 3)).toBe(true);
  });
  it("describes", () => {
    expect(describeVersion(parseServerVersion("10.11.6-MariaDB"))).toBe("MariaDB 10.11.6");
    expect(describeVersion(v)).toBe("MySQL 8.0.23");
  });
});
