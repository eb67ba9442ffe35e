import mysql from "mysql2/promise";
import { afterEach, describe, expect, it } from "vitest";
import { compareTable } from "../../harness/checks/row-comparison.ts";
import { BlueGreenEnvironment } from "../../harness/environment/blue-green-environment.ts";
import { chooseCopyMethod, type CopyMethod } from "../../harness/environment/consistent-copy.ts";
import type { StartedBlueEnvironment } from "../../harness/environment/started-blue-environment.ts";
import { testEngine } from "./support/test-engine.ts";

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
      const environment = await blue.createGreen();
      expect(environment.copyPoint.method).toBe(method);
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
    // A FLOAT column: a dump writes it with 6 significant digits, so only CLONE copies it exactly.
    await writer.query("CREATE TABLE inventory.weights (id INT PRIMARY KEY, kg FLOAT)");
    await writer.query("INSERT INTO inventory.weights VALUES (1, 123456.25)");
    expect(await chooseCopyMethod(reader!, writer)).toBe(engine.dialect.supportsClone ? "clone" : "dump");
  });

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
