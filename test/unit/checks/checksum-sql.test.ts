import { describe, expect, it } from "vitest";
import { bucketChecksumSql, bucketPredicate, checksumHex, chunkChecksumSql, leafRowsSql, rowEncodingSql, rowHashSql } from "../../../harness/checks/checksum-sql.ts";
import { normalizedColumn } from "../../../harness/checks/column-normalization.ts";
import { planTable } from "../../../harness/checks/table-plan.ts";
import { column, table } from "./support/shapes.ts";

describe("normalized column forms (compare by value, in the server)", () => {
  it("writes every integer type as its exact decimal text, dropping ZEROFILL padding", () => {
    for (const type of ["int", "int unsigned", "bigint", "bigint unsigned", "tinyint", "smallint", "mediumint"]) {
      expect(normalizedColumn(column("v", type))).toMatchObject({ sql: "CAST(`v` AS BINARY)", encoding: "`v`" });
    }
    expect(normalizedColumn(column("v", "int(5) unsigned zerofill")).sql).toBe("CAST(CAST(`v` AS UNSIGNED) AS BINARY)");
    expect(normalizedColumn(column("v", "bit(5)")).sql).toBe("CAST(CAST(`v` AS UNSIGNED) AS BINARY)");
  });

  it("writes DECIMAL without trailing fractional zeros, so a scale change keeps values equal", () => {
    expect(normalizedColumn(column("d", "decimal(10,2)")).sql).toBe("CAST(TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM `d`)) AS BINARY)");
    // Scale 0: trimming zeros would turn 100 into 1.
    expect(normalizedColumn(column("d", "decimal(20,0)")).sql).toBe("CAST(`d` AS BINARY)");
  });

  it("takes TIMESTAMP as its UTC instant and converts text from other character sets to UTF-8", () => {
    expect(normalizedColumn(column("t", "timestamp")).sql).toBe("CAST(COALESCE(CONVERT_TZ(`t`, @@session.time_zone, '+00:00'), `t`) AS BINARY)");
    expect(normalizedColumn(column("s", "varchar(10)")).sql).toBe("CAST(`s` AS BINARY)");
    expect(normalizedColumn(column("s", "varchar(10)", { characterSet: "latin1" })).sql).toBe("CAST(CONVERT(`s` USING utf8mb4) AS BINARY)");
  });

  it("shows text as text and bytes (which may hold any byte) as hex", () => {
    expect(normalizedColumn(column("s", "varchar(10)"))).toMatchObject({ display: "text" });
    expect(normalizedColumn(column("b", "varbinary(10)"))).toMatchObject({ display: "hex" });
    expect(normalizedColumn(column("g", "geometry"))).toMatchObject({ display: "hex" });
    expect(normalizedColumn(column("j", "json"))).toMatchObject({ display: "text" });
    expect(normalizedColumn(column("n", "bigint"))).toMatchObject({ display: "text", encoding: "`n`" });
    expect(normalizedColumn(column("d", "datetime(3)"))).toMatchObject({ display: "text", encoding: "`d`" });
  });

  it("quotes column names", () => {
    expect(normalizedColumn(column("we`ird", "int")).sql).toBe("CAST(`we``ird` AS BINARY)");
  });
});

