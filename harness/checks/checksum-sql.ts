import { sqlIdentifier, sqlTable } from "../sql/sql-literal.ts";
import { rangePredicate, type KeyRange } from "./key-range.ts";
import type { Side, TablePlan } from "./table-plan.ts";

/**
 * The SQL the checker runs. Everything is computed in the server; only counts, 64-bit checksums and
 * (for differing rows) normalized values cross the network.
 *
 * Row encoding: CONCAT_WS(0xFF, <normalized values>, <NULL flags>[, <byte lengths>]). NULLs are skipped
 * by CONCAT_WS, so the flags ('1' per NULL column) tell NULL from '' and from the text 'NULL'. The byte
 * 0xFF never occurs in UTF-8 text, nor in the ASCII of numbers and times; only binary values can hold
 * it, and when two or more binary columns could, their byte lengths come last (see table-plan.ts). So
 * two different rows never encode to the same bytes.
 *
 * Row hash: SHA2-256 of the encoding, the only digest that MySQL 8.0, 8.4, 9.x and MariaDB all have (9.7
 * has no MD5 or SHA1). Unlike CRC32 it is not linear: with a BIT_XOR of CRC32s (pt-table-checksum's
 * default), swapping a value between two rows of equal-length encodings leaves the checksum unchanged.
 * A chunk's checksum is COUNT(*) and a combination of its row hashes (ChecksumForm in table-plan.ts):
 * the XOR of all 256 bits (MySQL 8.0+ on both sides), else the XOR of the first 64 bits, else (rows
 * not unique on both sides) their exact SUM. Treating the hash as random, two chunks whose rows differ
 * have equal checksums with probability at most 2^-64: for an XOR of distinct rows, the rows on one side
 * only must XOR to zero; for a SUM, fix every hash but one whose multiplicity differs and the equality
 * pins it to one value. For a million differing chunks the chance that any one goes unseen is below 10^-13.
 */

export interface BucketPath {
  /** Low bits of the key hash already fixed by the buckets taken so far (0 to 32). */
  bits: number;
  value: number;
}

export function tableName(plan: TablePlan): string {
  return `${sqlTable(plan.schema, plan.table)}`;
}

export function rowEncodingSql(plan: TablePlan, side: Side): string {
  const values = plan.columns.map((column) => column[side].encoding);
  const flags = plan.columns.filter((column) => column.nullable).map((column) => `ISNULL(${sqlIdentifier(column.name)})`);
  const lengths = plan.columns.filter((column) => column.lengthInEncoding).map((column) => `LENGTH(${column[side].encoding})`);
  const parts = [...values];
  if (flags.length > 0) parts.push(`CONCAT(${flags.join(", ")})`);
  if (lengths.length > 0) parts.push(`CONCAT_WS(',', ${lengths.join(", ")})`);
  return `CONCAT_WS(x'FF', ${parts.join(", ")})`;
}

/** A row's hash as the plan's checksum form aggregates it: 32 bytes, or a 64-bit unsigned integer. */
export function rowHashSql(plan: TablePlan, side: Side): string {
  const digest = `SHA2(${rowEncodingSql(plan, side)}, 256)`;
  return plan.checksum === "binary-xor" ? `UNHEX(${digest})` : `CAST(CONV(LEFT(${digest}, 16), 16, 10) AS UNSIGNED)`;
}

/** A 32-bit hash of the row's key, the same on both sides for the same key value: spreads rows over buckets. */
export function keyHashSql(plan: TablePlan, side: Side): string {
  const parts = plan.keyIndexes.map((i) => plan.columns[i]![side].encoding);
  return `CRC32(CONCAT_WS('#', ${parts.join(", ")}))`;
}

function where(plan: TablePlan, side: Side, range: KeyRange, buckets: BucketPath[]): string {
  const column = plan.chunking.method === "primary-key-ranges" ? plan.chunking.column : null;
  const conditions = [rangePredicate(column, range), bucketPredicate(plan, side, buckets)];
  return conditions.filter((c) => c !== "TRUE").join(" AND ") || "TRUE";
}

/** Rows in any of the buckets: one IN list per depth of bucket, so each leaf costs no more than its value. */
export function bucketPredicate(plan: TablePlan, side: Side, buckets: BucketPath[]): string {
  if (buckets.length === 0 || buckets.some((bucket) => bucket.bits === 0)) return "TRUE";
  const byDepth = new Map<number, number[]>();
  for (const bucket of buckets) byDepth.set(bucket.bits, [...(byDepth.get(bucket.bits) ?? []), bucket.value]);
  const hash = keyHashSql(plan, side);
  const terms = [...byDepth].map(([bits, values]) => (values.length === 1 ? `(${hash} & ${mask(bits)}) = ${values[0]}` : `(${hash} & ${mask(bits)}) IN (${values.join(", ")})`));
  return terms.length === 1 ? terms[0]! : `(${terms.join(" OR ")})`;
}

/** The checksum of a set of rows: XOR (0 for none) or exact SUM of their hashes. */
function checksumSql(plan: TablePlan, side: Side): string {
  return plan.checksum === "sum" ? `COALESCE(SUM(${rowHashSql(plan, side)}), 0)` : `BIT_XOR(${rowHashSql(plan, side)})`;
}

/** One row: `row_count`, `checksum` (decimal text, or 32 bytes for "binary-xor"). */
export function chunkChecksumSql(plan: TablePlan, side: Side, range: KeyRange): string {
  return `SELECT COUNT(*) AS row_count, ${checksumSql(plan, side)} AS checksum FROM ${tableName(plan)} WHERE ${where(plan, side, range, [])}`;
}

/** Per sub-bucket of `bucket` (the next `fanOutBits` bits of the key hash): `bucket`, `row_count`, `checksum`. */
export function bucketChecksumSql(plan: TablePlan, side: Side, range: KeyRange, bucket: BucketPath, fanOutBits: number): string {
  const sub = `((${keyHashSql(plan, side)} >> ${bucket.bits}) & ${mask(fanOutBits)})`;
  return `SELECT ${sub} AS bucket, COUNT(*) AS row_count, ${checksumSql(plan, side)} AS checksum FROM ${tableName(plan)} WHERE ${where(plan, side, range, [bucket])} GROUP BY bucket`;
}

/** The normalized values of the rows of a range in any of `buckets`, as columns c0, c1, ... in plan order. */
export function leafRowsSql(plan: TablePlan, side: Side, range: KeyRange, buckets: BucketPath[]): string {
  const values = plan.columns.map((column, i) => `${column[side].sql} AS c${i}`);
  return `SELECT ${values.join(", ")} FROM ${tableName(plan)} WHERE ${where(plan, side, range, buckets)}`;
}

/** A checksum as the server returns it (decimal text, a number, or bytes for "binary-xor") as hex. */
export function checksumHex(value: unknown): string {
  if (value === null || value === undefined) return "0";
  if (Buffer.isBuffer(value)) return value.toString("hex");
  return BigInt(String(value)).toString(16);
}

function mask(bits: number): string {
  return ((1n << BigInt(bits)) - 1n).toString();
}
