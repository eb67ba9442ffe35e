import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { initRehearsal } from "../../../harness/rehearsal-file/init-rehearsal.ts";
import { readRehearsalFile } from "../../../harness/rehearsal-file/read-rehearsal-file.ts";

const folder = mkdtempSync(path.join(os.tmpdir(), "bgh-init-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("bgh init", () => {
  it("writes a rehearsal file that reads back valid, for the database the dump names, with green.sql and an executable runbook", () => {
    const schema = path.join(folder, "dump.sql");
    writeFileSync(schema, "CREATE DATABASE /*!32312 IF NOT EXISTS*/ `Shop_2` /*!40100 DEFAULT CHARACTER SET utf8mb4 */;\nUSE `Shop_2`;\nCREATE TABLE t (id INT PRIMARY KEY);\n");
    const out = path.join(folder, "rehearsal");
    const { files } = initRehearsal(schema, out);
    expect(files.map((file) => path.basename(file))).toEqual(["rehearsal.yaml", "green.sql", "rollback-runbook.sh"]);
    const definition = readRehearsalFile(path.join(out, "rehearsal.yaml"));
    expect(definition).toMatchObject({ database: "Shop_2", cluster: { name: "shop-2" }, schema: [schema], green: { sql: [path.join(out, "green.sql")] } });
    expect(definition.steps.map((step) => step.kind)).toEqual(["action", "action", "action", "action", "run", "action"]);
    expect(statSync(path.join(out, "rollback-runbook.sh")).mode & 0o111).not.toBe(0);
    expect(readFileSync(path.join(out, "rollback-runbook.sh"), "utf8")).toContain("CALL mysql.rds_set_external_master");
  });

  it("never overwrites, and names a missing schema file with the mysqldump line", () => {
    const schema = path.join(folder, "again.sql");
    writeFileSync(schema, "CREATE TABLE t (id INT PRIMARY KEY);\n");
    writeFileSync(path.join(folder, "rehearsal.yaml"), "mine\n");
    expect(() => initRehearsal(schema, folder)).toThrow(/rehearsal\.yaml already exists[\s\S]*never overwrites/);
    expect(readFileSync(path.join(folder, "rehearsal.yaml"), "utf8")).toBe("mine\n");
    expect(() => initRehearsal(path.join(folder, "nope.sql"), folder)).toThrow(/does not exist[\s\S]*mysqldump --no-data/);
  });
});
