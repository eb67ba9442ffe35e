import { lookup } from "node:dns/promises";
import { NamedEndpointDirectory } from "../fakes/rds/backing/named-endpoint-directory.ts";
import { messageOf } from "../harness/errors/harness-error.ts";
import { LateResolver } from "../harness/names/late-resolver.ts";
import { RDS_NAME_TTL_SECONDS } from "../harness/names/run-name-server.ts";
import { usingEnvironment } from "../harness/scenario/scenario-environment.ts";
import { check, type Scenario, type ScenarioCheck } from "../harness/scenario/scenario.ts";
import type { ConnectionTarget } from "../harness/sql/mysql-session.ts";
import { sqlIdentifier, sqlTable } from "../harness/sql/sql-literal.ts";
import { sleep } from "../harness/wait/wait-until.ts";
import { startLedgerWorkload, type LedgerWorkloadResult, type RunningLedgerWorkload } from "../harness/workload/ledger-workload.ts";
import type { ApplicationOptions } from "./support/application-options.ts";
import { createDeployment } from "./support/deployment.ts";
import { startScenarioRds } from "./support/scenario-rds.ts";
import { attemptSwitchover } from "./support/switchover-attempt.ts";

export interface StaleEndpointOptions extends ApplicationOptions {
  /** How long the applications go on writing after the switchover completed (past the 5 s TTL: the pooled client's stale writes are counted after it). */
  afterSwitchoverMs: number;
  /** The slack allowed on the well-behaved client's outage beyond the switchover's own duration (its reconnect pause). */
  outageSlackMs: number;
  switchoverTimeoutSeconds: number;
}

export const DEFAULTS: StaleEndpointOptions = {
  cluster: "orders-db",
  table: { schema: "shop", table: "orders", key: "id", value: "amount" },
  writers: 2,
  firstKey: 1n,
  seed: 11,
  afterSwitchoverMs: 8_000,
  outageSlackMs: 1_000,
  switchoverTimeoutSeconds: 120,
};

/** A failed write, attributed to the address it was sent to. */
interface Failure {
  at: number;
  host: string;
  errno?: number;
  message: string;
}

/**
 * Seed 002's warning made real: an application that caches the cluster endpoint's address beyond RDS's
 * 5 s TTL keeps writing to old blue after the switchover. Two applications run the ledger workload
 * through the blue cluster's RDS host name (names served through the hosts file): one resolves the
 * name once and keeps the address; the other resolves it at every (re)connect, as getaddrinfo does.
 * The switchover completes. Declared outcome: every acknowledged write of both is on the new primary;
 * every write the caching client sent after the switchover reached old blue and failed read-only,
 * counted and attributed to the stale address (old blue's, now the -old1 name's); the well-behaved
 * client's write outage stays within the switchover's own.
 *
 * A third application writes through a mysql2 pool whose resolver honours RDS's 5 s TTL and no more:
 * it sees the renames one TTL late (LateResolver, the latest the TTL allows, so the window shows every
 * run). The switchover drops every connection, as RDS does; the pool reconnects as soon as the
 * endpoints accept connections again, inside that window, so to old blue, and then keeps those
 * connections: a statement the server refused (read-only) does not end a pooled connection. Declared
 * outcome: long after its resolver has caught up, every write of the pool still fails read-only at old
 * blue's address, counted and attributed as the caching client's are.
 */
