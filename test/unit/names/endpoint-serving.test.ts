import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chooseEndpointServing, endpointServingFromEnv } from "../../../fakes/rds/backing/endpoint-serving.ts";
import { NamedEndpointDirectory } from "../../../fakes/rds/backing/named-endpoint-directory.ts";
import { REALISTIC_TOPOLOGY_TIMELINE, scaledTimeline } from "../../../fakes/rds/topology/topology-timeline.ts";
import { HostsFile } from "../../../harness/names/hosts-file.ts";
import { setProgressSink } from "../../../harness/progress/progress.ts";

describe("choosing how endpoints are served", () => {
  it("falls back to 127.0.0.1 ports, saying why, where the hosts file cannot be written", () => {
    const lines: string[] = [];
    const previous = setProgressSink((line) => lines.push(line));
    try {
      const chosen = chooseEndpointServing("names", "unit-run", REALISTIC_TOPOLOGY_TIMELINE, new HostsFile("/nonexistent-folder/hosts"));
      expect(chosen).toEqual({ serving: "ports" });
      expect(lines.join("\n")).toMatch(/\/nonexistent-folder\/hosts is not writable by this user.*Serving endpoints on 127\.0\.0\.1 ports instead/s);
    } finally {
      setProgressSink(previous);
    }
  });

  it("refuses a hosts file that is not a regular file (a device must never be replaced)", () => {
    const lines: string[] = [];
    const previous = setProgressSink((line) => lines.push(line));
    try {
      expect(chooseEndpointServing("names", "unit-run", REALISTIC_TOPOLOGY_TIMELINE, new HostsFile("/dev/null"))).toEqual({ serving: "ports" });
      expect(lines.join("\n")).toContain("/dev/null is not a regular file");
    } finally {
      setProgressSink(previous);
    }
  });

  it("serves names where it can, and ports when asked", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "bgh-serving-"));
    writeFileSync(path.join(folder, "hosts"), "127.0.0.1 localhost\n");
    const chosen = chooseEndpointServing("names", "unit-run", REALISTIC_TOPOLOGY_TIMELINE, new HostsFile(path.join(folder, "hosts")));
    expect(chosen.serving).toBe(process.platform === "linux" ? "names" : "ports");
    if (chosen.directory) {
      expect(chosen.directory).toBeInstanceOf(NamedEndpointDirectory);
      await chosen.directory.stopAll();
    }
    rmSync(folder, { recursive: true, force: true });
    expect(chooseEndpointServing("ports", "unit-run", REALISTIC_TOPOLOGY_TIMELINE)).toEqual({ serving: "ports" });
  });

  it("reads BGH_ENDPOINTS, refusing a value it does not know", () => {
    const saved = process.env.BGH_ENDPOINTS;
    try {
      process.env.BGH_ENDPOINTS = "names";
      expect(endpointServingFromEnv()).toBe("names");
      process.env.BGH_ENDPOINTS = "dns";
      expect(() => endpointServingFromEnv()).toThrow(/BGH_ENDPOINTS=dns is not a way to serve endpoints: use "names".*or "ports"/);
    } finally {
      if (saved === undefined) delete process.env.BGH_ENDPOINTS;
      else process.env.BGH_ENDPOINTS = saved;
    }
  });

  it("compresses the topology timeline by one factor, keeping its proportions", () => {
    const half = scaledTimeline(0.5);
    for (const key of Object.keys(REALISTIC_TOPOLOGY_TIMELINE) as Array<keyof typeof half>) expect(half[key]).toBe(Math.round(REALISTIC_TOPOLOGY_TIMELINE[key] / 2));
    expect(half.initiatedMs).toBeGreaterThan(1_000); // still outlasts the wrappers' one-second poll before a switchover
    expect(() => scaledTimeline(0)).toThrow(/positive number/);
  });
});
