import fc from "fast-check";
import type { Connection } from "mysql2/promise";
import { beforeAll, describe, expect, it } from "vitest";
import type { EngineImage } from "../../../harness/images/engine-image.ts";
import type { StartedMysqlNode } from "../../../harness/node/started-mysql-node.ts";
import { messageOf } from "../../../harness/errors/harness-error.ts";
import { newRunId } from "../../../harness/lifecycle/run-id.ts";
import { sleep, waitUntil } from "../../../harness/wait/wait-until.ts";
import { startLedgerWorkload, type LedgerWorkloadResult } from "../../../harness/workload/ledger-workload.ts";
import type { LedgerVerdict } from "../../../harness/workload/write-ledger.ts";
import { rollBackToOldBlue, startReverseReplication } from "../../../scenarios/support/reverse-replication.ts";
import { startScenarioRds } from "../../../scenarios/support/scenario-rds.ts";
import { deployAndSwitchOver, type SwitchedOver } from "../../../scenarios/support/switchover-journey.ts";
import { resourcesOfRun } from "../support/containers-of-run.ts";
import { testEngine } from "../support/test-engine.ts";
import { checkSeededProperty } from "./support/seeded-property.ts";

const CLUSTER = "ledger-db";
const TABLE = { schema: "app", table: "entries", key: "id", value: "amount" };
const SIGNED_INT_EDGE = 2n ** 31n;

/** When, in the journey, the workload's new keys jump to just below 2^31 (so they straddle INT's edge). */
const JUMP_MOMENTS = ["never", "before switchover", "after switchover", "during reverse replication", "after rollback"] as const;
type JumpMoment = (typeof JUMP_MOMENTS)[number];

// Unbiased: fast-check's bias towards small numbers would put nearly every moment at the very start of its phase.
const delay = fc.noBias(fc.integer({ min: 0, max: 2000 }));
const journeys = fc.record({
  writers: fc.integer({ min: 1, max: 4 }),
  mix: fc.integer({ min: 30, max: 80 }).chain((insert) => fc.integer({ min: 0, max: 100 - insert }).map((update) => ({ insert: insert / 100, update: update / 100 }))),
  pauseMs: fc.constantFrom(0, 2, 5, 20),
  keyJump: fc.constantFrom(...JUMP_MOMENTS),
  workloadSeed: fc.noBias(fc.integer({ min: 1, max: 1_000_000 })),
  /** Random moments: how long the load runs before the switchover, before reverse replication starts, before the cut-back, and after it. */
  beforeSwitchoverMs: delay,
  beforeReverseReplicationMs: delay,
  beforeRollbackMs: delay,
  afterRollbackMs: fc.noBias(fc.integer({ min: 200, max: 1500 })),
});
type Journey = typeof journeys extends fc.Arbitrary<infer T> ? T : never;

/**
 * Property: whatever the workload (writers, insert/update/delete mix, pace, a key jump across 2^31)
 * and whenever the switchover (fake RDS) and the rollback by reverse replication (seed 000, strategy 2)
 * happen under it, the final primary (old blue) holds every acknowledged write with its value: no
 * write lost, none changed, nothing the application did not write. A fresh fake RDS per run: each run
 * is a whole deployment's life, and runs share nothing that could hide a loss.
 */
describe("random workloads across switchover and rollback lose no acknowledged write (fast-check, real MySQL)", () => {
  let engine: EngineImage;
  const runId = newRunId();

  beforeAll(async () => {
    engine = await testEngine();
  });

  it("ledger.verify on the final primary finds nothing lost or changed", { timeout: 900_000 }, async (context) => {
    if (engine.dialect.version.flavor !== "mysql") context.skip(); // the cut-back uses super_read_only, which MariaDB lacks
    let journeysRun = 0;
    await checkSeededProperty(
      fc.asyncProperty(journeys, async (journey) => {
        journeysRun++;
        console.log(`[switchover-rollback property] run ${journeysRun}: ${JSON.stringify(journey)}`);
        const { result, verdict, figures } = await runJourney(engine, runId, journey);
        console.log(`[switchover-rollback property] run ${journeysRun}: ${JSON.stringify({ ...figures, acknowledged: verdict.acknowledged, failed: result.failed, inDoubt: verdict.inDoubt })}`);
        const why = JSON.stringify({ journey, samples: verdict.samples, errors: result.errors });
        expect(verdict.acknowledged, why).toBeGreaterThan(0);
        expect({ lost: verdict.lost, changed: verdict.changed, unexpected: verdict.unexpected }, why).toEqual({ lost: 0, changed: 0, unexpected: 0 });
        // Not vacuous: the application followed the cut-back and wrote on old blue.
        expect(figures.insertsOnOldBlueAfterRollback, why).toBeGreaterThan(0);
        expect(await resourcesOfRun(runId)).toEqual([]);
      }),
      { numRuns: 3, testFile: "test/integration/properties/switchover-rollback-ledger.property.test.ts", shrink: false, timeLimitMs: 600_000 },
    );
    expect(journeysRun).toBeGreaterThan(0);
  });
});

interface JourneyOutcome {
  result: LedgerWorkloadResult;
  /** The ledger held against the final primary (old blue), read before the fake stopped. */
  verdict: LedgerVerdict;
  figures: { switchoverMs: number; insertsOnOldBlueAfterRollback: number; nextKey: string };
}

