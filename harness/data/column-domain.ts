import { rangeOf, type IntegerType } from "../conversion/integer-type.ts";
import { parseIntegerType } from "../conversion/integer-type.ts";
import { HarnessError } from "../errors/harness-error.ts";
import type { ColumnModel, TableModel } from "../schema/schema-model.ts";

/** A value for one column, as a statement parameter (string, number, Buffer or null). */
export type ColumnValue = string | number | Buffer | null;

/** Draws a value of the column's type; `random` is a seeded generator in [0, 1). */
export type ValueSource = (random: () => number) => ColumnValue;

/** Share of draws taken from the column's edges rather than uniformly from its whole domain. */
const EDGE_SHARE = 0.5;

/**
 * Values over a column's whole domain, half of them at its edges (min, max, 0, ±1, the 8/16/24/32/53-bit
 * neighbours), so that a wrap, a clip or a truncation has values to act on. Every value is one the
 * server stores and returns unchanged (floats are dyadic, times carry exactly the column's fractional
 * digits, CHAR never ends in a space), so that a row image written is the row image read back.
 * Generated columns are never written (see writableColumns). An auto-increment column keeps clear of
 * its maximum, so the server can still number rows after the generated ones.
 */
export function columnDomain(table: TableModel, column: ColumnModel, options: { edgeShare?: number } = {}): ValueSource {
  const edgeShare = options.edgeShare ?? EDGE_SHARE;
  const type = column.dataType;
  if (INTEGER.has(type)) return integerSource(parseIntegerType(column.columnType), column.autoIncrement, edgeShare);
  switch (type) {
    case "decimal":
    case "numeric":
      return decimalSource(column.numericPrecision ?? 10, column.numericScale ?? 0, column.unsigned);
    case "float":
    case "double":
    case "real":
      return floatSource(type === "float" ? 24 : 53, column.unsigned);
    case "bit":
      return bitSource(Number(/\((\d+)\)/.exec(column.columnType)?.[1] ?? 1));
    case "date":
      return (random) => dateText(random, 1000, 9999);
    case "datetime":
      return (random) => `${dateText(random, 1000, 9999)} ${timeOfDay(random, column.datetimePrecision ?? 0)}`;
    case "timestamp":
      return timestampSource(column.datetimePrecision ?? 0);
    case "time":
      return timeSource(column.datetimePrecision ?? 0);
    case "year":
      return edged([1901, 2155, 2000, 1970, 2038], (random) => 1901 + Math.floor(random() * 255));
    case "tinytext":
    case "text":
    case "mediumtext":
    case "longtext":
      // Their length limit is in bytes: four per character leaves room for any character set.
      return textSource(Math.min(Math.floor((column.maxLength ?? 1020) / 4), 1000), column.characterSet, false);
    case "char":
    case "varchar":
      return textSource(Math.min(column.maxLength ?? 255, 1000), column.characterSet, type === "char");
    case "binary":
    case "varbinary":
    case "tinyblob":
    case "blob":
    case "mediumblob":
    case "longblob":
      return bytesSource(Math.min(column.maxLength ?? 255, 1000), type === "binary");
    case "enum":
      return (random) => pick(random, column.values);
    case "set":
      return (random) => column.values.filter(() => random() < 0.4).join(",");
    case "json":
      return jsonSource();
  }
  throw new HarnessError({
    what: `generating values for ${table.table}.${column.name}`,
    cause: `the generator does not know the column type "${column.columnType}"`,
    fix: `load this table's data from your own SQL or CSV file, or leave ${table.table} out of the generated tables`,
  });
}

/** Columns a client writes: every column except generated ones. */
export function writableColumns(table: TableModel): ColumnModel[] {
  return table.columns.filter((column) => !column.generated);
}

const INTEGER = new Set(["tinyint", "smallint", "mediumint", "int", "integer", "bigint"]);

/** Integer edges that matter for conversions, whatever the column's own width. */
const INTEGER_EDGES = [0n, 1n, -1n, 127n, 128n, -128n, -129n, 255n, 256n, 32767n, 32768n, -32768n, -32769n, 65535n, 65536n, 8388607n, 8388608n, 16777215n, 16777216n, 2147483647n, 2147483648n, -2147483648n, -2147483649n, 4294967295n, 4294967296n, 9007199254740991n, 9007199254740992n];

