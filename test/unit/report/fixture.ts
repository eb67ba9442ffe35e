import type { RehearsalReport, ScenarioReport, ScenarioTimeline } from "../../../harness/report/rehearsal-report.ts";

/**
 * A realistic rehearsal report for the report writers' tests: one scenario that reached its outcome
 * through a switchover and a rollback under write load, one that failed with findings, a lost write
 * and a server error full of characters that must be escaped and a password that must never print.
 */

/** The fake password planted in free text; no report file may contain it. */
export const PLANTED_PASSWORD = "hunter2-Sup3rSecret";

/** A server message with markup, an ampersand, both quotes, a control character and the password. */
export const HOSTILE_ERROR =
  `Error 1396 (HY000): Operation CREATE USER failed for 'app'@'%' <script>alert("pwned")</script> & more; ` +
  `statement: CREATE USER 'app'@'%' IDENTIFIED BY '${PLANTED_PASSWORD}'; retried with mysql --password=${PLANTED_PASSWORD} \u001b[31mred\u001b[0m`;

export function fixtureReport(): RehearsalReport {
  const scenarios = [reachedScenario(), failedScenario()];
  return {
    tool: { name: "bgh", version: "0.1.0" },
    runId: "bgh-20261122-041315-155e",
    startedAt: "2026-11-22T04:13:15.000Z",
    finishedAt: "2026-11-22T04:14:42.400Z",
    reproduce: "npx bgh rehearse rollback-reverse-replication rollback-narrowing --engine mysql:8.0 --seed 20261122",
    seed: 20261122,
    engine: {
      requested: "mysql:8.0",
      image: "bgh/warm:mysql-9.7.4-2-edf47d87187b",
      flavor: "mysql",
      version: "9.7.4-2",
      dialect: "mysql-8.4+",
      substitution: "mysql:8.0 could not be pulled (no route to registry-1.docker.io); Oracle MySQL 9.7 from Debian unstable stood in",
    },
    scenarios,
    totals: { scenarios: 2, reached: 1, failed: 1, notApplicable: 0 },
  };
}

/** The fixture report with a third scenario that threw before its end. */
export function fixtureReportWithError(): RehearsalReport {
  const report = fixtureReport();
  report.scenarios.push(erroredScenario());
  return report;
}

/** seed 000 strategy 2: switchover, reverse replication, rollback; every acknowledged write survives. */
export function reachedScenario(): ScenarioReport {
  const writes = perSecond(48, (second) => {
    if (second >= 20 && second <= 22) return { acknowledged: second === 20 ? 18 : 0, failed: [3, 12, 9][second - 20]! };
    if (second === 23) return { acknowledged: 30, failed: 2 };
    return { acknowledged: 40 + ((second * 7) % 9), failed: 0 };
  });
  const timeline: ScenarioTimeline = {
    phases: [
      { name: "switchover", startMs: 19_800, endMs: 23_600 },
      { name: "reverse replication", startMs: 24_000, endMs: 33_000 },
      { name: "rollback", startMs: 33_000, endMs: 38_500 },
    ],
    marks: [
      { atMs: 19_800, kind: "guardrail", label: "6 of 6 guardrails passed" },
      { atMs: 23_600, kind: "event", label: "RDS-EVENT-0245 switchover completed", detail: "new primary at mysql-bin-changelog.000003:1547" },
      { atMs: 24_900, kind: "note", label: "reverse replication started from mysql-bin-changelog.000003:1547" },
    ],
    writes,
    lag: [
      { replica: "green-writer", samples: samples(0, 20_000, (atMs) => ({ seconds: Math.round(((atMs / 1000) % 5) * 0.3 * 10) / 10, state: "applying" })) },
      {
        replica: "blue-writer (reverse)",
        samples: [
          { atMs: 24_000, seconds: null, state: "not yet replicating" },
          ...samples(26_000, 47_000, (atMs) => ({ seconds: atMs < 30_000 ? 3.5 - (atMs - 26_000) / 1500 : 0.4, state: "applying" })),
        ],
      },
    ],
    downtime: { fromMs: 20_400, toMs: 23_100, longestMs: 2_700 },
  };
  return {
    profile: [
      { kind: "server starts", ms: 4_100, count: 3, longest: { what: "blue-writer", ms: 3_900 } },
      { kind: "catch-up waits", ms: 2_300, count: 2, longest: { what: "green-writer catching up with blue-writer", ms: 1_700 } },
    ],
    id: "rollback-reverse-replication",
    title: "Seed 000 strategy 2: switchover, reverse replication, rollback under write load",
    declaredOutcome: "every acknowledged write of the journey on old blue",
    actualOutcome: "reached",
    reached: true,
    startedAt: "2026-11-22T04:13:15.500Z",
    durationMs: 48_200,
    seed: 20261122,
    reproduce: "npx bgh rehearse rollback-reverse-replication --engine mysql:8.0 --seed 20261122",
    checks: [
      { name: "switchover completes", passed: true, detail: "SWITCHOVER_COMPLETED after 3.8 s; 6 of 6 guardrails passed" },
      { name: "reverse replication healthy", passed: true, detail: "IO running, SQL running; 0 s behind, source mydb:3306" },
      { name: "every acknowledged write on old blue", passed: true, detail: "2011 acknowledged, 0 lost, 0 changed" },
    ],
    figures: { acknowledgedWrites: 2011, failedWrites: 26, downtimeMs: 2700, rows: 20000 },
    timeline,
    findings: [],
    ledger: { acknowledged: 2011, failed: 26, lost: 0, changed: 0, unexpected: 0, inDoubt: 2, verifiedOn: "mydb-old1 writer" },
    guardrails: [
      "green replication healthy",
      "green lag within timeout/10",
      "no active writes on green",
      "blue not an external binlog replica",
      "no long-running writes on blue",
      "no DDL running on blue",
    ].map((name, index) => ({ atMs: 19_800 + index * 20, name, passed: true, detail: "ok" })),
    events: [
      { atMs: 1_200, source: "mydb-bg", message: "Blue/green deployment tasks completed. You can make more modifications to the green environment databases or switch over the deployment." },
      { atMs: 19_800, source: "mydb-bg", message: "Switchover started." },
      { atMs: 23_600, source: "mydb-bg", message: "Switchover completed on blue/green deployment: binlog mysql-bin-changelog.000003 position 1547." },
    ],
  };
}

