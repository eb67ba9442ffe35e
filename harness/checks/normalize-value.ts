/**
 * Values as the comparison sees them. INT and BIGINT compare by numeric value (mysql2 gives INT as a
 * number and BIGINT as a string, and a widened column must not count as changed); everything else
 * compares by its text. NULL is its own value, distinct from the string "NULL".
 */
export type NormalizedValue = string | null;

export function normalizeValue(value: unknown): NormalizedValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value).toString();
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value).toString();
  if (Buffer.isBuffer(value)) return `0x${value.toString("hex")}`;
  // mysql2 parses JSON columns into objects: compare their JSON text, never "[object Object]".
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Orders primary-key values: numerically for integers, else by text. */
export function compareKeys(a: NormalizedValue, b: NormalizedValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (/^-?\d+$/.test(a) && /^-?\d+$/.test(b)) {
    const difference = BigInt(a) - BigInt(b);
    return difference < 0n ? -1 : difference > 0n ? 1 : 0;
  }
  return a < b ? -1 : 1;
}
