import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HostsFile } from "../../../harness/names/hosts-file.ts";

describe("HostsFile: bgh's marked blocks in a hosts file", () => {
  let folder: string;
  let file: string;
  const original = "127.0.0.1 localhost\n# a comment someone wrote\n10.0.0.5   db.internal   db\n";

  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), "bgh-hosts-"));
    file = path.join(folder, "hosts");
    writeFileSync(file, original);
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it("adds, replaces and removes a run's block and leaves every other line byte for byte", async () => {
    const hosts = new HostsFile(file);
    await hosts.setBlock("run-a", [{ name: "mydb.cluster-abc.us-east-1.rds.amazonaws.com", address: "127.20.1.2" }]);
    expect(readFileSync(file, "utf8")).toMatch(/^127\.0\.0\.1 localhost\n# a comment someone wrote\n10\.0\.0\.5   db\.internal   db\n# bgh:begin run-a \S+\n127\.20\.1\.2 mydb\.cluster-abc/);
    await hosts.setBlock("run-a", [{ name: "other.example", address: "127.20.1.3" }]);
    expect(hosts.blocks()).toEqual([expect.objectContaining({ runId: "run-a", entries: [{ name: "other.example", address: "127.20.1.3" }] })]);
    expect(await hosts.removeBlock("run-a")).toBe(true);
    expect(readFileSync(file, "utf8")).toBe(original);
  });

  it("keeps two runs' blocks apart, also when they write at the same time", async () => {
    const a = new HostsFile(file);
    const b = new HostsFile(file);
    await Promise.all(
      Array.from({ length: 8 }, (_, index) => (index % 2 ? a : b).setBlock(index % 2 ? "run-a" : "run-b", [{ name: `n${index}.example`, address: `127.30.0.${index + 1}` }])),
    );
    expect(a.blocks().map((block) => block.runId).sort()).toEqual(["run-a", "run-b"]);
    await a.removeBlock("run-a");
    expect(b.blocks().map((block) => block.runId)).toEqual(["run-b"]);
    expect(readFileSync(file, "utf8").startsWith(original)).toBe(true);
  });

  it("reaps the blocks of a dead owner, of one run and its scenarios, or all; never another run's", async () => {
    const hosts = new HostsFile(file);
    // A dead owner on this host: a pid that cannot exist.
    writeFileSync(file, `${original}# bgh:begin dead-run ${hostname()}:999999999:1\n127.40.0.1 x.example\n# bgh:end dead-run\n`);
    await hosts.setBlock("live-run", [{ name: "y.example", address: "127.40.0.2" }]);
    await hosts.setBlock("live-run-scenario", [{ name: "z.example", address: "127.40.0.3" }]);
    await hosts.setBlock("bystander", [{ name: "w.example", address: "127.40.0.4" }]);
    expect(await hosts.reap()).toEqual(["dead-run"]);
    expect(await hosts.reap({ runId: "live-run" })).toEqual(["live-run", "live-run-scenario"]);
    expect(hosts.blocks().map((block) => block.runId)).toEqual(["bystander"]);
    expect(await hosts.reap({ all: true })).toEqual(["bystander"]);
    expect(readFileSync(file, "utf8")).toBe(original);
  });

  it("refuses a run id that could break the block's markers", async () => {
    await expect(new HostsFile(file).setBlock("bad id\n", [{ name: "a", address: "127.1.1.1" }])).rejects.toThrow(/cannot mark a hosts block/);
  });
});
