import { sqlIdentifier } from "../sql/sql-literal.ts";
import type { ColumnShape } from "./table-shape.ts";

/**
 * How one column's values are put into a comparable form inside the server. The form's bytes are equal
 * on two servers exactly when the values are equal by value, whatever each side's column type:
 *
 * - Integers (any width, signed or not): decimal text. INT 5, BIGINT 5 and INT UNSIGNED 5 are all "5";
 *   INT UNSIGNED 3000000000 and the BIGINT -1294967296 it wraps to are not. ZEROFILL padding is dropped.
 * - BIT: its unsigned integer value.
 * - DECIMAL: decimal text without trailing fractional zeros, so that DECIMAL(10,2) 1.50 equals
 *   DECIMAL(12,4) 1.5000 and INT 1 equals DECIMAL(10,2) 1.00 (a scale change keeps values; a value
 *   rounded by a narrowing still differs). This is by value where compareTable compares DECIMAL text.
 * - FLOAT/DOUBLE, DATE, DATETIME, TIME, YEAR: the server's text ("2024-01-02 03:04:05.120").
 * - TIMESTAMP: the instant in UTC, so that servers with different time_zone settings agree.
 * - Character types (CHAR, VARCHAR, TEXT, ENUM, SET, MariaDB's JSON): UTF-8 bytes, converted from
 *   other character sets, so that latin1 'é' equals utf8mb4 'é'; case and trailing spaces count.
 * - MySQL JSON: its canonical text.
 * - Binary types (BINARY, VARBINARY, BLOB, spatial, anything unknown): the bytes themselves.
 *
 * Every form is a binary string, so that CONCAT_WS never mixes collations (which fails with "Illegal mix
 * of collations" on tables whose columns use different ones). Only the binary forms can contain the
 * byte 0xFF, which never occurs in UTF-8 text or in the ASCII text of numbers and times: the row
 * encoding separates fields with it (harness/checks/checksum-sql.ts).
 */
export interface NormalizedColumn {
  /** SQL for the comparable form (a binary string, NULL when the value is NULL). */
  sql: string;
  /**
   * The same bytes, cheaper, for inside CONCAT_WS: numbers and times need no cast there (they take no
   * collation), which saves about a tenth of the checksum's time.
   */
  encoding: string;
  /** How a person reads the form: as text (UTF-8, never the byte 0xFF), or as hex bytes (any byte at all). */
  display: "text" | "hex";
}

/** DATA_TYPE of MySQL's integer columns (table-plan.ts chunks by them too). */
export const INTEGER_TYPES: ReadonlySet<string> = new Set(["tinyint", "smallint", "mediumint", "int", "integer", "bigint"]);
const TEMPORAL_TYPES = new Set(["date", "datetime", "time", "year"]);
const FLOAT_TYPES = new Set(["float", "double", "real", "double precision"]);
const TEXT_TYPES = new Set(["char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set"]);
/** Character sets whose bytes already are UTF-8 for every character they can hold. */
const UTF8_COMPATIBLE = new Set(["utf8mb4", "utf8mb3", "utf8", "ascii"]);

export function normalizedColumn(column: ColumnShape): NormalizedColumn {
  const name = sqlIdentifier(column.name);
  const type = column.dataType;
  if (INTEGER_TYPES.has(type)) {
    // A plain integer column already renders as exact decimal text; CAST only to drop ZEROFILL's padding.
    return fixed(column.columnType.includes("zerofill") ? `CAST(${name} AS UNSIGNED)` : name);
  }
  if (type === "bit") return fixed(`CAST(${name} AS UNSIGNED)`);
  if (type === "decimal" || type === "numeric") {
    return fixed((column.numericScale ?? 0) > 0 ? `TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM ${name}))` : name);
  }
  if (FLOAT_TYPES.has(type) || TEMPORAL_TYPES.has(type)) return fixed(name);
  // CONVERT_TZ gives NULL for a zero date: that value then stays as it is, so only NULL is NULL.
  if (type === "timestamp") return fixed(`COALESCE(CONVERT_TZ(${name}, @@session.time_zone, '+00:00'), ${name})`);
  if (TEXT_TYPES.has(type)) {
    const utf8 = column.characterSet === null || UTF8_COMPATIBLE.has(column.characterSet) ? name : `CONVERT(${name} USING utf8mb4)`;
    return bytes(`CAST(${utf8} AS BINARY)`, "text");
  }
  if (type === "json") return bytes(`CAST(${name} AS BINARY)`, "text");
  return bytes(`CAST(${name} AS BINARY)`, "hex");
}

/** A number or time: ASCII text. */
function fixed(value: string): NormalizedColumn {
  return { sql: `CAST(${value} AS BINARY)`, encoding: value, display: "text" };
}

function bytes(sql: string, display: "text" | "hex"): NormalizedColumn {
  return { sql, encoding: sql, display };
}
