import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateData } from "../../../harness/data/generate-data.ts";
import { loadDataFile } from "../../../harness/data/load-data-file.ts";
import { readSchema } from "../../../harness/schema/read-schema.ts";
import { runSqlFile } from "../../../harness/sql/sql-script.ts";
import { startSingleNode, type SingleNode } from "../support/single-node.ts";

const ZOO = new URL("../../fixtures/sql/zoo-schema.sql", import.meta.url).pathname;
const ROWS = { keeper: 40, enclosure: 60, animal: 400, feeding: 500, visit_log: 30 };

describe("generated data for a team's schema", () => {
  let server: SingleNode;
  const values = async (sql: string) => (await server.session.query(sql)).map((row) => String(Object.values(row)[0]));
  const checksums = async () => values("SELECT CONCAT_WS(':', (SELECT COUNT(*) FROM zoo.animal), (SELECT SUM(CRC32(CONCAT_WS('|', id, zone, num, species, weight_g, tiny, medium, born, profile))) FROM zoo.animal), (SELECT SUM(CRC32(CONCAT_WS('|', animal_id, fed_at, grams, note))) FROM zoo.feeding)) AS c");

  beforeAll(async () => {
    server = await startSingleNode("generate-data");
    await runSqlFile(server.session, ZOO);
  });
  afterAll(async () => {
    await server?.remove();
  });

  it("fills every table parents first, with the rows asked for, foreign keys pointing at parents", async () => {
    const model = await readSchema(server.session, "zoo");
    const filled = await generateData(server.session, model, { rows: ROWS, seed: 42 });
    expect(filled.map((f) => f.table).indexOf("keeper")).toBeLessThan(filled.map((f) => f.table).indexOf("enclosure"));
    expect(filled.map((f) => f.table).indexOf("animal")).toBeLessThan(filled.map((f) => f.table).indexOf("feeding"));
    expect(Object.fromEntries(filled.map((f) => [f.table, f.rows]))).toEqual(ROWS);
    for (const [table, rows] of Object.entries(ROWS)) expect(await values(`SELECT COUNT(*) FROM zoo.${table}`)).toEqual([String(rows)]);
    // FK checks were on; and no child is orphaned.
    expect(await values("SELECT COUNT(*) FROM zoo.animal a LEFT JOIN zoo.enclosure e USING (zone, num) WHERE e.zone IS NULL")).toEqual(["0"]);
  });

  it("puts values at the edges of each integer domain, where conversions bite", async () => {
    const weights = await values("SELECT DISTINCT weight_g FROM zoo.animal");
    expect(weights).toEqual(expect.arrayContaining(["-2147483648", "2147483647", "0", "-1"]));
    expect(await values("SELECT DISTINCT id FROM zoo.animal WHERE id >= 9223372036854775808")).not.toEqual([]);
    expect(await values("SELECT DISTINCT id FROM zoo.animal WHERE id = 18446744073709551615")).toEqual(["18446744073709551615"]);
    // INT UNSIGNED auto-increment ids from 2^31 up (the ones a signed BIGINT reads as negative), but clear of the maximum.
    expect(Number((await values("SELECT COUNT(*) FROM zoo.keeper WHERE id >= 2147483648"))[0])).toBeGreaterThan(0);
    expect(Number((await values("SELECT MAX(id) FROM zoo.keeper"))[0])).toBeLessThan(4294967295 - 2 ** 19);
    expect(await values("SELECT DISTINCT species FROM zoo.animal ORDER BY species")).toEqual(["lion", "okapi", "it's a bird"]);
    expect(Number((await values("SELECT COUNT(*) FROM zoo.animal WHERE JSON_VALID(profile)"))[0])).toBeGreaterThan(0);
    expect(Number((await values("SELECT COUNT(*) FROM zoo.animal WHERE born IS NULL"))[0])).toBeGreaterThan(0);
  });

  it("gives the same rows for the same seed", async () => {
    const first = await checksums();
    await server.session.query("DROP DATABASE zoo");
    await runSqlFile(server.session, ZOO);
    await generateData(server.session, await readSchema(server.session, "zoo"), { rows: ROWS, seed: 42 });
    expect(await checksums()).toEqual(first);
  });

  it("names the table and column of a type it does not know, and an unknown table", async () => {
    await server.session.query("CREATE TABLE zoo.map (id INT PRIMARY KEY, spot POINT NOT NULL)");
    const model = await readSchema(server.session, "zoo");
    await expect(generateData(server.session, model, { rows: { map: 5 }, seed: 1 })).rejects.toThrow(/map\.spot[\s\S]*"point"/);
    await expect(generateData(server.session, model, { rows: { lions: 5 }, seed: 1 })).rejects.toThrow(/no table named "lions"[\s\S]*animal, enclosure/);
  });

  it("loads a team's CSV file with NULLs, quotes and commas, and names a bad row", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bgh-csv-"));
    try {
      const good = join(dir, "staff.csv");
      await writeFile(good, 'id,name,badge\n7,"Ann, ""the"" keeper",-9223372036854775808\n8,\\N,5\n');
      await server.session.query("CREATE TABLE zoo.staff (id INT PRIMARY KEY, name VARCHAR(40) NULL, badge BIGINT NOT NULL)");
      await server.session.query("USE zoo");
      expect(await loadDataFile(server.session, good)).toEqual({ rows: 2 });
      expect(await server.session.query("SELECT id, name, badge FROM zoo.staff ORDER BY id")).toEqual([
        { id: 7, name: 'Ann, "the" keeper', badge: "-9223372036854775808" },
        { id: 8, name: null, badge: "5" },
      ]);
      const bad = join(dir, "bad.csv");
      await writeFile(bad, "id,name,badge\n9,x\n");
      await expect(loadDataFile(server.session, bad, "zoo.staff")).rejects.toThrow(/row 2 has 2 fields where the header has 3/);
      await expect(loadDataFile(server.session, join(dir, "x.txt"))).rejects.toThrow(/neither .sql nor .csv/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
