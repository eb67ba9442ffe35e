import { describe, expect, it } from "vitest";
import { describeRange } from "../../../harness/conversion/changed-ranges.ts";
import { rangeBounds } from "../../../scenarios/rehearsal/prediction.ts";

// The rehearsal looks for a predicted silent change in the ranges the plan wrote: every form
// describeRange writes must read back, or the prediction is reported "predicted, not observed".
describe("rangeBounds reads back the ranges describeRange writes", () => {
  it.each([
    ["a range arriving as a range (signedness)", { from: 2147483648n, to: 4294967295n, arriveFrom: -2147483648n, arriveTo: -1n, because: ["signedness" as const] }, { low: "2147483648", high: "4294967295", arrivedLow: "-2147483648", arrivedHigh: "-1" }],
    ["a range clipped to one value", { from: 2147483648n, to: 9223372036854775807n, arriveFrom: 2147483647n, arriveTo: 2147483647n, because: ["clipped" as const] }, { low: "2147483648", high: "9223372036854775807", arrivedLow: "2147483647", arrivedHigh: "2147483647" }],
    ["one value arriving as one value", { from: -1n, to: -1n, arriveFrom: 4294967295n, arriveTo: 4294967295n, because: ["signedness" as const] }, { low: "-1", high: "-1", arrivedLow: "4294967295", arrivedHigh: "4294967295" }],
  ])("%s", (_, range, bounds) => {
    expect(rangeBounds(describeRange(range))).toEqual(bounds);
  });

  it("leaves a range of another kind alone", () => {
    expect(rangeBounds("values longer than 20 characters arrive cut")).toBeUndefined();
  });
});
