import { spawn } from "node:child_process";
import { lookup } from "node:dns/promises";
import net from "node:net";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { newRunId } from "../../../harness/lifecycle/run-id.ts";
import { reap } from "../../../harness/lifecycle/reaper.ts";

const FIXTURE = path.resolve(import.meta.dirname, "fixtures/serve-names.ts");

async function resolves(name: string): Promise<string | undefined> {
  return lookup(name, { family: 4 }).then((answer) => answer.address, () => undefined);
}

/** Whether something accepts TCP connections on address:3306. */
function listening(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port: 3306 }, () => (socket.destroy(), resolve(true)));
    socket.on("error", () => resolve(false));
  });
}

describe("names of a run killed with SIGKILL", () => {
  it("are served while it runs, and removed by the next reap (the addresses went with the process); other runs' names stay", async () => {
    const runId = newRunId();
    const names = [`killed.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com`, `killed-instance-1.abcdefghijkl.us-east-1.rds.amazonaws.com`];
    const child = spawn(process.execPath, ["--import", "tsx", FIXTURE, runId, ...names], { stdio: ["ignore", "pipe", "inherit"] });
    const addresses = await new Promise<Record<string, string>>((resolve, reject) => {
      child.stdout.once("data", (data: Buffer) => resolve(JSON.parse(String(data)) as Record<string, string>));
      child.once("exit", (code) => reject(new Error(`the fixture exited with ${code}`)));
    });
    for (const name of names) {
      expect(await resolves(name)).toBe(addresses[name]);
      expect(await listening(addresses[name]!)).toBe(true);
    }
    // Meanwhile another run's names: a reap of orphans must leave them alone.
    const bystander = newRunId();
    const { HostsFile } = await import("../../../harness/names/hosts-file.ts");
    const hosts = new HostsFile();
    await hosts.setBlock(bystander, [{ name: "bystander.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com", address: "127.99.1.1" }]);
    try {
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
      // Killed: no cleanup ran. The listeners died with it, the hosts-file block did not.
      expect(readFileSync("/etc/hosts", "utf8")).toContain(`# bgh:begin ${runId} `);
      for (const name of names) expect(await listening(addresses[name]!)).toBe(false);

      // What `bgh reap` (and the next run, and `bgh prepare`) does to the hosts file: orphans only.
      // (Not reap() itself here: on a shared engine it would also remove other people's orphaned containers.)
      const orphans = await hosts.reap();
      expect(orphans).toContain(runId);
      expect(orphans).not.toContain(bystander);
      for (const name of names) expect(await resolves(name)).toBeUndefined();
      expect(await resolves("bystander.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com")).toBe("127.99.1.1");
      // `bgh reap --run ID` removes that run's names with its containers.
      expect((await reap({ runId: bystander })).hostBlocks).toEqual([bystander]);
    } finally {
      await hosts.removeBlock(bystander);
    }
    expect(readFileSync("/etc/hosts", "utf8")).not.toMatch(new RegExp(`${runId}|${bystander}`));
  });
});
