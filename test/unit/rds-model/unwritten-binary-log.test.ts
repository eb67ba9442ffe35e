import { describe, expect, it } from "vitest";
import type { CopyPoint } from "../../../harness/environment/consistent-copy.ts";
import { greenReplicationStart, nextBinlogFile } from "../../../fakes/rds/model/unwritten-binary-log.ts";

const copyAt = (file: string, position: number): CopyPoint => ({ method: "clone", file, position, gtidSet: "" });

describe("green's replication start after a reboot that turned binary logging on (seed 004)", () => {
  it("names the next binary log file, keeping the number's width", () => {
    expect(nextBinlogFile("mysql-bin-changelog.000007")).toBe("mysql-bin-changelog.000008");
    expect(nextBinlogFile("mysql-bin-changelog.000999")).toBe("mysql-bin-changelog.001000");
    expect(nextBinlogFile("binlog.9")).toBe("binlog.10");
    expect(() => nextBinlogFile("no-number")).toThrow(/no \.NNNNNN sequence number/);
  });

  it("starts from the unwritten next file while the copy point is where the reboot left the log", () => {
    const start = greenReplicationStart(copyAt("mysql-bin-changelog.000002", 158), "gtid", { file: "mysql-bin-changelog.000002", position: 158 });
    expect(start).toEqual({ unwrittenBinlog: true, positioning: { mode: "file-position", file: "mysql-bin-changelog.000003", position: 4 } });
  });

  it("starts from the copy point once blue has written after the reboot, or without a reboot mark", () => {
    const written = greenReplicationStart(copyAt("mysql-bin-changelog.000002", 540), "file-position", { file: "mysql-bin-changelog.000002", position: 158 });
    expect(written).toEqual({ unwrittenBinlog: false, positioning: { mode: "file-position", file: "mysql-bin-changelog.000002", position: 540 } });
    expect(greenReplicationStart(copyAt("mysql-bin-changelog.000002", 158), "gtid", undefined)).toEqual({ unwrittenBinlog: false, positioning: { mode: "gtid" } });
  });
});
