import { HarnessError } from "../errors/harness-error.ts";

/** MySQL's integer column types, by storage width in bytes. */
const WIDTH_BYTES = { TINYINT: 1, SMALLINT: 2, MEDIUMINT: 3, INT: 4, BIGINT: 8 } as const;

export type IntegerBase = keyof typeof WIDTH_BYTES;

export interface IntegerType {
  base: IntegerBase;
  unsigned: boolean;
}

export interface IntegerRange {
  min: bigint;
  max: bigint;
}

export function widthBits(type: IntegerType): bigint {
  return BigInt(WIDTH_BYTES[type.base] * 8);
}

export function rangeOf(type: IntegerType): IntegerRange {
  const bits = widthBits(type);
  return type.unsigned ? { min: 0n, max: 2n ** bits - 1n } : { min: -(2n ** (bits - 1n)), max: 2n ** (bits - 1n) - 1n };
}

export function fitsIn(type: IntegerType, value: bigint): boolean {
  const { min, max } = rangeOf(type);
  return value >= min && value <= max;
}

/** The type as a column definition says it: "INT UNSIGNED". */
export function integerTypeSql(type: IntegerType): string {
  return type.unsigned ? `${type.base} UNSIGNED` : type.base;
}

/**
 * Reads an integer column type as written in DDL or shown by information_schema.COLUMN_TYPE
 * ("int unsigned", "INT(11)", "bigint(20) unsigned zerofill"; INTEGER is INT's synonym).
 */
export function parseIntegerType(text: string): IntegerType {
  const match = /^\s*(tinyint|smallint|mediumint|int|integer|bigint)\s*(?:\(\s*\d+\s*\))?((?:\s+(?:unsigned|signed|zerofill))*)\s*$/i.exec(text);
  if (!match) {
    throw new HarnessError({
      what: `reading the integer column type "${text}"`,
      cause: "it is not one of MySQL's integer types",
      fix: "give TINYINT, SMALLINT, MEDIUMINT, INT or BIGINT, optionally followed by UNSIGNED",
    });
  }
  const name = match[1]!.toUpperCase();
  const base = (name === "INTEGER" ? "INT" : name) as IntegerBase;
  // ZEROFILL implies UNSIGNED in MySQL.
  const unsigned = /\b(unsigned|zerofill)\b/i.test(match[2] ?? "");
  return { base, unsigned };
}
