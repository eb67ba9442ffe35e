import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SLOWEST_FILES } from "../../slowest-first.ts";

describe("the slowest-first order of the integration files", () => {
  it("names only files that exist, each once (a renamed file would silently lose its place)", () => {
    expect(SLOWEST_FILES.filter((file) => !existsSync(file))).toEqual([]);
    expect(new Set(SLOWEST_FILES).size).toBe(SLOWEST_FILES.length);
  });
});