export const staleEndpoint: Scenario<StaleEndpointOptions> = {
  id: "stale-endpoint",
  title: "A client caching the cluster endpoint's address past the switchover writes to old blue",
  expectation:
    "switchover completes; every acknowledged write of the three clients on the new primary; every write of the caching client after the switchover, and of the pooled client after its resolver caught up, fails read-only on old blue's address (counted, attributed); the well-behaved client's outage within the switchover's",
  async run(context, overrides) {
    const options = { ...DEFAULTS, ...(context.seed === undefined ? {} : { seed: context.seed }), ...overrides };
    const checks: ScenarioCheck[] = [];
    const figures: Record<string, number | string> = {};
    const details: Record<string, unknown> = {};
    const cachedTable = { ...options.table, table: `${options.table.table}_cached` };
    const directTable = { ...options.table, table: `${options.table.table}_direct` };
    const pooledTable = { ...options.table, table: `${options.table.table}_pooled` };
    const ttlMs = RDS_NAME_TTL_SECONDS * 1000;
    const lateResolver = new LateResolver(ttlMs);

    context.log(`starting cluster ${options.cluster} behind the fake RDS, endpoints served by name`);
    const fake = await startScenarioRds(context, options.cluster, { endpoints: "names" });
    const loads: RunningLedgerWorkload[] = [];
    return usingEnvironment(context, fake, async () => {
      try {
        const directory = fake.service.model.context.endpoints;
        if (!(directory instanceof NamedEndpointDirectory)) {
          checks.push(check("the cluster endpoint is served by its RDS host name", false, "names could not be served here (see the message above: the hosts file is not writable); this scenario needs them"));
          return { reached: false, checks, figures, details };
        }
        const { state } = fake.service.model;
        const clusterName = state.cluster(options.cluster).endpointName;
        const setup = await fake.connect();
        await setup.query(`CREATE DATABASE ${sqlIdentifier(options.table.schema)}`);
        for (const table of [cachedTable, directTable, pooledTable]) {
          await setup.query(`CREATE TABLE ${sqlTable(table.schema, table.table)} (${sqlIdentifier(table.key)} BIGINT NOT NULL PRIMARY KEY, ${sqlIdentifier(table.value)} BIGINT NOT NULL)`);
        }
        await setup.end();
        const deployment = await createDeployment(fake, `${options.cluster}-bg`);

        // The caching client: the name resolved once, the address kept for the whole run.
        const staleAddress = (await lookup(clusterName, { family: 4 })).address;
        const byName = fake.target();
        const cachedTarget: ConnectionTarget = { ...byName, host: staleAddress };
        const failures: Failure[] = [];
        const pooledFailures: Failure[] = [];
        const common = { writers: options.writers, firstKey: options.firstKey, maxValue: 10n ** 9n, maxDurationMs: 600_000, seed: options.seed, pauseMs: 10 };
        context.log(`applications writing through ${clusterName}: one cached it as ${staleAddress}, one resolves it at every connect, one pools its connections (resolver ${RDS_NAME_TTL_SECONDS} s late)`);
        const cached = startLedgerWorkload(() => cachedTarget, {
          ...common,
          table: cachedTable,
          onFailure: ({ at, host, error }) => failures.push({ at, host, errno: (error as { errno?: number }).errno, message: messageOf(error).split("\n")[0]! }),
        });
        const direct = startLedgerWorkload(() => fake.target(), { ...common, table: directTable });
        // The pooled client: one mysql2 pool through the name, resolved by a resolver that honours the TTL.
        const pooled = startLedgerWorkload(() => ({ ...byName, lookup: lateResolver.lookup }), {
          ...common,
          table: pooledTable,
          pooled: true,
          onFailure: ({ at, host, error }) => pooledFailures.push({ at, host, errno: (error as { errno?: number }).errno, message: messageOf(error).split("\n")[0]! }),
        });
        loads.push(cached, direct, pooled);
        await sleep(1_500);

        fake.record.step("switchover");
        const startedAt = Date.now();
        const attempt = await attemptSwitchover(fake, deployment.id, options.switchoverTimeoutSeconds);
        const completedAt = Date.now();
        checks.push(check("the switchover completes", attempt.status === "SWITCHOVER_COMPLETED", `${attempt.status} after ${attempt.seconds.toFixed(1)} s ${attempt.statusDetails}`));
        fake.record.step("after the switchover");
        await sleep(options.afterSwitchoverMs);

        fake.record.step("verification");
        const [cachedResult, directResult, pooledResult] = await Promise.all(loads.splice(0).map((load) => load.stop()));
        fake.record.workload(directResult!);
        const newPrimary = state.writerOf(state.cluster(options.cluster)).node!;
        const oldBlue = state.cluster(`${options.cluster}-old1`);
        const oldAddress = directory.addressOf(oldBlue.endpointName);
        const newAddress = directory.addressOf(clusterName);

        for (const [label, result, table] of [["caching", cachedResult!, cachedTable], ["well-behaved", directResult!, directTable], ["pooled", pooledResult!, pooledTable]] as const) {
          const verdict = await result.ledger.verify(newPrimary, table);
          fake.record.ledgerVerdict(verdict, result, "the new primary", `${table.schema}.${table.table}`);
          checks.push(
            check(
              `${label} client: every acknowledged write on the new primary with its value`,
              verdict.ok && verdict.acknowledged > 0,
              `${verdict.acknowledged} acknowledged, ${verdict.lost} lost, ${verdict.changed} changed, ${verdict.unexpected} unexpected, ${verdict.inDoubt} in doubt`,
            ),
          );
        }

        checks.push(
          check(
            "the cluster name moved: it resolves to the new primary's address, the cached address is old blue's (-old1)",
            newAddress !== staleAddress && oldAddress === staleAddress && (await lookup(clusterName, { family: 4 })).address === newAddress,
            `${clusterName} -> ${newAddress}; cached ${staleAddress}; ${oldBlue.endpointName} -> ${oldAddress}`,
          ),
        );
        const stale = failures.filter((failure) => failure.at > completedAt);
        const readOnly = stale.filter((failure) => failure.errno === 1290 && failure.host === staleAddress);
        checks.push(
          check(
            "caching client: every write after the switchover reached old blue at the stale address and failed read-only (1290), none acknowledged",
            stale.length > 0 && readOnly.length === stale.length && acknowledgedAfter(cachedResult!, completedAt) === 0,
            `${stale.length} failed after completion, ${readOnly.length} of them 1290 read-only at ${staleAddress}; ${acknowledgedAfter(cachedResult!, completedAt)} acknowledged after; first: ${stale[0]?.message ?? "none"}`,
          ),
        );
        // The pool's resolver has caught up one TTL after the renames; its kept connections still go to old
        // blue. A connection the pool opens later (it grows when every connection is busy) is resolved anew
        // and reaches the new primary: those writes are acknowledged there, and verified above with the rest.
        const caughtUpAt = completedAt + ttlMs;
        const pooledStale = pooledFailures.filter((failure) => failure.at > caughtUpAt);
        const pooledReadOnly = pooledStale.filter((failure) => failure.errno === 1290 && failure.host === staleAddress);
        const pooledResolvesNow = await lateResolver.resolve(clusterName);
        const pooledAcknowledgedAfter = acknowledgedAfter(pooledResult!, completedAt);
        checks.push(
          check(
            "pooled client: after its resolver caught up, its kept connections still reached old blue and every write that failed failed there read-only (1290)",
            pooledResolvesNow === newAddress && pooledStale.length > 0 && pooledReadOnly.length === pooledStale.length,
            `its resolver answers ${pooledResolvesNow}; ${pooledStale.length} failed from ${RDS_NAME_TTL_SECONDS} s after completion, ${pooledReadOnly.length} of them 1290 read-only at ${staleAddress}; ${pooledAcknowledgedAfter} acknowledged after completion (on connections opened since, at the new primary); first: ${pooledStale[0]?.message ?? "none"}`,
          ),
        );
        const switchoverMs = completedAt - startedAt;
        const outage = directResult!.unavailability.longestMs;
        checks.push(
          check(
            "well-behaved client: its longest write outage is within the switchover's, and it writes on the new primary after",
            outage <= switchoverMs + options.outageSlackMs && acknowledgedAfter(directResult!, completedAt) > 0,
            `longest outage ${outage} ms; switchover ${switchoverMs} ms; ${acknowledgedAfter(directResult!, completedAt)} acknowledged after completion`,
          ),
        );
        Object.assign(figures, {
          switchoverMs,
          staleWritesFailed: stale.length,
          staleWritesReadOnly: readOnly.length,
          pooledStaleWritesFailed: pooledStale.length,
          pooledStaleWritesReadOnly: pooledReadOnly.length,
          pooledAcknowledged: pooledResult!.acknowledged,
          cachingAcknowledged: cachedResult!.acknowledged,
          wellBehavedAcknowledged: directResult!.acknowledged,
          wellBehavedLongestOutageMs: outage,
        });
        Object.assign(details, { staleAddress, newAddress, oldAddress, firstStaleFailures: stale.slice(0, 5), firstPooledStaleFailures: pooledStale.slice(0, 5), events: attempt.events });
        return { reached: checks.every((c) => c.passed), checks, figures, details };
      } finally {
        await Promise.all(loads.map((load) => load.stop().catch(() => undefined)));
        lateResolver.stop();
      }
    });
  },
};

/** Acknowledged writes in the seconds that began after `at` (the workload's per-second timeline). */
function acknowledgedAfter(result: LedgerWorkloadResult, at: number): number {
  const startEpoch = Date.now() - (performance.now() - result.startedAt);
  return result.timeline.filter((second) => startEpoch + second.second * 1000 >= at).reduce((sum, second) => sum + second.acknowledged, 0);
}

export default staleEndpoint;