/** A narrowing rollback that wraps values and loses one acknowledged write; the server's error text is hostile. */
export function failedScenario(): ScenarioReport {
  const timeline: ScenarioTimeline = {
    phases: [
      { name: "switchover (refused)", startMs: 20_500, endMs: 21_200 },
      { name: "rollback", startMs: 22_000, endMs: 29_000 },
    ],
    marks: [
      { atMs: 18_100, kind: "fault", label: "applier stopped: 13146", detail: "Column 1 of table 'app.orders' cannot be converted from type 'bigint' to type 'int'" },
      { atMs: 21_200, kind: "guardrail", label: "switchover refused: replication errors" },
    ],
    writes: perSecond(31, (second) => ({ acknowledged: 35 + (second % 4), failed: second === 25 ? 1 : 0 })),
    lag: [
      {
        replica: "green-writer",
        samples: [
          ...samples(0, 18_000, (atMs) => ({ seconds: atMs < 10_000 ? 0 : 1, state: "applying" })),
          ...samples(19_000, 30_000, () => ({ seconds: null, state: "SQL stopped: error 13146 (type-conversion)" })),
        ],
      },
    ],
  };
  return {
    profile: [],
    id: "rollback-narrowing",
    title: "Rollback after INT->BIGINT: blue's INT cannot hold green's new values",
    declaredOutcome: "every acknowledged write back on blue, no value changed",
    actualOutcome: "every acknowledged write on blue: 1 lost, 3 changed",
    reached: false,
    startedAt: "2026-11-22T04:14:05.000Z",
    durationMs: 31_250,
    seed: 20261122,
    reproduce: "npx bgh rehearse rollback-narrowing --engine mysql:8.0 --seed 20261122",
    checks: [
      { name: "green widened to BIGINT", passed: true, detail: "green app.orders.id is bigint" },
      { name: "reverse replication healthy", passed: false, detail: HOSTILE_ERROR },
      { name: "every acknowledged write on blue", passed: false, detail: "1 lost | 3 changed of 1104 acknowledged" },
    ],
    figures: { acknowledgedWrites: 1104, lostWrites: 1, changedRows: 3 },
    timeline,
    findings: [
      ...[2147483648, 2147483649, 3000000000].map((value) => ({
        subject: "app.orders",
        kind: "changed" as const,
        key: `id=${value}`,
        column: "amount",
        expected: String(value),
        actual: String(value - 4294967296),
        detail: "wrapped by the INT conversion",
      })),
      { subject: "ledger", kind: "lost-write" as const, key: "write 1733", expected: "amount=120", detail: "acknowledged at 24.9 s, absent on blue" },
      { subject: "app.notes", kind: "changed" as const, key: "id=7", column: "body", expected: "ok", actual: `<img src=x onerror="alert(1)"> & 'quoted'`, detail: "value from the server, must not become markup" },
    ],
    ledger: { acknowledged: 1104, failed: 1, lost: 1, changed: 0, unexpected: 0, inDoubt: 0, verifiedOn: "mydb writer" },
    guardrails: [
      { atMs: 21_200, name: "green replication healthy", passed: false, detail: "Switchover canceled due to replication errors on mydb-green-x7jf82." },
      { atMs: 21_200, name: "no active writes on green", passed: true, detail: "ok" },
    ],
    events: [{ atMs: 21_200, source: "mydb-bg", message: "Switchover canceled due to replication errors on mydb-green-x7jf82. Correct the replication errors and then switch over." }],
  };
}

