import { describe, expect, it } from "vitest";
import { recipeFor } from "../../harness/images/debian-recipes.ts";
import { DEFAULT_ENGINE_IMAGE, imageRequestFrom } from "../../harness/images/image-request.ts";

describe("the engine image request", () => {
  it("defaults to mysql:8.0, the Aurora MySQL 3 family", () => {
    expect(imageRequestFrom(undefined)).toEqual({ reference: DEFAULT_ENGINE_IMAGE, flavorHint: "mysql", versionHint: "8.0" });
    expect(imageRequestFrom("  ")).toMatchObject({ reference: "mysql:8.0" });
  });

  it("reads flavor and version from names, registries and digests", () => {
    expect(imageRequestFrom("mariadb:11.4")).toEqual({ reference: "mariadb:11.4", flavorHint: "mariadb", versionHint: "11.4" });
    expect(imageRequestFrom("registry.example.com:5000/db/mysql:8.4.3-oracle")).toMatchObject({ flavorHint: "mysql", versionHint: "8.4.3" });
    expect(imageRequestFrom("library/mariadb")).toEqual({ reference: "library/mariadb", flavorHint: "mariadb" });
    expect(imageRequestFrom(`mysql@sha256:${"a".repeat(64)}`)).toMatchObject({ flavorHint: "mysql" });
  });

  it("refuses what is not an image reference, naming the variable and the fix", () => {
    expect(() => imageRequestFrom("My SQL:8")).toThrow(/"My SQL:8" \(from BGH_MYSQL_IMAGE\) is not a valid image reference[\s\S]*Fix: set BGH_MYSQL_IMAGE/);
    expect(() => imageRequestFrom("mysql:", "--engine")).toThrow(/from --engine/);
  });

  it("chooses the closest Debian build when the image cannot be pulled", () => {
    expect(recipeFor({ flavorHint: "mysql", versionHint: "8.0" }).id).toBe("mysql-sid");
    expect(recipeFor({ flavorHint: "mariadb", versionHint: "10.11" }).id).toBe("mariadb-bookworm");
    expect(recipeFor({ flavorHint: "mariadb", versionHint: "11.4" }).id).toBe("mariadb-trixie");
    expect(recipeFor({ flavorHint: "mariadb" }).id).toBe("mariadb-trixie");
  });
});
