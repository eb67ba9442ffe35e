import { describe, expect, it } from "vitest";
import { resolveEngineImage } from "../../../harness/images/engine-image.ts";
import { imageRequestFrom } from "../../../harness/images/image-request.ts";
import { newRunId } from "../../../harness/lifecycle/run-id.ts";
import { engineUpgrade } from "../../../scenarios/engine-upgrade.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";
import { mariadbEngine } from "../support/test-engine.ts";

// Blue on MariaDB 10.11, green on 11.8 through TargetEngineVersion (the fake resolves mariadb:11.8:
// the image, or Debian 13's build standing in for it). Another schema than the catalogue's defaults.
describe("engine-upgrade on MariaDB 10.11 to 11.8", () => {
  it("upgrades green, switches over losing nothing, and proves what reverse replication into 10.11 carries and where it stops", async () => {
    const engine = await mariadbEngine();
    // Resolved here so that a first run's Debian build is not counted against the scenario's waits.
    await resolveEngineImage(imageRequestFrom("mariadb:11.8"), { runId: newRunId() });
    const runId = newRunId();
    const outcome = await engineUpgrade.run(
      { engine, runId, log: () => undefined, seed: 5 },
      { cluster: "payments", table: { schema: "pay", table: "transfers", key: "transfer_id", value: "cents" }, writers: 2, reverseWriteMs: 2000 },
    );
    const failed = outcome.checks.filter((c) => !c.passed);
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    expect(outcome.reached).toBe(true);
    expect(String(outcome.figures.greenEngine)).toMatch(/^mariadb 11\.8\.3 \(MariaDB 11\.8\.\d+\)$/);
    expect(String(outcome.figures.newTableCollation)).toBe("utf8mb4_uca1400_ai_ci");
    expect(String(outcome.figures.reverseAfterNewFeature)).toMatch(/SQL stopped: error 4161 .*Unknown data type: 'VECTOR'/);
    expect(Number(outcome.figures.acknowledgedWrites)).toBeGreaterThan(100);
    expect(await resourcesOfRun(runId)).toEqual([]);
  });
});