function integerSource(type: IntegerType, autoIncrement: boolean, edgeShare: number): ValueSource {
  const range = rangeOf(type);
  // An auto-increment column keeps the top of its range free (a quarter, at most 2^20 values).
  const room = (range.max - range.min) / 4n < 1n << 20n ? (range.max - range.min) / 4n : 1n << 20n;
  const max = autoIncrement ? range.max - room : range.max;
  const min = autoIncrement ? (range.min > 1n ? range.min : 1n) : range.min;
  const edges = [...INTEGER_EDGES, range.min, range.min + 1n, range.max, range.max - 1n].filter((v) => v >= min && v <= max);
  return edged(
    [...new Set(edges)].map(String),
    (random) => (min + (randomBigInt(random) % (max - min + 1n))).toString(),
    edgeShare,
  );
}

function decimalSource(precision: number, scale: number, unsigned: boolean): ValueSource {
  const whole = precision - scale;
  const digits = (random: () => number, count: number) => Array.from({ length: count }, () => Math.floor(random() * 10)).join("");
  const format = (negative: boolean, integer: string, fraction: string) => {
    const text = `${integer.replace(/^0+(?=\d)/, "") || "0"}${scale > 0 ? `.${fraction}` : ""}`;
    return negative && /[1-9]/.test(text) ? `-${text}` : text;
  };
  const largest = format(false, "9".repeat(Math.max(whole, 1)).slice(0, Math.max(whole, 0)) || "0", "9".repeat(scale));
  const smallest = format(false, "0", scale > 0 ? `${"0".repeat(scale - 1)}1` : "");
  const edges = [format(false, "0", "0".repeat(scale)), largest, smallest, format(false, "1", "0".repeat(scale))];
  if (!unsigned) edges.push(`-${largest}`, `-${smallest}`, format(true, "1", "0".repeat(scale)));
  return edged([...new Set(edges)].filter((e) => !/^-0(\.0*)?$/.test(e)), (random) => format(!unsigned && random() < 0.5, digits(random, Math.max(whole, 0)), digits(random, scale)));
}

/** Dyadic values (multiples of 1/4 below 2^21): exact in FLOAT and DOUBLE, shown back as written. */
function floatSource(mantissaBits: number, unsigned: boolean): ValueSource {
  const top = 2 ** Math.min(mantissaBits - 3, 21);
  const edges = [0, 0.25, 1.5, top - 0.25, 16777216];
  if (!unsigned) edges.push(-0.25, -1.5, -(top - 0.25), -16777216);
  return edged(edges, (random) => (Math.floor(random() * top * 4) / 4) * (!unsigned && random() < 0.5 ? -1 : 1));
}

function bitSource(bits: number): ValueSource {
  const max = (1n << BigInt(bits)) - 1n;
  return edged(["0", "1", max.toString()], (random) => (randomBigInt(random) & max).toString());
}

function timestampSource(fsp: number): ValueSource {
  // TIMESTAMP's range in UTC; sessions of the harness run with time_zone '+00:00'.
  const edges = [`1970-01-01 00:00:01${fraction(fsp, "0")}`, `2038-01-19 03:14:07${fraction(fsp, "0")}`];
  return edged(edges, (random) => {
    const seconds = 1 + Math.floor(random() * 2147483646);
    return `${new Date(seconds * 1000).toISOString().slice(0, 19).replace("T", " ")}${randomFraction(random, fsp)}`;
  });
}

function timeSource(fsp: number): ValueSource {
  const edges = [`-838:59:59${fraction(fsp, "0")}`, `838:59:59${fraction(fsp, "0")}`, `00:00:00${fraction(fsp, "0")}`];
  return edged(edges, (random) => {
    const sign = random() < 0.3 ? "-" : "";
    const hours = Math.floor(random() * 839);
    const text = `${pad(hours, 2)}:${pad(Math.floor(random() * 60), 2)}:${pad(Math.floor(random() * 60), 2)}${randomFraction(random, fsp)}`;
    // The server shows a negative zero as zero.
    return /[1-9]/.test(text) ? `${sign}${text}` : text;
  });
}

