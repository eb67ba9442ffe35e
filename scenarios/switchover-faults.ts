import { compareTable } from "../harness/checks/row-comparison.ts";
import { HarnessError, messageOf } from "../harness/errors/harness-error.ts";
import type { StartedMysqlNode } from "../harness/node/started-mysql-node.ts";
import { waitForCatchUp } from "../harness/replication/catch-up.ts";
import { binaryLogStatus } from "../harness/replication/replication-control.ts";
import { describeStatus, isHealthy, readReplicationStatus } from "../harness/replication/replication-status.ts";
import { usingEnvironment } from "../harness/scenario/scenario-environment.ts";
import { check, placementOf, type FaultPointDeclaration, type Scenario, type ScenarioCheck } from "../harness/scenario/scenario.ts";
import type { SwitchoverStep } from "../fakes/rds/model/switchover-steps.ts";
import { sqlIdentifier, sqlTable } from "../harness/sql/sql-literal.ts";
import { waitUntil } from "../harness/wait/wait-until.ts";
import { startLedgerWorkload } from "../harness/workload/ledger-workload.ts";
import { blueWritableGreenReadOnly, describeSnapshot, sameEnvironments, snapshotEnvironments, type EnvironmentSnapshot } from "./support/environment-snapshot.ts";
import type { ApplicationOptions } from "./support/application-options.ts";
import { createDeployment, deleteDeployment } from "./support/deployment.ts";
import { startScenarioRds } from "./support/scenario-rds.ts";
import { instanceAvailable } from "../fakes/rds/api-waits.ts";
import { injectAtStep } from "./support/step-fault.ts";
import { attemptSwitchoverPastLag, canceledWith, escapeRegExp, type SwitchoverAttempt } from "./support/switchover-attempt.ts";

export interface SwitchoverFaultsOptions extends ApplicationOptions {
  /** The largest absolute value the workload writes. */
  maxValue: bigint;
  /** SwitchoverTimeout of both switchovers (RDS: 30-3600 s). */
  switchoverTimeoutSeconds: number;
}

export const DEFAULTS: SwitchoverFaultsOptions = {
  cluster: "ledger-db",
  table: { schema: "bank", table: "entries", key: "id", value: "amount" },
  writers: 3,
  firstKey: 1n,
  maxValue: 10n ** 9n,
  seed: 3,
  switchoverTimeoutSeconds: 30,
};

/**
 * Where the two faults may land with every check still holding. The cut must come before writes stop:
 * cut after, green already has everything and the switchover may rightly complete; held up to 2 s, the
 * application commits on blue meanwhile and the cut still leaves green behind. The kill may come at any
 * step before the renames (the commit point): each ends in the same rollback, green's writer not
 * responding. The first point, at once, is what a plain `bgh rehearse` proves.
 */
export const NETWORK_CUT: FaultPointDeclaration = { fault: "network-cut", description: "green's writer cut from blue's network", points: ["stop-writes"], maxDelayMs: 2000 };
export const WRITER_KILL: FaultPointDeclaration = {
  fault: "writer-kill",
  description: "green's writer SIGKILLed",
  points: ["catch-up", "drop-connections", "stop-writes"],
  maxDelayMs: 2000,
};

/** How long past its timeout a faulted switchover may take to roll back and be seen ended by polling. */
const ROLLBACK_ALLOWANCE_SECONDS = 15;

/**
 * Faults in the middle of a switchover, under the ledger workload through the cluster endpoint:
 * (a) green's writer is cut from blue's network just before writes stop, and blue commits more of the
 * application's writes that green can no longer receive; (b) in a second deployment, green's writer is
 * SIGKILLed after writes stopped and connections dropped, while the switchover waits for it to catch up.
 * The faults land at those steps through the model's step observers, not by timing. Each switchover
 * must end within its timeout (plus the rollback), rolled back with the cause in RDS's words, blue
 * writable again and the endpoints unchanged, the application writing again; then the fault is healed
 * (network reconnected and replication restarted with the rds_* procedures; RebootDBInstance) and
 * green replicates again. No acknowledged write of the whole run may be missing on blue, the primary
 * at the end, and green must hold the same rows once caught up.
 */
