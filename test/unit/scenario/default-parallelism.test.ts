import { describe, expect, it } from "vitest";
import { defaultParallelism, MAX_DEFAULT_PARALLEL, MEMORY_PER_SCENARIO_BYTES } from "../../../harness/scenario/default-parallelism.ts";

const GiB = 1024 ** 3;

describe("default parallelism", () => {
  it("runs two scenarios per core when memory allows", () => {
    expect(defaultParallelism({ cores: 2, freeMemoryBytes: 20 * GiB })).toBe(4);
  });
  it("runs fewer when memory is short, never none", () => {
    expect(defaultParallelism({ cores: 8, freeMemoryBytes: 2 * MEMORY_PER_SCENARIO_BYTES + 1 })).toBe(2);
    expect(defaultParallelism({ cores: 2, freeMemoryBytes: 0.2 * GiB })).toBe(1);
  });
  it("stays bounded on a large machine", () => {
    expect(defaultParallelism({ cores: 64, freeMemoryBytes: 512 * GiB })).toBe(MAX_DEFAULT_PARALLEL);
  });
});