/**
 * One journey under write load: deployment and switchover, reverse replication from the switchover
 * event's coordinates, cut-back to old blue, the application following each move through its endpoint;
 * then the ledger is verified on old blue. The fake RDS and every server are gone when this returns.
 */
async function runJourney(engine: EngineImage, runId: string, journey: Journey): Promise<JourneyOutcome> {
  const fake = await startScenarioRds({ engine, runId, log: () => undefined }, CLUSTER);
  let old: Connection | undefined;
  try {
    const setup = await fake.connect();
    await setup.query(`CREATE DATABASE ${TABLE.schema}`);
    await setup.query(`CREATE TABLE ${TABLE.schema}.${TABLE.table} (${TABLE.key} BIGINT PRIMARY KEY, ${TABLE.value} BIGINT NOT NULL)`);
    await setup.end();

    // The application writes through whatever endpoint it is configured with.
    let endpoint = fake.target();
    const load = startLedgerWorkload(() => endpoint, {
      table: TABLE,
      writers: journey.writers,
      mix: journey.mix,
      pauseMs: journey.pauseMs,
      seed: journey.workloadSeed,
      firstKey: 1n,
      maxValue: 2n ** 62n,
      maxDurationMs: 300_000,
    });
    const jumpIf = (moment: JumpMoment) => journey.keyJump === moment && load.jumpKeysTo(SIGNED_INT_EDGE - 3n);
    let switched: SwitchedOver | undefined;
    let insertsOnOldBlueAfterRollback = 0;
    try {
      jumpIf("before switchover");
      await sleep(journey.beforeSwitchoverMs);
      switched = await deployAndSwitchOver(fake, { name: `${CLUSTER}-bg` });
      jumpIf("after switchover");
      await sleep(journey.beforeReverseReplicationMs);
      old = await fake.connect(switched.oldBlueCluster);
      await startReverseReplication(old, switched.newPrimary, { from: "coordinates", coordinates: switched.coordinates });
      jumpIf("during reverse replication");
      await sleep(journey.beforeRollbackMs);
      await rollBackToOldBlue(old, switched.oldBlue, switched.newPrimary);
      const [rolledBack] = await switched.oldBlue.query(`SELECT CAST(COALESCE(MAX(${TABLE.key}), 0) AS CHAR) AS k FROM ${TABLE.schema}.${TABLE.table}`);
      endpoint = fake.target(switched.oldBlueCluster);
      jumpIf("after rollback");
      insertsOnOldBlueAfterRollback = await insertsAbove(switched.oldBlue, String(rolledBack?.k));
      if (journey.keyJump !== "never") await keysPastTheEdge(switched.oldBlue);
      await sleep(journey.afterRollbackMs);
    } catch (error) {
      // The workload's own errors say what the application saw when the journey broke.
      const stopped = await load.stop();
      throw new Error(`${messageOf(error)}\n  workload: ${stopped.acknowledged} acknowledged, ${stopped.failed} failed; first errors: ${stopped.errors.join(" | ")}`, { cause: error });
    }
    const result = await load.stop();
    const verdict = await result.ledger.verify(switched.oldBlue, TABLE);
    return { result, verdict, figures: { switchoverMs: switched.switchoverMs, insertsOnOldBlueAfterRollback, nextKey: result.nextKey.toString() } };
  } finally {
    await old?.end().catch(() => undefined);
    await fake.stop();
  }
}

/**
 * Rows inserted on old blue above the highest key it had at the cut-back: the application's inserts
 * since (keys only grow; the new primary was read-only by then). Waits for the first. Not GTIDs: the
 * fake's Aurora servers may run with gtid_mode off, as Aurora's default does.
 */
function insertsAbove(oldBlue: StartedMysqlNode, highestAtRollback: string): Promise<number> {
  return waitUntil({ what: "the application to insert on old blue after the rollback", timeoutMs: 30_000 }, async () => {
    const [row] = await oldBlue.query(`SELECT COUNT(*) AS n FROM ${TABLE.schema}.${TABLE.table} WHERE ${TABLE.key} > CAST(? AS SIGNED)`, [highestAtRollback]);
    if (Number(row?.n) > 0) return { done: true, value: Number(row!.n) };
    const [seen] = await oldBlue.query("SELECT @@GLOBAL.read_only AS ro, @@GLOBAL.super_read_only AS sro");
    const sessions = await oldBlue.query("SELECT user, command, state, LEFT(info, 60) AS info FROM information_schema.processlist WHERE command NOT IN ('Daemon', 'Sleep') AND id <> CONNECTION_ID()");
    return { done: false, state: `no key above ${highestAtRollback} on old blue (read_only ${seen?.ro}, super_read_only ${seen?.sro}; busy sessions ${JSON.stringify(sessions)})` };
  });
}

/** The jump is only exercised once a key above INT's range is on the final primary. */
function keysPastTheEdge(oldBlue: StartedMysqlNode): Promise<void> {
  return waitUntil({ what: `a key above ${SIGNED_INT_EDGE - 1n} on old blue`, timeoutMs: 30_000 }, async () => {
    const [row] = await oldBlue.query(`SELECT COUNT(*) AS n FROM ${TABLE.schema}.${TABLE.table} WHERE ${TABLE.key} >= CAST(? AS SIGNED)`, [SIGNED_INT_EDGE.toString()]);
    return Number(row?.n) > 0 ? { done: true, value: undefined } : { done: false, state: "none yet" };
  });
}
