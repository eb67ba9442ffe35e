import mysql from "mysql2/promise";
import { afterEach, describe, expect, it } from "vitest";
import { compareTable } from "../../harness/checks/row-comparison.ts";
import { BlueGreenEnvironment } from "../../harness/environment/blue-green-environment.ts";
import { chooseCopyMethod, type CopyMethod } from "../../harness/environment/consistent-copy.ts";
import type { StartedBlueEnvironment } from "../../harness/environment/started-blue-environment.ts";
import type { EngineImage } from "../../harness/images/engine-image.ts";
import { gtidExecuted } from "../../harness/replication/replication-control.ts";
import { setProgressSink } from "../../harness/progress/progress.ts";
import { mariadbEngine, testEngine } from "./support/test-engine.ts";

const SEED = [
  "CREATE DATABASE inventory",
  "CREATE TABLE inventory.items (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(40), qty INT UNSIGNED)",
  "INSERT INTO inventory.items (name, qty) VALUES ('bolt', 10), ('nut', 4294967295), ('washer', 0)",
  "CREATE USER 'app'@'%' IDENTIFIED BY 'app-password'",
];

describe("green created from a blue that already holds data", () => {
  let blue: StartedBlueEnvironment | undefined;
  afterEach(async () => {
    await blue?.remove();
    blue = undefined;
  });

  const methods: CopyMethod[] = ["dump", "clone"];
  for (const method of methods) {
    it(`copies data and users by ${method} and replicates from exactly the copy point`, async (context) => {
      const engine = await testEngine();
      if (method === "clone" && !engine.dialect.supportsClone) context.skip();
      blue = await new BlueGreenEnvironment(engine).withCopyMethod(method).startBlue();
      await blue.blue.writer.run(SEED);
      // A transaction from another server too (as after a switchover and back): the copy point's GTID set
      // names both UUIDs (mysqldump writes such a set over several lines).
      const mysqlGtids = engine.dialect.gtidScheme === "mysql";
      if (mysqlGtids) await blue.blue.writer.run(["SET gtid_next = '3e11fa47-71ca-11e1-9e33-c80aa9429562:7'", "BEGIN", "COMMIT", "SET gtid_next = 'AUTOMATIC'"]);
      const executed = await gtidExecuted(blue.blue.writer);
      const environment = await blue.createGreen();
      expect(environment.copyPoint.method).toBe(method);
      if (mysqlGtids) {
        // Two UUIDs, in the order their random values sort in: the set runs over two lines in the dump.
        expect(executed.split(",")).toHaveLength(2);
        expect(executed).toContain("3e11fa47-71ca-11e1-9e33-c80aa9429562:7");
        expect(environment.copyPoint.gtidSet).toBe(executed.replace(/\s+/g, ""));
      }
      expect(environment.copyPoint.file).toMatch(/^mysql-bin-changelog\.\d{6}$/);
      expect(environment.copyPoint.position).toBeGreaterThan(4);
      // Written after the copy: must arrive by replication, exactly once.
      await blue.blue.writer.query("INSERT INTO inventory.items (name, qty) VALUES ('after-copy', 7)");
      await environment.waitForGreenCatchUp();
      const comparison = await compareTable(blue.blue.writer, environment.green.writer, { schema: "inventory", table: "items" });
      expect(comparison).toMatchObject({ equal: true, leftRows: 4, rightRows: 4 });
      const users = await environment.green.writer.query("SELECT user FROM mysql.user WHERE user = 'app'");
      expect(users).toHaveLength(1);
    });
  }

  it("refuses the pristine method once blue has executed transactions, naming the alternatives", async () => {
    blue = await new BlueGreenEnvironment(await testEngine()).withCopyMethod("pristine").startBlue();
    await blue.blue.writer.run(SEED);
    await expect(blue.createGreen()).rejects.toThrow(/pristine method needs both servers untouched[\s\S]*clone or dump/);
  });

  it("chooses a dump while blue's own tables are small and CLONE past the bound; the system schemas do not count", async () => {
    const engine = await testEngine();
    blue = await new BlueGreenEnvironment(engine).withReaders().startBlue();
    const { writer, reader } = blue.blue;
    // A transaction, but no table of its own: nothing for a dump to read beyond the system schemas.
    await writer.query("CREATE DATABASE inventory");
    expect(await chooseCopyMethod(reader!, writer, 1)).toBe("dump");
    await writer.run(SEED.slice(1));
    expect(await chooseCopyMethod(reader!, writer)).toBe("dump");
    // Any table at all is past a bound of one byte: where the engine has CLONE, it is chosen.
    expect(await chooseCopyMethod(reader!, writer, 1)).toBe(engine.dialect.supportsClone ? "clone" : "dump");
    // A statement running a second or more: a dump's FLUSH TABLES WITH READ LOCK would wait for it and
    // hold blue's writes meanwhile.
    const other = await mysql.createConnection(writer.connectionTarget());
    try {
      const sleeping = other.query("SELECT SLEEP(3)");
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await chooseCopyMethod(reader!, writer)).toBe(engine.dialect.supportsClone ? "clone" : "dump");
      await sleeping;
    } finally {
      await other.end();
    }
    expect(await chooseCopyMethod(reader!, writer)).toBe("dump");
    // A FLOAT column: a dump copies it exactly only under a read lock held for the whole dump, which
    // would stall blue's writes meanwhile; CLONE stalls nothing.
    await writer.query("CREATE TABLE inventory.weights (id INT PRIMARY KEY, kg FLOAT)");
    await writer.query("INSERT INTO inventory.weights VALUES (1, 123456.25)");
    expect(await chooseCopyMethod(reader!, writer)).toBe(engine.dialect.supportsClone ? "clone" : "dump");
  });

  const engines: [string, () => Promise<EngineImage>][] = [["MySQL", testEngine], ["MariaDB", mariadbEngine]];
  for (const [label, engineOf] of engines) {
    it(`copies FLOAT values exactly by dump on ${label} (mysqldump writes 6 significant digits), names the tables it cannot, and replicates on`, async () => {
      const lines: string[] = [];
      const previous = setProgressSink((line) => lines.push(line));
      try {
        blue = await new BlueGreenEnvironment(await engineOf()).withCopyMethod("dump").startBlue();
        await blue.blue.writer.run([
          "CREATE DATABASE metrics",
          "CREATE TABLE metrics.readings (id INT PRIMARY KEY, v FLOAT, w FLOAT NOT NULL, g FLOAT AS (w / 3) STORED, changed TIMESTAMP NOT NULL DEFAULT '2020-01-01 00:00:00' ON UPDATE CURRENT_TIMESTAMP)",
          "INSERT INTO metrics.readings (id, v, w) VALUES (1, 123456.25, 1.2345678), (2, NULL, -3.4e38), (3, 0.1, 16777217)",
          "CREATE TABLE metrics.loose (v FLOAT)",
          "INSERT INTO metrics.loose VALUES (123456.25)",
          // Its primary key is the FLOAT itself: found again by its other unique key; a `?` in a name.
          "CREATE TABLE metrics.pairs (v FLOAT NOT NULL PRIMARY KEY, id INT NOT NULL UNIQUE, `odd?name` FLOAT)",
          "INSERT INTO metrics.pairs VALUES (123456.25, 1, 1.2345678), (7.5, 2, 123456.25)",
          "CREATE TABLE metrics.audited (id INT PRIMARY KEY, v FLOAT)",
          "CREATE TRIGGER metrics.audited_bu BEFORE UPDATE ON metrics.audited FOR EACH ROW SET NEW.v = NEW.v",
          "INSERT INTO metrics.audited VALUES (1, 123456.25)",
        ]);
        const environment = await blue.createGreen();
        expect(environment.copyPoint.method).toBe("dump");
        // FLOAT widened to DOUBLE exactly: the same bits on both, the generated column computed from the
        // exact value again, and the ON UPDATE column not moved.
        const exact = "SELECT id, v + 0E0 AS v, w + 0E0 AS w, g + 0E0 AS g, changed FROM metrics.readings ORDER BY id";
        const blueRows = await blue.blue.writer.query(exact);
        expect(blueRows[0]).toMatchObject({ v: 123456.25, changed: "2020-01-01 00:00:00" });
        expect(await environment.green.writer.query(exact)).toEqual(blueRows);
        const pairs = "SELECT id, v + 0E0 AS v, `odd?name` + 0E0 AS odd FROM metrics.pairs ORDER BY id";
        expect(await environment.green.writer.query(pairs)).toEqual([{ id: 1, v: 123456.25, odd: 1.2345677614212036 }, { id: 2, v: 7.5, odd: 123456.25 }]);
        // A keyless table, and one whose UPDATE trigger would fire, cannot be put right: their copies keep
        // mysqldump's digits, and the warning names each with why.
        expect(await environment.green.writer.query("SELECT v + 0E0 AS v FROM metrics.loose")).toEqual([{ v: 123456 }]);
        expect(lines.join("\n")).toMatch(/metrics\.loose: no primary key or unique key/);
        expect(lines.join("\n")).toMatch(/metrics\.audited: its UPDATE trigger audited_bu would fire on the copy/);
        expect(lines.join("\n")).not.toMatch(/metrics\.(readings|pairs)/);
        await blue.blue.writer.query("UPDATE metrics.readings SET w = w * 2 WHERE id = 1");
        await environment.waitForGreenCatchUp();
        expect(await environment.green.writer.query(exact)).toEqual(await blue.blue.writer.query(exact));
      } finally {
        setProgressSink(previous);
      }
    });
  }

  it("chooses the pristine method for an untouched blue and still replicates what comes after", async () => {
    blue = await new BlueGreenEnvironment(await testEngine()).startBlue();
    const environment = await blue.createGreen();
    expect(environment.copyPoint.method).toBe("pristine");
    await blue.blue.writer.run(SEED);
    await environment.waitForGreenCatchUp();
    const comparison = await compareTable(blue.blue.writer, environment.green.writer, { schema: "inventory", table: "items" });
    expect(comparison).toMatchObject({ equal: true, leftRows: 3 });
  });
});
