import { describe, expect, it } from "vitest";
import { parseTypeConversions } from "../../harness/conversion/integer-conversion.ts";
import { parseIntegerType } from "../../harness/conversion/integer-type.ts";
import { HarnessError } from "../../harness/errors/harness-error.ts";
import type { EngineImage } from "../../harness/images/engine-image.ts";
import { rollbackNarrowing } from "../../scenarios/rollback-narrowing.ts";
import { predictReplay, type KeyValueTypes } from "../../scenarios/support/narrowing-replay.ts";

const narrowing: KeyValueTypes = {
  key: { source: parseIntegerType("bigint"), replica: parseIntegerType("int") },
  value: { source: parseIntegerType("bigint"), replica: parseIntegerType("int") },
};
const rows = (...pairs: Array<[bigint, bigint]>) => pairs.map(([key, value]) => ({ key, value }));

describe("predicting a reverse replay into narrower columns", () => {
  it("stops on the first row with ALL_NON_LOSSY, however small its values", () => {
    const prediction = predictReplay(rows([10n, 1n], [11n, 3_000_000_000n]), narrowing, parseTypeConversions("ALL_NON_LOSSY"), [1n]);
    expect(prediction.applied).toEqual([]);
    expect(prediction.stoppedOn).toMatchObject({ outcome: "conversion-error", column: "key", needs: "ALL_LOSSY", row: { key: 10n } });
  });

  it("clips values and keys to INT's range with ALL_LOSSY, silently", () => {
    const prediction = predictReplay(rows([10n, 2_147_483_647n], [11n, 2_147_483_648n], [12n, -2_147_483_649n], [3_000_000_000n, 7n]), narrowing, parseTypeConversions("ALL_LOSSY"), []);
    expect(prediction.stoppedOn).toBeUndefined();
    expect(prediction.applied.map((landing) => landing.outcome)).toEqual(["intact", "changed", "changed", "changed"]);
    expect(prediction.applied[1]).toMatchObject({ landed: { key: 11n, value: 2_147_483_647n } });
    expect(prediction.applied[2]).toMatchObject({ landed: { key: 12n, value: -2_147_483_648n } });
    expect(prediction.applied[3]).toMatchObject({ landed: { key: 2_147_483_647n, value: 7n } });
    expect([...prediction.keys]).toEqual([10n, 11n, 12n, 2_147_483_647n]);
  });

  it("stops on a clipped key that is already there, after applying the rows before it", () => {
    const prediction = predictReplay(rows([2_147_483_648n, 1n], [2_147_483_649n, 2n], [5n, 3n]), narrowing, parseTypeConversions("ALL_LOSSY,ALL_NON_LOSSY"), []);
    expect(prediction.applied).toHaveLength(1);
    expect(prediction.stoppedOn).toMatchObject({ outcome: "duplicate-key", row: { key: 2_147_483_649n }, landed: { key: 2_147_483_647n, value: 2n } });
  });

  it("applies everything intact when the replica is as wide as the source", () => {
    const bigint = parseIntegerType("bigint");
    const same: KeyValueTypes = { key: { source: bigint, replica: bigint }, value: { source: bigint, replica: bigint } };
    const prediction = predictReplay(rows([2_147_483_648n, 9_000_000_000n]), same, parseTypeConversions(""), [2_147_483_647n]);
    expect(prediction.applied).toEqual([{ row: { key: 2_147_483_648n, value: 9_000_000_000n }, outcome: "intact" }]);
  });
});

describe("rollback-narrowing refuses options that cannot show its cases", () => {
  // Refused before any container starts: the engine is never used.
  const context = { engine: {} as EngineImage, runId: "unit", log: () => undefined };
  const refusal = (overrides: Parameters<typeof rollbackNarrowing.run>[1]) => rollbackNarrowing.run(context, overrides);

  it("refuses silent rows that would collide once clipped", async () => {
    await expect(refusal({ crossingRows: [[3_000_000_000n, 1n], [4_000_000_000n, 2n]] })).rejects.toThrow(/would collide on old blue once clipped[\s\S]*Fix: move rows/);
  });

  it("refuses colliding rows that collide with nothing", async () => {
    await expect(refusal({ collidingRows: [[-5_000_000_000n, 1n]] })).rejects.toThrow(HarnessError);
    await expect(refusal({ collidingRows: [[-5_000_000_000n, 1n]] })).rejects.toThrow(/no colliding row clips onto a key/);
  });

  it("refuses a lossy case without ALL_LOSSY, and rows in the workload's key ranges", async () => {
    await expect(refusal({ lossyConversions: "ALL_NON_LOSSY" })).rejects.toThrow(/lacks ALL_LOSSY/);
    await expect(refusal({ crossingRows: [[1_000_005n, 3_000_000_000n], [3_000_000_000n, 8n]] })).rejects.toThrow(/in the workload's key ranges/);
  });
});