export const switchoverFaults: Scenario<SwitchoverFaultsOptions> = {
  id: "switchover-faults",
  title: "Faults mid-switchover: green cut from blue's network, green's writer killed",
  expectation: "each switchover ends within its bound, rolled back with the cause and both environments as they were; after healing green replicates again; no acknowledged write lost",
  faultPoints: [NETWORK_CUT, WRITER_KILL],
  workloadKnobs: [{ option: "writers", default: DEFAULTS.writers, min: 1, description: "concurrent application writers" }],
  async run(context, overrides) {
    const cutAt = placementOf(context.faultPlacements, NETWORK_CUT);
    const killAt = placementOf(context.faultPlacements, WRITER_KILL);
    const options = { ...DEFAULTS, ...(context.seed === undefined ? {} : { seed: context.seed }), ...overrides };
    validate(options);
    const { table, switchoverTimeoutSeconds: timeout } = options;
    const checks: ScenarioCheck[] = [];
    const figures: Record<string, number | string> = {};
    const details: Record<string, unknown> = {};

    context.log(`starting cluster ${options.cluster} behind the fake RDS`);
    const fake = await startScenarioRds(context, options.cluster);
    let load: ReturnType<typeof startLedgerWorkload> | undefined;
    return usingEnvironment(context, fake, async () => {
      try {
        const { rds, service } = fake;
        const state = service.model.state;
        const blue = options.cluster;
        const blueWriter: StartedMysqlNode = state.writerOf(state.cluster(blue)).node!;
        const setup = await fake.connect();
        await setup.query(`CREATE DATABASE ${sqlIdentifier(table.schema)}`);
        await setup.query(`CREATE TABLE ${sqlTable(table.schema, table.table)} (${sqlIdentifier(table.key)} BIGINT NOT NULL PRIMARY KEY, ${sqlIdentifier(table.value)} BIGINT NOT NULL)`);
        await setup.end();
        // The application writes through blue's cluster endpoint, by name, for the whole run.
        load = startLedgerWorkload(() => fake.target(), { table, writers: options.writers, firstKey: options.firstKey, maxValue: options.maxValue, maxDurationMs: 600_000, seed: options.seed, pauseMs: 5 });

        // (a) Green cut from blue's network.
        const first = await createDeployment(fake, `${blue}-bg1`);
        const cutBefore = await snapshotEnvironments(fake, first.id);
        // Cut before writes stop, then wait for the application's next commit on blue: green can never
        // receive it, so the switchover cannot catch green up. (Cut after writes stop, green already has
        // everything and the switchover may rightly complete.)
        const cut = injectAtStep(fake, first.id, cutAt.point as SwitchoverStep, async () => {
          await first.greenWriter.disconnectFromNetwork();
          const cutPosition = await binaryLogStatus(blueWriter);
          const later = await nextCommit(blueWriter, cutPosition, "the application's next commit on blue after the cut");
          return `green's writer cut from the network with blue at ${cutPosition.file}:${cutPosition.position}; blue committed on to ${later.file}:${later.position}`;
        }, cutAt.delayMs);
        fake.record.step("(a) switchover, green cut off");
        context.log(`(a) switchover; green's writer is cut from the network at "${cutAt.point}"${cutAt.delayMs ? ` + ${cutAt.delayMs} ms` : ""}, as writes are about to stop`);
        // As an operator checks lag before switching over, and tries again when RDS refuses for lag: on a
        // loaded machine green can fall past the lag guardrail (timeout / 10), and a refused switchover
        // never reaches the step the fault waits for.
        const cutAttempt = await attemptSwitchoverPastLag(fake, first.id, timeout, () => waitForCatchUp(first.greenWriter, blueWriter, 60_000)).finally(() => cut.stop());
        const cutAfter = await snapshotEnvironments(fake, first.id);
        checks.push(check("network cut: the fault landed mid-switchover", cut.outcome.landed, cut.outcome.detail));
        const cutReason = new RegExp(
          `(replication errors on ${escapeRegExp(first.green)}\\. Correct the replication errors and then switch over\\..*source-unreachable|the switchover timeout of ${timeout} s being exceeded\\. No changes were made to either environment)`,
        );
        checks.push(rolledBackCheck("network cut", cutAttempt, blue, first.green, cutReason, timeout));
        checks.push(check("network cut: blue writable, names and endpoints as before", sameEnvironments(cutBefore, cutAfter) && blueWritableGreenReadOnly(cutAfter), describeSnapshot(cutAfter)));
        checks.push(await writesResume("network cut", blueWriter));

        fake.record.step("(a) healing");
        context.log("(a) healing: network reconnected, then mysql.rds_stop_replication / rds_start_replication on green");
        // Only a cut that landed has anything to heal (Docker refuses to connect a connected container).
        if (cut.outcome.landed) await first.greenWriter.reconnectToNetwork();
        const green = await fake.connect(first.green);
        try {
          // The receiver may have given up on the unreachable source: restart replication as seed 001 does.
          await green.query("CALL mysql.rds_stop_replication");
          await green.query("CALL mysql.rds_start_replication");
        } finally {
          await green.end().catch(() => undefined);
        }
        checks.push(await healedCheck("network cut", first.greenWriter, blueWriter));
        figures.networkCutSwitchoverSeconds = Number(cutAttempt.seconds.toFixed(1));
        details.networkCut = { fault: cut.outcome.detail, lagRefusals: cutAttempt.lagRefusals, statusDetails: cutAttempt.statusDetails, events: cutAttempt.events, after: describeSnapshot(cutAfter) };
        await deleteDeployment(fake.rds, first.id);

        // (b) Green's writer killed.
        const second = await createDeployment(fake, `${blue}-bg2`);
        const killBefore = await snapshotEnvironments(fake, second.id);
        const kill = injectAtStep(
          fake,
          second.id,
          killAt.point as SwitchoverStep,
          async () => {
            await second.greenWriter.kill();
            return `green's writer ${second.greenInstance} SIGKILLed`;
          },
          killAt.delayMs,
        );
        fake.record.step("(b) switchover, green killed");
        context.log(`(b) switchover; green's writer is killed at "${killAt.point}"${killAt.delayMs ? ` + ${killAt.delayMs} ms` : ""} (by default: as the switchover waits for it to catch up)`);
        const killAttempt = await attemptSwitchoverPastLag(fake, second.id, timeout, () => waitForCatchUp(second.greenWriter, blueWriter, 60_000)).finally(() => kill.stop());
        const killAfter = await snapshotEnvironments(fake, second.id);
        checks.push(check("killed writer: the fault landed mid-switchover", kill.outcome.landed, kill.outcome.detail));
        checks.push(rolledBackCheck("killed writer", killAttempt, blue, second.green, new RegExp(`the writer ${escapeRegExp(second.greenInstance)} of ${escapeRegExp(second.green)} not responding`), timeout));
        const blueKept = JSON.stringify([killAfter.clusters, killAfter.source, killAfter.target, killAfter.blue]) === JSON.stringify([killBefore.clusters, killBefore.source, killBefore.target, killBefore.blue]);
        checks.push(
          check(
            "killed writer: blue writable, names and blue's endpoint as before, green's endpoint reports its dead server",
            blueKept && "serverUuid" in killAfter.blue.endpoint && !killAfter.blue.endpoint.superReadOnly && !killAfter.blue.endpoint.readOnly && "unreachable" in killAfter.green.endpoint,
            describeSnapshot(killAfter),
          ),
        );
        checks.push(await writesResume("killed writer", blueWriter));

        fake.record.step("(b) healing");
        context.log("(b) healing: RebootDBInstance of green's writer");
        await rds.rebootDBInstance({ DBInstanceIdentifier: second.greenInstance });
        await instanceAvailable(rds, second.greenInstance, 120_000);
        checks.push(await healedCheck("killed writer", second.greenWriter, blueWriter));
        const healed = await snapshotEnvironments(fake, second.id);
        checks.push(check("killed writer: after the reboot both environments are as before the switchover", sameEnvironments(killBefore, healed) && blueWritableGreenReadOnly(healed), describeSnapshot(healed)));
        figures.killedWriterSwitchoverSeconds = Number(killAttempt.seconds.toFixed(1));
        details.killedWriter = { fault: kill.outcome.detail, lagRefusals: killAttempt.lagRefusals, statusDetails: killAttempt.statusDetails, events: killAttempt.events, after: describeSnapshot(killAfter), healed: describeSnapshot(healed) };

        fake.record.step("verification");
        context.log("stopping the application; the ledger against blue, then green against blue");
        const result = await load.stop();
        fake.record.workload(result);
        load = undefined;
        const verdict = await result.ledger.verify(blueWriter, table);
        fake.record.ledgerVerdict(verdict, result, "blue (still the primary)", `${table.schema}.${table.table}`);
        checks.push(
          check(
            "no acknowledged write lost: every one on blue, the primary at the end, with its value",
            verdict.ok && verdict.acknowledged > 0,
            `${verdict.acknowledged} acknowledged, ${verdict.lost} lost, ${verdict.changed} changed, ${verdict.unexpected} unexpected, ${verdict.inDoubt} in doubt ${JSON.stringify(verdict.samples)}`,
          ),
        );
        await waitForCatchUp(second.greenWriter, blueWriter, 60_000);
        const comparison = await compareTable(blueWriter, second.greenWriter, table);
        checks.push(check("green holds every row of blue once caught up", comparison.equal && comparison.leftRows > 0, `${comparison.leftRows} rows on blue, ${comparison.rightRows} on green; ${comparison.missingOnRight} missing, ${comparison.extraOnRight} extra, ${comparison.changedRows} changed`));
        Object.assign(figures, { acknowledgedWrites: result.acknowledged, failedWrites: result.failed, longestOutageMs: result.unavailability.longestMs });
        Object.assign(details, { verdict, timeline: result.timeline, errors: result.errors });
        return { reached: checks.every((c) => c.passed), checks, figures, details };
      } finally {
        await load?.stop().catch(() => undefined);
      }
    });
  },
};