describe("checksum SQL", () => {
  const blue = table("t", [column("id", "int"), column("v", "int unsigned", { nullable: true }), column("a", "varchar(20)")]);
  const green = table("t", [column("id", "bigint"), column("v", "bigint"), column("a", "varchar(20)"), column("added", "int")]);
  const plan = planTable(blue, green);

  it("encodes the columns of both sides by name, separated by 0xFF, with NULL flags", () => {
    expect(plan.columns.map((c) => c.name)).toEqual(["a", "id", "v"]);
    // Numbers go in as they are (no collation to clash), text as bytes.
    const encoding = "CONCAT_WS(x'FF', CAST(`a` AS BINARY), `id`, `v`, CONCAT(ISNULL(`v`)))";
    expect(rowEncodingSql(plan, "left")).toBe(encoding);
    // v is NOT NULL on green but nullable on blue: both sides carry its flag, so the encodings line up.
    expect(rowEncodingSql(plan, "right")).toBe(encoding);
  });

  it("adds byte lengths only when two or more binary values could hold the separator", () => {
    const one = table("b", [column("id", "int"), column("a", "varbinary(8)"), column("t", "text")]);
    expect(rowEncodingSql(planTable(one, one), "left")).toBe("CONCAT_WS(x'FF', CAST(`a` AS BINARY), `id`, CAST(`t` AS BINARY))");
    const two = table("b", [column("id", "int"), column("a", "varbinary(8)"), column("b", "blob")]);
    expect(rowEncodingSql(planTable(two, two), "left")).toBe(
      "CONCAT_WS(x'FF', CAST(`a` AS BINARY), CAST(`b` AS BINARY), `id`, CONCAT_WS(',', LENGTH(CAST(`a` AS BINARY)), LENGTH(CAST(`b` AS BINARY))))",
    );
  });

  it("XORs 256 bits where both servers can, 64 bits elsewhere, and sums when rows may repeat", () => {
    expect(plan.checksum).toBe("xor");
    expect(planTable(blue, green, { binaryBitAggregates: true }).checksum).toBe("binary-xor");
    expect(chunkChecksumSql(planTable(blue, green, { binaryBitAggregates: true }), "left", { from: null, to: null })).toMatch(/^SELECT COUNT\(\*\) AS row_count, BIT_XOR\(UNHEX\(SHA2\(CONCAT_WS\(.*\), 256\)\)\) AS checksum FROM/);
    const keyless = table("k", [column("a", "int")], []);
    expect(planTable(keyless, keyless, { binaryBitAggregates: true }).checksum).toBe("sum");
    // The primary key differs between the sides: rows may repeat on one of them.
    expect(planTable(table("p", [column("id", "int"), column("x", "int")]), table("p", [column("id", "int"), column("x", "int")], ["id", "x"])).checksum).toBe("sum");
    expect(checksumHex(Buffer.from([0, 255]))).toBe("00ff");
    expect(checksumHex("18446744073709551615")).toBe("ffffffffffffffff");
  });

  it("folds SHA2-256 to 64 bits per row and XORs them per chunk, with exact integer bounds", () => {
    expect(rowHashSql(plan, "left")).toMatch(/^CAST\(CONV\(LEFT\(SHA2\(CONCAT_WS\(.*\), 256\), 16\), 16, 10\) AS UNSIGNED\)$/);
    const sql = chunkChecksumSql(plan, "left", { from: 9223372036854775806n, to: 9223372036854775807n });
    expect(sql).toMatch(/^SELECT COUNT\(\*\) AS row_count, BIT_XOR\(CAST\(CONV\(LEFT\(SHA2\(.*\)\) AS checksum FROM/);
    expect(sql).toContain("FROM `app`.`t` WHERE `id` >= 9223372036854775806 AND `id` < 9223372036854775807");
    expect(chunkChecksumSql(plan, "left", { from: null, to: -2147483648n })).toContain("WHERE `id` < -2147483648");
    expect(chunkChecksumSql(plan, "left", { from: null, to: null })).toMatch(/WHERE TRUE$/);
  });

  it("groups a range by the next bits of the key hash, within the buckets already taken", () => {
    const sql = bucketChecksumSql(plan, "right", { from: 1n, to: 100n }, { bits: 4, value: 9 }, 3);
    expect(sql).toContain("SELECT ((CRC32(CONCAT_WS('#', `id`)) >> 4) & 7) AS bucket");
    expect(sql).toContain("WHERE `id` >= 1 AND `id` < 100 AND (CRC32(CONCAT_WS('#', `id`)) & 15) = 9 GROUP BY bucket");
    expect(leafRowsSql(plan, "left", { from: 1n, to: 100n }, [])).toBe(
      "SELECT CAST(`a` AS BINARY) AS c0, CAST(`id` AS BINARY) AS c1, CAST(`v` AS BINARY) AS c2 FROM `app`.`t` WHERE `id` >= 1 AND `id` < 100",
    );
  });

  it("fetches several differing buckets in one statement, one IN list per depth", () => {
    const hash = "CRC32(CONCAT_WS('#', `id`))";
    expect(bucketPredicate(plan, "left", [{ bits: 4, value: 9 }])).toBe(`(${hash} & 15) = 9`);
    expect(bucketPredicate(plan, "left", [{ bits: 4, value: 9 }, { bits: 4, value: 2 }, { bits: 8, value: 200 }])).toBe(`((${hash} & 15) IN (9, 2) OR (${hash} & 255) = 200)`);
    // The whole range is one of them: no bucket condition at all.
    expect(bucketPredicate(plan, "left", [{ bits: 0, value: 0 }, { bits: 4, value: 9 }])).toBe("TRUE");
  });
});
