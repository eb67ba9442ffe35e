import type { SoakScenarioRow } from "../report/soak-section.ts";
import { statusOfRun, type SoakRunResult } from "./soak-run.ts";

/**
 * The summary row of each scenario, in the order the scenarios first appear: runs, passed, failed,
 * ledger totals over the runs that verified a ledger, the longest write outage and the slowest run
 * (each with the seed that had it). Interrupted runs are counted apart and add nothing else: they did
 * not finish, so their figures would mislead.
 */
export function summarizeSoak(results: SoakRunResult[]): SoakScenarioRow[] {
  const rows = new Map<string, SoakScenarioRow>();
  for (const result of results) {
    const id = result.spec.scenario.id;
    let row = rows.get(id);
    if (!row) {
      row = { id, runs: 0, passed: 0, failed: 0, timedOut: 0, interrupted: 0, acknowledged: null, lost: null, changed: null, inDoubt: null, longestOutage: null, slowestRun: null };
      rows.set(id, row);
    }
    const status = statusOfRun(result);
    if (status === "interrupted") {
      row.interrupted++;
      continue;
    }
    row.runs++;
    row[status]++;
    if (result.timedOut) row.timedOut++;
    const { run } = result;
    const ledger = run.recording.ledger;
    if (ledger) {
      row.acknowledged = (row.acknowledged ?? 0) + ledger.acknowledged;
      row.lost = (row.lost ?? 0) + ledger.lost;
      row.changed = (row.changed ?? 0) + ledger.changed;
      row.inDoubt = (row.inDoubt ?? 0) + ledger.inDoubt;
    }
    const outage = run.recording.timeline.downtime?.longestMs;
    if (outage !== undefined && (!row.longestOutage || outage > row.longestOutage.ms)) row.longestOutage = { ms: outage, seed: run.seed };
    if (!row.slowestRun || run.durationMs > row.slowestRun.ms) row.slowestRun = { ms: run.durationMs, seed: run.seed };
  }
  return [...rows.values()];
}
