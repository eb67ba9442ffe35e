import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SLOWEST_FILES, slowestFirst } from "../../slowest-first.ts";

describe("the slowest-first order of the integration files", () => {
  it("names only files that exist, each once (a renamed file would silently lose its place)", () => {
    expect(SLOWEST_FILES.filter((file) => !existsSync(file))).toEqual([]);
    expect(new Set(SLOWEST_FILES).size).toBe(SLOWEST_FILES.length);
  });

  it("moves the slowest files to the front in their listed order and keeps the others in vitest's", () => {
    const root = "/work/clone/";
    const vitestOrder = ["test/integration/bad-input.test.ts", SLOWEST_FILES[2]!, "test/integration/reaper.test.ts", SLOWEST_FILES[0]!, "test/unit/xml.test.ts"].map((file) => root + file);
    expect(slowestFirst(vitestOrder, (file) => file).map((file) => file.slice(root.length))).toEqual([
      SLOWEST_FILES[0],
      SLOWEST_FILES[2],
      "test/integration/bad-input.test.ts",
      "test/integration/reaper.test.ts",
      "test/unit/xml.test.ts",
    ]);
    expect(slowestFirst(["C:\\repo\\" + SLOWEST_FILES[1]!.replaceAll("/", "\\"), "C:\\repo\\test\\a.test.ts"], (file) => file)[0]).toContain("rehearsal-files");
  });
});