function dateText(random: () => number, fromYear: number, toYear: number): string {
  const roll = random();
  if (roll < 0.1) return `${fromYear}-01-01`;
  if (roll < 0.2) return `${toYear}-12-31`;
  if (roll < 0.25) return "2000-02-29";
  const year = fromYear + Math.floor(random() * (toYear - fromYear + 1));
  return `${year}-${pad(1 + Math.floor(random() * 12), 2)}-${pad(1 + Math.floor(random() * 28), 2)}`;
}

function timeOfDay(random: () => number, fsp: number): string {
  if (random() < 0.1) return `23:59:59${fraction(fsp, "9")}`;
  if (random() < 0.1) return `00:00:00${fraction(fsp, "0")}`;
  return `${pad(Math.floor(random() * 24), 2)}:${pad(Math.floor(random() * 60), 2)}:${pad(Math.floor(random() * 60), 2)}${randomFraction(random, fsp)}`;
}

const ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-'\"\\;%";
const LATIN1 = `${ASCII}éüßÆø`;
const UTF8 = `${LATIN1}漢字Ωж`;

function textSource(maxLength: number, characterSet: string | null, fixed: boolean): ValueSource {
  const letters =
    characterSet === "utf8mb4" ? [...UTF8, "😀"] : characterSet === "utf8mb3" || characterSet === "utf8" ? [...UTF8] : characterSet === "latin1" ? [...LATIN1] : [...ASCII];
  const text = (random: () => number, length: number) => {
    let value = Array.from({ length }, () => pick(random, letters)).join("");
    // CHAR drops trailing spaces when read: never write one.
    if (fixed) value = value.replace(/ +$/, (spaces) => "x".repeat(spaces.length));
    return value;
  };
  return (random) => {
    const roll = random();
    const length = roll < 0.15 ? 0 : roll < 0.3 ? maxLength : roll < 0.35 ? 1 : Math.floor(random() * (maxLength + 1));
    return text(random, length);
  };
}

function bytesSource(maxLength: number, fixed: boolean): ValueSource {
  return (random) => {
    const length = fixed ? maxLength : random() < 0.2 ? maxLength : Math.floor(random() * (maxLength + 1));
    const bytes = Buffer.alloc(length);
    for (let i = 0; i < length; i++) bytes[i] = random() < 0.2 ? (random() < 0.5 ? 0 : 255) : Math.floor(random() * 256);
    return bytes;
  };
}

function jsonSource(): ValueSource {
  // Numbers stay within 2^53 so that they survive JSON parsing in the checker and the ledger exactly.
  const numbers = [0, -1, 2147483647, 2147483648, -2147483649, 4294967296, 9007199254740991, 1.5];
  return (random) => {
    const roll = random();
    if (roll < 0.1) return "null";
    if (roll < 0.2) return JSON.stringify(pick(random, numbers));
    if (roll < 0.3) return JSON.stringify([pick(random, numbers), "é", null, true]);
    return JSON.stringify({ id: pick(random, numbers), name: pick(random, ["a", "é漢", "quote\"d", "back\\slash"]), tags: ["x", Math.floor(random() * 1000)], nested: { ok: random() < 0.5 } });
  };
}

function edged<T extends ColumnValue>(edges: T[], uniform: (random: () => number) => T, edgeShare = EDGE_SHARE): (random: () => number) => T {
  return (random) => (edges.length > 0 && random() < edgeShare ? pick(random, edges) : uniform(random));
}

function pick<T>(random: () => number, values: readonly T[]): T {
  if (values.length === 0) throw new Error("pick from an empty list");
  return values[Math.floor(random() * values.length)]!;
}

/** A random non-negative 64-bit integer. */
function randomBigInt(random: () => number): bigint {
  return (BigInt(Math.floor(random() * 2 ** 32)) << 32n) | BigInt(Math.floor(random() * 2 ** 32));
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

function fraction(fsp: number, digit: string): string {
  return fsp > 0 ? `.${digit.repeat(fsp)}` : "";
}

function randomFraction(random: () => number, fsp: number): string {
  return fsp > 0 ? `.${Array.from({ length: fsp }, () => Math.floor(random() * 10)).join("")}` : "";
}
