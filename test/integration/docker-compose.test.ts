import { spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ensureComposeCli } from "../../harness/docker/compose-cli.ts";
import { dockerApi } from "../../harness/docker/docker-client.ts";
import { openConnection } from "../../harness/sql/mysql-session.ts";
import { waitUntil } from "../../harness/wait/wait-until.ts";
import { testEngine } from "./support/test-engine.ts";
import { freePort } from "../../harness/net/free-port.ts";

const COMPOSE_FILE = path.resolve(import.meta.dirname, "../../docker-compose.yml");


describe("docker-compose.yml", () => {
  it("brings up blue and green with green replicating from blue, and down removes them", async (context) => {
    const engine = await testEngine();
    if (engine.dialect.version.flavor !== "mysql") context.skip(); // the compose file speaks MySQL 8.0+ options
    const compose = ensureComposeCli();
    const project = `bghcompose${process.pid}`;
    const [bluePort, greenPort] = [await freePort(), await freePort()];
    const env = { ...process.env, BGH_COMPOSE_IMAGE: engine.baseImage, BGH_BLUE_PORT: String(bluePort), BGH_GREEN_PORT: String(greenPort), BGH_COMPOSE_PASSWORD: "compose-test" };
    const run = (...args: string[]) => spawnSync(compose.command[0]!, [...compose.command.slice(1), "-p", project, "-f", COMPOSE_FILE, ...args], { env, encoding: "utf8", timeout: 180_000 });
    const docker = await dockerApi();
    try {
      const up = run("up", "-d");
      expect(up.status, `${compose.command.join(" ")} ${compose.version}: ${up.stderr}`).toBe(0);
      // The one-shot service configures replication once both servers are healthy, then exits 0.
      const exitCode = await waitUntil({ what: "the compose replication service to finish", timeoutMs: 150_000, intervalMs: 500 }, async () => {
        const [info] = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`, "com.docker.compose.service=replication"] } });
        return info?.State === "exited" ? { done: true, value: (await docker.getContainer(info.Id).inspect()).State.ExitCode } : { done: false, state: info?.State ?? "not created" };
      });
      expect(exitCode).toBe(0);
      const target = (port: number) => ({ host: "127.0.0.1", port, user: "root", password: "compose-test" });
      const blue = await openConnection(target(bluePort));
      const green = await openConnection(target(greenPort));
      try {
        await blue.query("CREATE DATABASE c");
        await blue.query("CREATE TABLE c.t (id INT PRIMARY KEY)");
        await blue.query("INSERT INTO c.t VALUES (42)");
        const rows = await waitUntil({ what: "the row written on blue to reach green", timeoutMs: 30_000 }, async () => {
          try {
            const [result] = await green.query("SELECT id FROM c.t");
            return (result as unknown[]).length ? { done: true, value: result } : { done: false, state: "no rows yet" };
          } catch (error) {
            return { done: false, state: (error as Error).message };
          }
        });
        expect(rows).toEqual([{ id: 42 }]);
        const [[typeConversions]] = (await green.query("SELECT @@GLOBAL.replica_type_conversions AS v")) as unknown as [[{ v: string }]];
        expect(typeConversions.v).toBe("ALL_NON_LOSSY");
      } finally {
        await blue.end();
        await green.end();
      }
    } finally {
      const down = run("down", "-v", "--remove-orphans");
      expect(down.status, down.stderr).toBe(0);
    }
    const left = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
    expect(left).toEqual([]);
  });
});
