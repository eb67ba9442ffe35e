import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { integerConversion, parseTypeConversions, replicatedValue } from "../../harness/conversion/integer-conversion.ts";
import { parseIntegerType, rangeOf, type IntegerType } from "../../harness/conversion/integer-type.ts";
import { HarnessError } from "../../harness/errors/harness-error.ts";

const t = parseIntegerType;
const c = parseTypeConversions;
const arrives = (source: string, replica: string, conversions: string, value: bigint) => replicatedValue(t(source), t(replica), c(conversions), value);

describe("integer column types", () => {
  it("reads DDL and information_schema spellings", () => {
    expect(t("int unsigned")).toEqual({ base: "INT", unsigned: true });
    expect(t("INT(11)")).toEqual({ base: "INT", unsigned: false });
    expect(t("integer")).toEqual({ base: "INT", unsigned: false });
    expect(t("bigint(20) unsigned zerofill")).toEqual({ base: "BIGINT", unsigned: true });
    expect(t("smallint zerofill")).toEqual({ base: "SMALLINT", unsigned: true });
  });

  it("knows each type's range", () => {
    expect(rangeOf(t("INT"))).toEqual({ min: -(2n ** 31n), max: 2n ** 31n - 1n });
    expect(rangeOf(t("INT UNSIGNED"))).toEqual({ min: 0n, max: 2n ** 32n - 1n });
    expect(rangeOf(t("MEDIUMINT UNSIGNED"))).toEqual({ min: 0n, max: 2n ** 24n - 1n });
    expect(rangeOf(t("BIGINT"))).toEqual({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
  });

  it("refuses a type that is not an integer type, saying which ones are", () => {
    expect(() => t("DECIMAL(10,0)")).toThrow(HarnessError);
    expect(() => t("varchar(10)")).toThrow(/TINYINT, SMALLINT, MEDIUMINT, INT or BIGINT/);
  });
});

describe("replica_type_conversions values", () => {
  it("reads comma-separated flags, any case, and the empty default", () => {
    expect([...c("ALL_NON_LOSSY,all_unsigned")].sort()).toEqual(["ALL_NON_LOSSY", "ALL_UNSIGNED"]);
    expect(c("").size).toBe(0);
  });

  it("refuses an unknown flag, naming it and the allowed ones", () => {
    expect(() => c("ALL_NON_LOSSY,ALL_WIDER")).toThrow(/"ALL_WIDER" is not one of its values[\s\S]*ALL_LOSSY, ALL_NON_LOSSY, ALL_SIGNED, ALL_UNSIGNED/);
  });
});

describe("what a MySQL replica does with an integer value (reference: mysql-replication.md)", () => {
  it("decides on types, not values: a narrowing without ALL_LOSSY stops even for 1", () => {
    expect(arrives("BIGINT", "INT", "ALL_NON_LOSSY", 1n)).toEqual({ outcome: "conversion-error", needs: "ALL_LOSSY" });
    expect(integerConversion(t("BIGINT"), t("INT"), c("ALL_NON_LOSSY"))).toEqual({ kind: "refused", direction: "narrowing", needs: "ALL_LOSSY" });
  });

  it("ALL_LOSSY alone does not allow widening; no flags allow no difference at all", () => {
    expect(arrives("INT", "BIGINT", "ALL_LOSSY", 1n)).toEqual({ outcome: "conversion-error", needs: "ALL_NON_LOSSY" });
    expect(arrives("SMALLINT", "INT", "", 1n)).toEqual({ outcome: "conversion-error", needs: "ALL_NON_LOSSY" });
    expect(arrives("INT", "BIGINT", "ALL_LOSSY,ALL_NON_LOSSY", 7n)).toEqual({ outcome: "intact", value: 7n });
  });

  it("ALL_LOSSY clips a narrowed value to the replica's range", () => {
    expect(arrives("BIGINT", "INT", "ALL_LOSSY", 3000000000n)).toEqual({ outcome: "changed", value: 2147483647n, because: ["clipped"] });
    expect(arrives("BIGINT", "INT", "ALL_LOSSY", -3000000000n)).toEqual({ outcome: "changed", value: -2147483648n, because: ["clipped"] });
    expect(arrives("BIGINT", "INT", "ALL_LOSSY", 2147483647n)).toEqual({ outcome: "intact", value: 2147483647n });
  });

  it("wraps INT UNSIGNED values from 2^31 into signed BIGINT (bug #82599)", () => {
    expect(arrives("INT UNSIGNED", "BIGINT", "ALL_NON_LOSSY", 2147483647n)).toEqual({ outcome: "intact", value: 2147483647n });
    expect(arrives("INT UNSIGNED", "BIGINT", "ALL_NON_LOSSY", 2147483648n)).toEqual({ outcome: "changed", value: -2147483648n, because: ["signedness"] });
    expect(arrives("INT UNSIGNED", "BIGINT", "ALL_NON_LOSSY", 3000000000n)).toMatchObject({ value: -1294967296n });
    expect(arrives("INT UNSIGNED", "BIGINT", "ALL_NON_LOSSY", 4294967295n)).toMatchObject({ value: -1n });
  });

  it("even into BIGINT UNSIGNED, where the wrapped negative then clips to 0", () => {
    expect(arrives("INT UNSIGNED", "BIGINT UNSIGNED", "ALL_NON_LOSSY", 3000000000n)).toEqual({ outcome: "changed", value: 0n, because: ["signedness", "clipped"] });
    expect(arrives("INT UNSIGNED", "BIGINT UNSIGNED", "ALL_NON_LOSSY,ALL_UNSIGNED", 3000000000n)).toEqual({ outcome: "intact", value: 3000000000n });
  });

  it("ALL_UNSIGNED reads every promoted value as unsigned, signed sources too; with ALL_SIGNED it does not", () => {
    expect(arrives("INT", "BIGINT", "ALL_NON_LOSSY,ALL_UNSIGNED", -5n)).toEqual({ outcome: "changed", value: 4294967291n, because: ["signedness"] });
    expect(arrives("SMALLINT", "INT", "ALL_NON_LOSSY,ALL_UNSIGNED", -1n)).toMatchObject({ value: 65535n });
    expect(arrives("INT", "BIGINT", "ALL_NON_LOSSY,ALL_SIGNED,ALL_UNSIGNED", -5n)).toEqual({ outcome: "intact", value: -5n });
  });

  it("same base type with other signedness copies the bytes, whatever the flags", () => {
    expect(integerConversion(t("INT UNSIGNED"), t("INT"), c(""))).toEqual({ kind: "bytes-copied" });
    expect(arrives("INT UNSIGNED", "INT", "", 3000000000n)).toEqual({ outcome: "changed", value: -1294967296n, because: ["signedness"] });
  });

  it("refuses a value the source column could not hold", () => {
    expect(() => arrives("INT", "BIGINT", "ALL_NON_LOSSY", 2n ** 31n)).toThrow(/outside INT's range \[-2147483648, 2147483647\]/);
  });

  it("a signed widening with ALL_NON_LOSSY keeps every value of the source's domain", () => {
    const signed = ["TINYINT", "SMALLINT", "MEDIUMINT", "INT"].map((base): IntegerType => ({ base: base as IntegerType["base"], unsigned: false }));
    fc.assert(
      fc.property(fc.constantFrom(...signed), fc.bigInt({ min: -(2n ** 31n), max: 2n ** 31n - 1n }), (source, raw) => {
        const { min, max } = rangeOf(source);
        const value = raw < min ? min : raw > max ? max : raw;
        expect(replicatedValue(source, t("BIGINT"), c("ALL_NON_LOSSY"), value)).toEqual({ outcome: "intact", value });
      }),
      { seed: 42 },
    );
  });
});
