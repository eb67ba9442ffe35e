import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareKeys, normalizeValue } from "../../harness/checks/normalize-value.ts";

describe("value normalization for comparisons", () => {
  it("an INT (number) and a BIGINT (string) of the same value are equal", () => {
    expect(normalizeValue(2147483647)).toBe(normalizeValue("2147483647"));
    expect(normalizeValue(-5)).toBe(normalizeValue("-5"));
    expect(normalizeValue(-5)).not.toBe(normalizeValue("4294967291"));
  });

  it("keeps values beyond 2^53 exact", () => {
    expect(normalizeValue("9007199254740993")).toBe("9007199254740993");
    expect(normalizeValue("9007199254740993")).not.toBe(normalizeValue("9007199254740992"));
  });

  it("NULL is not the text NULL; bytes compare by content; other values by text", () => {
    expect(normalizeValue(null)).toBeNull();
    expect(normalizeValue("NULL")).toBe("NULL");
    expect(normalizeValue(Buffer.from([0, 255]))).toBe("0x00ff");
    expect(normalizeValue("12:00:01")).toBe("12:00:01");
    expect(normalizeValue(1.5)).toBe("1.5");
  });

  it("compares JSON columns (objects from mysql2) by their JSON text", () => {
    expect(normalizeValue({ a: 1 })).toBe('{"a":1}');
    expect(normalizeValue({ a: 1 })).not.toBe(normalizeValue({ a: 2 }));
    expect(normalizeValue([1, "x"])).toBe('[1,"x"]');
  });

  it("orders integer keys numerically, whatever their JS type (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }), (a, b) => {
        const expected = a < b ? -1 : a > b ? 1 : 0;
        expect(compareKeys(normalizeValue(a.toString()), normalizeValue(b.toString()))).toBe(expected);
      }),
      { seed: 42 },
    );
  });
});
