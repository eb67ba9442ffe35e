import { describe, expect, it } from "vitest";
import { shrinkWorkload } from "../../../harness/soak/shrink-workload.ts";

describe("shrinking a failing workload", () => {
  it("finds the smallest value of each knob that still fails, the other knobs held", async () => {
    const calls: Array<Record<string, unknown>> = [];
    // Fails from 13 writes on, whatever the writers (at least 1).
    const fails = async (options: Record<string, unknown>) => (calls.push(options), (options.writes as number) >= 13);
    const result = await shrinkWorkload(
      [
        { option: "writes", default: 30, min: 1, description: "" },
        { option: "writers", default: 4, min: 1, description: "" },
      ],
      { rows: 5 },
      fails,
    );
    expect(result.options).toEqual({ writes: 13, writers: 1 });
    expect(result.tried).toBe(calls.length);
    expect(calls.every((options) => options.rows === 5)).toBe(true);
    // The writers were tried with writes already shrunk.
    expect(calls.filter((options) => "writers" in options).every((options) => options.writes === 13)).toBe(true);
  });

  it("leaves a knob where it was when less of it passes, and stops after its run budget", async () => {
    const none = await shrinkWorkload([{ option: "writes", default: 30, min: 1, description: "" }], { writes: 8 }, async (options) => (options.writes as number) >= 8);
    expect(none.options).toEqual({});
    let runs = 0;
    const bounded = await shrinkWorkload([{ option: "n", default: 1_000_000, min: 1, description: "" }], {}, async () => (runs++, true), 5);
    expect(runs).toBe(5);
    expect(bounded.tried).toBe(5);
  });
});
