import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NamedEndpointDirectory, type NamesMoved } from "../../../fakes/rds/backing/named-endpoint-directory.ts";
import { HostsFile } from "../../../harness/names/hosts-file.ts";

const blueServer = { host: "127.0.0.1", port: 40001 };
const greenServer = { host: "127.0.0.1", port: 40002 };
const B = "mydb.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com";
const G = "mydb-green-x1y2z3.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com";
const O = "mydb-old1.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com";

describe("NamedEndpointDirectory: names that move at switchover (hosts file in a temporary folder)", () => {
  let folder: string;
  let hosts: HostsFile;
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), "bgh-names-"));
    writeFileSync(path.join(folder, "hosts"), "127.0.0.1 localhost\n");
    hosts = new HostsFile(path.join(folder, "hosts"));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const entries = () => Object.fromEntries(hosts.blocks().flatMap((block) => block.entries.map((entry) => [entry.name, entry.address])));

  it("moves blue's name to green's address, gives blue's address to -old1, and lets green's name linger, then go", async () => {
    const directory = new NamedEndpointDirectory({ runId: "unit-run", hosts, greenNamesLingerMs: 300 });
    const moves: NamesMoved[] = [];
    directory.onNamesMoved((moved) => moves.push(moved));
    try {
      await directory.create(B, blueServer);
      await directory.create(G, greenServer);
      const blueAddress = directory.addressOf(B)!;
      const greenAddress = directory.addressOf(G)!;
      expect(blueAddress).toMatch(/^127\.\d+\.\d+\.\d+$/);
      expect(blueAddress).not.toBe(greenAddress);
      expect(directory.lookup(B)).toEqual({ address: B, port: 3306 });
      expect(entries()).toEqual({ [B]: blueAddress, [G]: greenAddress });

      directory.switchNames([{ blue: B, green: G, old: O }]);
      await directory.published();
      expect(entries()).toEqual({ [B]: greenAddress, [O]: blueAddress, [G]: greenAddress });
      expect(directory.proxy(B)!.target).toEqual(greenServer);
      expect(directory.proxy(O)!.target).toEqual(blueServer);
      expect(directory.lookup(G)).toBeUndefined();

      await new Promise((resolve) => setTimeout(resolve, 500));
      await directory.published();
      expect(entries()).toEqual({ [B]: greenAddress, [O]: blueAddress });
      expect(moves.map((moved) => [moved.kind, moved.names])).toEqual([["switched", [B]], ["gone", [G]]]);
    } finally {
      await directory.stopAll();
    }
    expect(hosts.blocks()).toEqual([]);
  });
});
