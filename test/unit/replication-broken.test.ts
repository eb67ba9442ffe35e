import { describe, expect, it } from "vitest";
import { isBroken } from "../../harness/replication/replication-status.ts";
import type { ReplicationStatus } from "../../harness/replication/replication-status.ts";

const HEALTHY: ReplicationStatus = {
  configured: true,
  ioThread: "running",
  sqlThread: "running",
  source: { host: "blue-writer", port: 3306 },
  secondsBehindSource: 0,
  received: null,
  executed: null,
  retrievedGtidSet: "",
  executedGtidSet: "",
  autoPosition: true,
  ioError: null,
  sqlError: null,
};
const conversionError = { thread: "sql" as const, code: 13146, kind: "type-conversion" as const, message: "Column 2 of table 'd.t' cannot be converted" };
const purged = { thread: "io" as const, code: 13114, kind: "binlog-unavailable" as const, message: "Got fatal error 1236 from source" };

describe("when replication counts as broken", () => {
  it("an applier stopped on an error is broken", () => {
    expect(isBroken({ ...HEALTHY, sqlThread: "stopped", sqlError: conversionError })).toBe(true);
  });

  it("an applier still running with an error is not yet: a leftover after START REPLICA, or a failure about to stop it", () => {
    expect(isBroken({ ...HEALTHY, sqlError: conversionError })).toBe(false);
  });

  it("a receiver stopped on an error is broken; one still retrying is not", () => {
    expect(isBroken({ ...HEALTHY, ioThread: "stopped", ioError: purged })).toBe(true);
    expect(isBroken({ ...HEALTHY, ioThread: "connecting", ioError: purged })).toBe(false);
    expect(isBroken(HEALTHY)).toBe(false);
  });
});
