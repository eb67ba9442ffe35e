import { HarnessError } from "../errors/harness-error.ts";
import { fitsIn, integerTypeSql, rangeOf, widthBits, type IntegerType } from "./integer-type.ts";

const CONVERSION_FLAGS = ["ALL_LOSSY", "ALL_NON_LOSSY", "ALL_SIGNED", "ALL_UNSIGNED"] as const;
export type ConversionFlag = (typeof CONVERSION_FLAGS)[number];

/** replica_type_conversions as a set of flags ("" is the server's default: none). */
export type TypeConversions = ReadonlySet<ConversionFlag>;

export function parseTypeConversions(value: string): TypeConversions {
  const flags = new Set<ConversionFlag>();
  for (const part of value.split(",").map((p) => p.trim().toUpperCase())) {
    if (part === "") continue;
    if (!(CONVERSION_FLAGS as readonly string[]).includes(part)) {
      throw new HarnessError({
        what: `reading replica_type_conversions "${value}"`,
        cause: `"${part}" is not one of its values`,
        fix: `use a comma-separated list of ${CONVERSION_FLAGS.join(", ")} (or "" for none)`,
      });
    }
    flags.add(part as ConversionFlag);
  }
  return flags;
}

/**
 * How a MySQL 8.0+ replica's applier treats a row-based integer column whose type differs from the
 * source's (sql/rpl_utility.cc). The decision is made on the types alone, never on the values:
 * - same base type (INT and INT UNSIGNED): no conversion, the bytes are copied and read with the
 *   replica's signedness;
 * - a wider replica type needs ALL_NON_LOSSY, a narrower one ALL_LOSSY, else the applier stops (13146);
 * - a converted value is read from the event as SIGNED unless ALL_UNSIGNED is set without
 *   ALL_SIGNED (signedness is not in the event: bug #82599), then stored into the replica's column,
 *   which clips it to the column's range without an error.
 */
export type IntegerConversion =
  | { kind: "identical" }
  | { kind: "bytes-copied" }
  | { kind: "converted"; direction: "widening" | "narrowing"; readsSourceAs: "signed" | "unsigned" }
  | { kind: "refused"; direction: "widening" | "narrowing"; needs: ConversionFlag };

export function integerConversion(source: IntegerType, replica: IntegerType, conversions: TypeConversions): IntegerConversion {
  if (source.base === replica.base) return source.unsigned === replica.unsigned ? { kind: "identical" } : { kind: "bytes-copied" };
  const direction = widthBits(source) < widthBits(replica) ? "widening" : "narrowing";
  const needs: ConversionFlag = direction === "widening" ? "ALL_NON_LOSSY" : "ALL_LOSSY";
  if (!conversions.has(needs)) return { kind: "refused", direction, needs };
  const unsigned = conversions.has("ALL_UNSIGNED") && !conversions.has("ALL_SIGNED");
  return { kind: "converted", direction, readsSourceAs: unsigned ? "unsigned" : "signed" };
}

/** What the replica ends up with for one value written on the source. */
export type ReplicatedValue =
  | { outcome: "intact"; value: bigint }
  | { outcome: "changed"; value: bigint; because: Array<"signedness" | "clipped"> }
  | { outcome: "conversion-error"; needs: ConversionFlag };

export function replicatedValue(source: IntegerType, replica: IntegerType, conversions: TypeConversions, value: bigint): ReplicatedValue {
  if (!fitsIn(source, value)) {
    const { min, max } = rangeOf(source);
    throw new HarnessError({
      what: `predicting how ${value} replicates from ${integerTypeSql(source)} to ${integerTypeSql(replica)}`,
      cause: `${value} is outside ${integerTypeSql(source)}'s range [${min}, ${max}]: the source could not have stored it`,
      fix: "give a value the source column can hold",
    });
  }
  const conversion = integerConversion(source, replica, conversions);
  if (conversion.kind === "refused") return { outcome: "conversion-error", needs: conversion.needs };
  if (conversion.kind === "identical") return { outcome: "intact", value };
  const because: Array<"signedness" | "clipped"> = [];
  // The event carries the source's bytes; how they are read decides the number the replica sees.
  const readAs = conversion.kind === "bytes-copied" ? replica.unsigned : conversion.readsSourceAs === "unsigned";
  const read = reinterpret(value, widthBits(source), readAs);
  if (read !== value) because.push("signedness");
  const { min, max } = rangeOf(replica);
  const stored = read < min ? min : read > max ? max : read;
  if (stored !== read) because.push("clipped");
  return because.length === 0 ? { outcome: "intact", value } : { outcome: "changed", value: stored, because };
}

/** The same `bits` two's-complement bits read as signed or unsigned. */
function reinterpret(value: bigint, bits: bigint, unsigned: boolean): bigint {
  return unsigned ? BigInt.asUintN(Number(bits), value) : BigInt.asIntN(Number(bits), value);
}
