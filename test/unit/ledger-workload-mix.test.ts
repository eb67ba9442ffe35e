import { describe, expect, it } from "vitest";
import { HarnessError } from "../../harness/errors/harness-error.ts";
import { startLedgerWorkload, type LedgerWorkloadOptions } from "../../harness/workload/ledger-workload.ts";

const OPTIONS: LedgerWorkloadOptions = { table: { schema: "app", table: "t", key: "id", value: "v" }, writers: 1, firstKey: 1n, maxValue: 10n, maxDurationMs: 1_000, seed: 1 };
// Never reached: a bad mix is refused before any writer connects.
const nowhere = () => ({ host: "127.0.0.1", port: 1, user: "none", password: "none" });

describe("the ledger workload's statement mix", () => {
  it.each([
    [{ insert: 0.8, update: 0.3 }],
    [{ insert: -0.1, update: 0.5 }],
    [{ insert: Number.NaN, update: 0 }],
  ])("refuses %j, saying what a mix is", (mix) => {
    expect(() => startLedgerWorkload(nowhere, { ...OPTIONS, mix })).toThrow(HarnessError);
    expect(() => startLedgerWorkload(nowhere, { ...OPTIONS, mix })).toThrow(/not two shares between 0 and 1 that add up to at most 1[\s\S]*rest of the statements delete/);
  });
});
