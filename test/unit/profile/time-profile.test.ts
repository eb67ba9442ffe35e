import { describe, expect, it } from "vitest";
import { profiled, TimeProfile, unionLength, withProfile } from "../../../harness/profile/time-profile.ts";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("time profile", () => {
  it("counts overlapping work of one kind once", () => {
    expect(unionLength([{ startMs: 0, endMs: 10 }, { startMs: 5, endMs: 15 }, { startMs: 20, endMs: 25 }])).toBe(20);
    expect(unionLength([{ startMs: 0, endMs: 30 }, { startMs: 5, endMs: 10 }])).toBe(30);
    expect(unionLength([])).toBe(0);
  });

  it("attributes work to the profile of the async context it runs in, not to a neighbour's", async () => {
    const a = new TimeProfile();
    const b = new TimeProfile();
    await Promise.all([
      withProfile(a, async () => {
        await Promise.all([profiled("server starts", "one", () => pause(30)), profiled("server starts", "two", () => pause(30))]);
      }),
      withProfile(b, () => profiled("copies", "x into y", () => pause(10))),
    ]);
    const [starts] = a.entries();
    expect(a.entries().map((entry) => entry.kind)).toEqual(["server starts"]);
    expect(starts!.count).toBe(2);
    // Two 30 ms starts side by side take about 30 ms of wall time, not 60.
    expect(starts!.ms).toBeLessThan(55);
    expect(b.entries().map((entry) => [entry.kind, entry.count, entry.longest.what])).toEqual([["copies", 1, "x into y"]]);
  });

  it("records nothing, and still runs the work, outside a profile", async () => {
    expect(await profiled("sleeps", "outside", async () => 7)).toBe(7);
  });
});
