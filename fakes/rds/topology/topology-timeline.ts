/**
 * How long each step of `mysql.rds_topology`'s life lasts around a switchover, from the real runs in
 * rds-topology.md: INITIATED at least 2.5 s (the wrappers poll every second before a switchover, and
 * must see it), blue read-only about 0.5 s after IN_PROGRESS, ~25 s of POST_PROCESSING, the table
 * drained ~25 s after COMPLETED, green's names gone ~95 s after blue's DNS moved.
 */
export interface TopologyTimeline {
  /** SWITCHOVER_INITIATED before the guardrails run. */
  initiatedMs: number;
  /** IN_PROGRESS before writes stop on the primaries. */
  readOnlyAfterInProgressMs: number;
  /** SWITCHOVER_IN_POST_PROCESSING once the new primary is writable, before COMPLETED. */
  postProcessingMs: number;
  /** COMPLETED (TARGET row only) before the table is emptied. */
  drainAfterCompletedMs: number;
  /** Green's former names keep resolving this long after blue's names moved. */
  greenNamesLingerMs: number;
}

export const REALISTIC_TOPOLOGY_TIMELINE: TopologyTimeline = {
  initiatedMs: 3_000,
  readOnlyAfterInProgressMs: 500,
  postProcessingMs: 25_000,
  drainAfterCompletedMs: 25_000,
  greenNamesLingerMs: 95_000,
};

/**
 * The default compression: every duration halved, so that proportions stay as RDS shows them and
 * INITIATED (1.5 s) still outlasts the wrappers' one-second poll. REALISTIC_PACING uses 1.
 */
export const DEFAULT_TOPOLOGY_SCALE = 0.5;

export function scaledTimeline(scale: number, base: TopologyTimeline = REALISTIC_TOPOLOGY_TIMELINE): TopologyTimeline {
  if (!(scale > 0)) throw new Error(`a topology timeline scale must be a positive number; got ${scale}`);
  const scaled = {} as TopologyTimeline;
  for (const key of Object.keys(base) as Array<keyof TopologyTimeline>) scaled[key] = Math.round(base[key] * scale);
  return scaled;
}