/** A scenario that threw before its end (a junit <error>, not a <failure>). */
export function erroredScenario(): ScenarioReport {
  return {
    ...failedScenario(),
    id: "binlog-purged",
    title: "Reverse replication from purged binary logs",
    actualOutcome: "error",
    error: `starting MySQL node blue-writer failed: ${HOSTILE_ERROR}\n  Fix: check the container's logs`,
    checks: [],
    figures: {},
    findings: [],
    ledger: undefined,
    guardrails: [],
    events: [],
    timeline: { phases: [], marks: [], writes: [], lag: [] },
    reproduce: "npx bgh rehearse binlog-purged --engine mysql:8.0 --seed 20261122",
  };
}

/** A scenario that does not apply to the engine that ran: not started, neither passed nor failed. */
export function notApplicableScenario(): ScenarioReport {
  const reason = "applies to MySQL 8.0+, not to MariaDB 10.11.14: MariaDB has no GTID auto-position to replay green's ALTERs by";
  return {
    ...erroredScenario(),
    id: "rollback-gtid-replay",
    title: "Reverse replication by GTID auto-position replays green's ALTERs",
    actualOutcome: `not applicable: ${reason}`,
    error: undefined,
    notApplicable: reason,
    durationMs: 0,
    reproduce: "npx bgh rehearse rollback-gtid-replay --engine mariadb:10.11 --seed 20261122",
  };
}

function perSecond(count: number, at: (second: number) => { acknowledged: number; failed: number }): ScenarioTimeline["writes"] {
  return Array.from({ length: count }, (_, second) => ({ atMs: second * 1000, ...at(second) }));
}

function samples(fromMs: number, toMs: number, at: (atMs: number) => { seconds: number | null; state: string }): ScenarioTimeline["lag"][number]["samples"] {
  const result: ScenarioTimeline["lag"][number]["samples"] = [];
  for (let atMs = fromMs; atMs <= toMs; atMs += 1000) result.push({ atMs, ...at(atMs) });
  return result;
}

/** Findings of kind "prediction" as a rehearsal records them: bgh plan's hazards beside what the run observed. */
export function predictionFindings(): ScenarioReport["findings"] {
  return [
    { subject: "back-stops:joinit.g (back)", kind: "prediction", column: "joinit.g", expected: "replication-stop: BIGINT -> INT under replica_type_conversions=: old blue's applier stops (13146)", actual: "seen in the steps' output (13146)", detail: "confirmed" },
    { subject: "collision:joinit.k (back)", kind: "prediction", column: "joinit.k", expected: "collision: clipped keys collide (1062)", actual: "not seen", detail: "predicted, not observed" },
    { subject: "forward-values:counters.hits (forward)", kind: "prediction", column: "counters.hits, counters", expected: "data-change: values from 2^31 arrive negative", actual: "green was not changed in this rehearsal", detail: "not exercised" },
    { subject: "binlog-retention", kind: "prediction", expected: "warning: retention shorter than the rollback window", actual: "not something a run shows", detail: "advice" },
    { subject: "duplicate key (1062)", kind: "prediction", expected: "nothing", actual: "a step saw 1062", detail: "observed, not predicted" },
  ];
}

/** The reached scenario as a rehearsal file ran it, with its prediction beside what was observed. */
export function predictedScenario(): ScenarioReport {
  return { ...reachedScenario(), id: "examples/seed-001/rehearsal.yaml", findings: predictionFindings() };
}