function rolledBackCheck(fault: string, attempt: SwitchoverAttempt, blue: string, green: string, reason: RegExp, timeout: number): ScenarioCheck {
  const bound = timeout + ROLLBACK_ALLOWANCE_SECONDS;
  return check(
    `${fault}: the switchover ended within ${bound} s, rolled back with the cause`,
    canceledWith(attempt, blue, green, reason) && attempt.seconds <= bound,
    `${attempt.status} after ${attempt.seconds.toFixed(1)} s: ${attempt.statusDetails}`,
  );
}

/** The application's writes commit on blue again after the rollback: its binary log moves on. */
async function writesResume(fault: string, blueWriter: StartedMysqlNode): Promise<ScenarioCheck> {
  const from = await binaryLogStatus(blueWriter);
  try {
    const to = await nextCommit(blueWriter, from, "the application to commit on blue again");
    return check(`${fault}: the application writes on blue again`, true, `blue's binary log moved from ${from.file}:${from.position} to ${to.file}:${to.position}`);
  } catch (error) {
    return check(`${fault}: the application writes on blue again`, false, messageOf(error).split("\n")[0]!);
  }
}

async function nextCommit(node: StartedMysqlNode, from: { file: string; position: number }, what: string): Promise<{ file: string; position: number }> {
  return waitUntil({ what, timeoutMs: 15_000, intervalMs: 20 }, async () => {
    const now = await binaryLogStatus(node);
    return now.file !== from.file || now.position !== from.position ? { done: true, value: now } : { done: false, state: `binary log still at ${now.file}:${now.position}` };
  });
}

