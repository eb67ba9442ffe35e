import os from "node:os";
import { describe, expect, it } from "vitest";
import { LABEL, ownerIsAlive, ownerTag, runLabels } from "../../harness/lifecycle/labels.ts";
import { newRunId } from "../../harness/lifecycle/run-id.ts";

describe("run ids", () => {
  it("are sortable by time and unique", () => {
    expect(newRunId(new Date("2026-11-22T02:35:12Z"))).toMatch(/^bgh-20261122-023512-[0-9a-f]{4}$/);
    const ids = new Set(Array.from({ length: 200 }, () => newRunId(new Date("2026-11-22T02:35:12Z"))));
    expect(ids.size).toBeGreaterThan(190);
  });
});

describe("owner tags decide what the reaper may remove", () => {
  it("this process is alive", () => {
    expect(ownerIsAlive(ownerTag())).toBe(true);
  });

  it("a pid above Linux's pid_max is dead, and so is a reused pid with another start time", () => {
    expect(ownerIsAlive(`${os.hostname()}:4194305:1`)).toBe(false);
    const [host, pid] = ownerTag().split(":");
    expect(ownerIsAlive(`${host}:${pid}:1`)).toBe(false);
  });

  it("another host's process is not ours to judge; garbage is dead", () => {
    expect(ownerIsAlive("some-other-host:1:1")).toBe(true);
    expect(ownerIsAlive(`${os.hostname()}:not-a-pid:1`)).toBe(false);
  });

  it("labels carry project, run and owner", () => {
    expect(runLabels("bgh-x", { [LABEL.role]: "blue-writer" })).toEqual({
      "bgh.project": "blue-green-harness",
      "bgh.run-id": "bgh-x",
      "bgh.owner": ownerTag(),
      "bgh.role": "blue-writer",
    });
  });
});
