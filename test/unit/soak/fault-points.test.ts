import { describe, expect, it } from "vitest";
import { formatPlacement, parsePlacement, placementArguments, placementOf, validatePlacements, type FaultPointDeclaration } from "../../../harness/scenario/fault-points.ts";

const KILL: FaultPointDeclaration = { fault: "writer-kill", description: "", points: ["catch-up", "stop-writes"], maxDelayMs: 2000 };

describe("fault placements", () => {
  it("round-trip through their command-line form", () => {
    const text = formatPlacement("writer-kill", { point: "stop-writes", delayMs: 250 });
    expect(text).toBe("writer-kill@stop-writes+250ms");
    expect(parsePlacement(text)).toEqual({ fault: "writer-kill", placement: { point: "stop-writes", delayMs: 250 } });
    expect(parsePlacement("writer-kill@catch-up")).toEqual({ fault: "writer-kill", placement: { point: "catch-up", delayMs: 0 } });
    expect(placementArguments({ "writer-kill": { point: "catch-up", delayMs: 3 } })).toEqual(["--fault", "writer-kill@catch-up+3ms"]);
  });

  it("refuses text that is not FAULT@POINT+DELAY, naming the form", () => {
    expect(() => parsePlacement("writer-kill")).toThrow(/FAULT@POINT/);
    expect(() => parsePlacement("a@b+x")).toThrow(/FAULT@POINT/);
  });

  it("default to the first declared point at once", () => {
    expect(placementOf(undefined, KILL)).toEqual({ point: "catch-up", delayMs: 0 });
    expect(placementOf({ "writer-kill": { point: "stop-writes", delayMs: 9 } }, KILL)).toEqual({ point: "stop-writes", delayMs: 9 });
  });

  it("are checked against the scenario's declaration: fault, point and delay, each refusal naming what is allowed", () => {
    expect(() => validatePlacements("s", [KILL], { "writer-kill": { point: "catch-up", delayMs: 2000 } })).not.toThrow();
    expect(() => validatePlacements("s", [KILL], { "network-cut": { point: "catch-up", delayMs: 0 } })).toThrow(/declares no fault "network-cut"[\s\S]*writer-kill at catch-up\|stop-writes/);
    expect(() => validatePlacements("s", [KILL], { "writer-kill": { point: "renames", delayMs: 0 } })).toThrow(/choose one of: catch-up, stop-writes/);
    expect(() => validatePlacements("s", [KILL], { "writer-kill": { point: "catch-up", delayMs: 2001 } })).toThrow(/at most 2000 ms/);
    expect(() => validatePlacements("s", undefined, { x: { point: "p", delayMs: 0 } })).toThrow(/fault points: none/);
  });
});