/** After the heal green's replication runs without error and catches up with blue. */
async function healedCheck(fault: string, greenWriter: StartedMysqlNode, blueWriter: StartedMysqlNode): Promise<ScenarioCheck> {
  const name = `${fault}: healed, green replicates from blue again and catches up`;
  try {
    await waitForCatchUp(greenWriter, blueWriter, 60_000);
    const status = await readReplicationStatus(greenWriter, greenWriter.dialect);
    return check(name, isHealthy(status), describeStatus(status));
  } catch (error) {
    return check(name, false, messageOf(error).split("\n")[0]!);
  }
}

function validate(options: SwitchoverFaultsOptions): void {
  const problems: string[] = [];
  if (!Number.isInteger(options.writers) || options.writers < 1) problems.push(`writers must be a positive integer (got ${options.writers})`);
  if (typeof options.firstKey !== "bigint" || typeof options.maxValue !== "bigint" || options.maxValue < 1n) problems.push("firstKey and maxValue must be bigints, maxValue at least 1");
  if (!Number.isInteger(options.switchoverTimeoutSeconds) || options.switchoverTimeoutSeconds < 30 || options.switchoverTimeoutSeconds > 3600) problems.push(`switchoverTimeoutSeconds must be 30-3600, as RDS allows (got ${options.switchoverTimeoutSeconds})`);
  if (problems.length) throw new HarnessError({ what: "starting the switchover-faults scenario", cause: problems.join("; "), fix: "pass options within those limits (see DEFAULTS in scenarios/switchover-faults.ts)" });
}

export default switchoverFaults;
