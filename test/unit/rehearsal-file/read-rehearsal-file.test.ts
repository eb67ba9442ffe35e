import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readRehearsalFile } from "../../../harness/rehearsal-file/read-rehearsal-file.ts";
import { RehearsalFileError } from "../../../harness/rehearsal-file/rehearsal-problem.ts";

const folder = mkdtempSync(path.join(os.tmpdir(), "bgh-rehearsal-file-"));
mkdirSync(path.join(folder, "sql"));
writeFileSync(path.join(folder, "sql", "schema.sql"), "CREATE TABLE t (id INT PRIMARY KEY);\n");
writeFileSync(path.join(folder, "sql", "green.sql"), "ALTER TABLE t MODIFY id BIGINT;\n");
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const VALID = `name: widen t
cluster:
  name: shop-db
  readers: 1
  parameters:
    binlog_format: ROW
schema: sql/schema.sql
data:
  rows: 100
workload:
  writers: 2
green:
  sql: [sql/green.sql]
  parameters: { replica_type_conversions: ALL_NON_LOSSY }
steps:
  - action: create-deployment
  - name: change green
    action: change-green
  - run: ./rollback.sh
    timeout-seconds: 30
  - action: switchover
    with: { timeout-seconds: 120 }
  - assert: { query: "SELECT COUNT(*) FROM t", equals: 100, on: cluster }
expect:
  no-lost-writes: true
  tables-equal: [blue, green]
  fails:
    - { step: change green, with: "13146" }
`;

function write(name: string, text: string): string {
  const file = path.join(folder, name);
  writeFileSync(file, text);
  return file;
}

function problemsOf(text: string): RehearsalFileError {
  try {
    readRehearsalFile(write("bad.yaml", text));
  } catch (error) {
    expect(error).toBeInstanceOf(RehearsalFileError);
    return error as RehearsalFileError;
  }
  throw new Error("the file was accepted");
}

describe("reading a rehearsal file", () => {
  it("normalises a valid file: paths from the file's folder, defaults, step names", () => {
    const definition = readRehearsalFile(write("orders.yaml", VALID));
    expect(definition.id).toBe("orders");
    expect(definition.database).toBe("shop_db");
    expect(definition.schema).toEqual([path.join(folder, "sql", "schema.sql")]);
    expect(definition.green.parameters).toEqual({ replica_type_conversions: "ALL_NON_LOSSY" });
    expect(definition.steps.map((step) => step.name)).toEqual(["create-deployment", "change green", "./rollback.sh", "switchover", "assert query, equals, on"]);
    expect(definition.steps[2]).toMatchObject({ kind: "run", timeoutSeconds: 30, line: 19 });
    expect(definition.steps[0]).toMatchObject({ timeoutSeconds: 600 });
    expect(definition.expect).toEqual({ noLostWrites: { on: "cluster" }, tablesEqual: ["blue", "green"], fails: [{ step: "change green", with: "13146" }] });
  });

  it("gives unnamed steps that do the same thing their position", () => {
    const definition = readRehearsalFile(write("twice.yaml", VALID.replace("  - action: create-deployment", "  - action: switchover")));
    expect(definition.steps.map((step) => step.name)).toEqual(["switchover (step 1)", "change green", "./rollback.sh", "switchover (step 4)", "assert query, equals, on"]);
  });

  it("names the line, the key and the valid keys of a misspelt key", () => {
    const error = problemsOf(VALID.replace("  readers: 1", "  readrs: 1"));
    expect(error.problems).toEqual([{ line: 4, key: "cluster.readrs", message: 'unknown key "readrs" (did you mean "readers"?)', fix: "use one of: name, readers, parameters, instance-parameters, binlog-retention-hours" }]);
    expect(error.message).toContain("bad.yaml:4 cluster.readrs: unknown key");
  });

  it("lists the valid actions for an unknown one, on its line", () => {
    const error = problemsOf(VALID.replace("  - action: switchover", "  - action: swtchover"));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ line: 21, key: "steps[3].action", message: '"swtchover" is not a valid action (did you mean "switchover"?)' });
    expect(error.problems[0]!.fix).toContain("create-deployment, change-green, wait, switchover, reverse-replication, move-application-back, restore-safe-point, purge-binlogs");
  });

  it("lists the valid endpoints for an unknown one", () => {
    const error = problemsOf(VALID.replace("on: cluster }", "on: primary }"));
    expect(error.problems[0]).toMatchObject({ line: 23, key: "steps[4].assert.on", message: '"primary" is not an endpoint' });
    expect(error.problems[0]!.fix).toBe("use one of: cluster, reader, blue, green, blue-reader, green-reader, restored, shop-db-instance-1, shop-db-instance-2");
  });

  it("reports every problem at once: wrong types, a missing key, a step without a kind, a missing file", () => {
    const error = problemsOf(
      VALID.replace("  readers: 1", "  readers: two")
        .replace("schema: sql/schema.sql", "schema: sql/nope.sql")
        .replace("  - run: ./rollback.sh\n    timeout-seconds: 30", "  - name: nothing\n  - run: ./rollback.sh\n    timeout-seconds: 30"),
    );
    // The schema's problems come first: the missing file is checked once the shape is right.
    expect(error.problems.map((p) => `${p.line} ${p.key}`)).toEqual(["4 cluster.readers", "19 steps[2]"]);
    expect(error.problems[0]!.message).toBe('"two" is not an integer');
    expect(error.problems[1]!.fix).toContain("run, sql, action, fault, assert");
    const missingFile = problemsOf(VALID.replace("schema: sql/schema.sql", "schema: sql/nope.sql"));
    expect(missingFile.problems).toEqual([expect.objectContaining({ line: 7, key: "schema", message: expect.stringContaining('file "sql/nope.sql" does not exist') })]);
  });

  it("names a missing required key with what it is for", () => {
    const error = problemsOf(VALID.replace("  - run: ./rollback.sh", "  - sql: sql/green.sql"));
    expect(error.problems).toEqual([expect.objectContaining({ line: 19, key: "steps[2]", message: '"on" is missing', fix: expect.stringContaining("cluster, reader, blue, green") })]);
  });

  it("names an unknown option of an action with the valid ones", () => {
    const error = problemsOf(VALID.replace("with: { timeout-seconds: 120 }", "with: { timeout: 120 }"));
    expect(error.problems[0]).toMatchObject({ line: 22, key: "steps[3].with.timeout", message: 'switchover has no option "timeout"' });
    expect(error.problems[0]!.fix).toContain("timeout-seconds");
  });

  it("refuses an expectation about a step that does not exist, naming the steps", () => {
    const error = problemsOf(VALID.replace("{ step: change green,", "{ step: change gren,"));
    expect(error.problems[0]).toMatchObject({ line: 28, key: "expect.fails[0].step", message: 'no step is named "change gren" (did you mean "change green"?)' });
  });

  it("reports YAML syntax errors and duplicate keys with their line", () => {
    expect(problemsOf(VALID.replace("name: widen t", "name: widen t\nname: again")).problems[0]).toMatchObject({ line: 2, message: expect.stringContaining('"name" again'), fix: "write each key once" });
    expect(problemsOf("name: [unclosed\ncluster: x\n").problems[0]!.message).toMatch(/^YAML syntax/);
  });

  it("refuses a missing file with the fix", () => {
    expect(() => readRehearsalFile(path.join(folder, "absent.yaml"))).toThrow(/does not exist[\s\S]*bgh init/);
  });
});
