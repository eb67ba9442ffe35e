import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ColumnModel } from "../../../harness/schema/schema-model.ts";
import { KeyedExpectations } from "../../../harness/workload/keyed-expectations.ts";
import { canonicalJson, imageNormalizer, imageValue } from "../../../harness/workload/row-image.ts";

function column(name: string, dataType: string): ColumnModel {
  return { name, dataType, columnType: dataType, nullable: true, characterSet: null, collation: null, numericScale: null, ordinal: 1, unsigned: false, default: null, autoIncrement: false, generated: false, autoUpdated: false, maxLength: null, numericPrecision: null, datetimePrecision: null, values: [] };
}

/** The ledger as verify() judges it: rows handed over one at a time as they are read. */
function ledger(): KeyedExpectations {
  const expectations = new KeyedExpectations();
  expectations.acknowledged("1", "a");
  expectations.acknowledged("2", "b");
  expectations.acknowledged("3", null); // deleted
  expectations.acknowledged("4", "d");
  expectations.unknownOutcome("4", "d2"); // in doubt: d or d2
  expectations.unknownOutcome("5", "e"); // an insert in doubt: absent or e
  return expectations;
}

describe("judging rows as they are read", () => {
  it("gives the verdict judge() gives, samples in the ledger's order and unexpected rows in the order read", () => {
    const rows: Array<[string, string | null]> = [["9", "x"], ["4", "d2"], ["2", "B"], ["3", "c"], ["5", "e"], ["8", "y"]];
    const judgement = ledger().startJudgement();
    for (const [key, state] of rows) judgement.row(key, state);
    const streamed = judgement.finish(10);
    expect(streamed).toEqual(ledger().judge(new Map(rows), 10));
    expect(streamed).toEqual({
      keys: 5,
      lost: 1,
      changed: 2,
      unexpected: 2,
      inDoubt: 2,
      samples: {
        lost: [{ key: "1", expected: "a", actual: null }],
        changed: [
          { key: "2", expected: "b", actual: "B" },
          { key: "3", expected: null, actual: "c" },
        ],
        unexpected: [
          { key: "9", expected: null, actual: "x" },
          { key: "8", expected: null, actual: "y" },
        ],
      },
    });
  });

  it("counts a key read twice by its last state, as a map of the rows would", () => {
    const expectations = ledger();
    const judgement = expectations.startJudgement();
    for (const [key, state] of [["1", "wrong"], ["1", "a"], ["2", "b"], ["2", "wrong"], ["7", "u"], ["7", "v"]] as const) judgement.row(key, state);
    expect(judgement.finish(10)).toMatchObject({ lost: 1, changed: 1, unexpected: 1, samples: { changed: [{ key: "2", actual: "wrong" }], unexpected: [{ key: "7", actual: "v" }] } });
  });

  it("lets no judgement see the marks an earlier one left, and finishes each once", () => {
    const expectations = ledger();
    const first = expectations.startJudgement();
    for (const key of ["1", "2", "4"]) first.row(key, { "1": "a", "2": "b", "4": "d" }[key]!);
    expect(first.finish(10)).toMatchObject({ lost: 0, changed: 0, unexpected: 0 });
    // Nothing read this time: the rows seen by the first judgement count lost now.
    expect(expectations.startJudgement().finish(10)).toMatchObject({ lost: 3, changed: 0 });
    expect(() => first.finish(10)).toThrow(/finished once/);
  });

  it("allows one judgement at a time (they mark the same expectations), another once it is abandoned", () => {
    const expectations = ledger();
    const first = expectations.startJudgement();
    first.row("1", "a");
    expect(() => expectations.startJudgement()).toThrow(/under way: finish or abandon it/);
    first.abandon();
    const second = expectations.startJudgement();
    for (const [key, state] of [["1", "a"], ["2", "b"], ["4", "d"]] as const) second.row(key, state);
    expect(second.finish(10)).toMatchObject({ lost: 0, changed: 0, unexpected: 0 });
  });

  it("refuses a verdict when a write was recorded while the rows were being judged", () => {
    const expectations = ledger();
    const judgement = expectations.startJudgement();
    judgement.row("1", "a");
    // Key 1 seen holding "a", then written again: the mark says it matches, the ledger says otherwise.
    expectations.acknowledged("1", "a2");
    expect(() => judgement.finish(10)).toThrow(/key 1\) was recorded while the server's rows were being judged/);
    expect(() => expectations.startJudgement().finish(10)).not.toThrow();
  });

  it("caps samples at the limit but counts every finding", () => {
    const expectations = new KeyedExpectations();
    for (let i = 0; i < 50; i++) expectations.acknowledged(String(i), "v");
    const judgement = expectations.startJudgement();
    for (let i = 0; i < 50; i++) judgement.row(String(i), "w");
    expect(judgement.finish(3)).toMatchObject({ changed: 50, samples: { changed: [{ key: "0" }, { key: "1" }, { key: "2" }] } });
  });
});

describe("a column's image normalizer", () => {
  const types = ["int", "bigint", "decimal", "varchar", "datetime", "enum", "double", "blob", "json", "bit", "year"];
  const values = fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.integer(),
    fc.double(),
    fc.constantFrom(-0, 2 ** 53, -(2 ** 53), 2 ** 63, 1e21, Number.MAX_SAFE_INTEGER),
    fc.bigInt(),
    fc.string(),
    fc.stringMatching(/^-?0*[0-9]{0,25}$/),
    fc.constantFrom("007", "-0", "9007199254740993", "1.50", "2026-12-07 06:13:59.000", '{"b":1,"a":[true,null]}', "null", "[1, 2]"),
    fc.uint8Array({ maxLength: 9 }).map((bytes) => Buffer.from(bytes)),
    fc.jsonValue().map((value) => JSON.stringify(value)),
  );

  it("gives what imageValue gives, for every column type and value", () => {
    fc.assert(
      fc.property(fc.constantFrom(...types), values, (dataType, value) => {
        const c = column("c", dataType);
        let expected: unknown;
        try {
          expected = imageValue(c, value);
        } catch (error) {
          // A value no server gives for the type (a BigInt for JSON): both refuse it alike.
          expect(() => imageNormalizer(c)(value)).toThrow((error as Error).message);
          return;
        }
        expect(imageNormalizer(c)(value)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it("writes JSON with keys sorted at every depth, as the ledger always has", () => {
    // The form images were compared in before it was made faster: the same text for every document.
    const reference = (value: unknown): string => {
      if (Array.isArray(value)) return `[${value.map(reference).join(",")}]`;
      if (value !== null && typeof value === "object") {
        return `{${Object.keys(value)
          .sort()
          .map((key) => `${JSON.stringify(key)}:${reference((value as Record<string, unknown>)[key])}`)
          .join(",")}}`;
      }
      return JSON.stringify(value) ?? "null";
    };
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(text).toBe(reference(value));
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 2000 },
    );
    expect(canonicalJson({ z: 1, a: { d: 2, c: [3, { y: null, x: "é" }] }, "10": 0, "9": 1 })).toBe('{"10":0,"9":1,"a":{"c":[3,{"x":"é","y":null}],"d":2},"z":1}');
  });
});
