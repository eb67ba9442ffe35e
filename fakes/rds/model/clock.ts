/**
 * Time as the fake sees it. Injectable so that tests control it, and so that switchover and
 * provisioning can be stretched to realistic durations for testing clients' timeouts.
 */
export interface Clock {
  now(): Date;
  /** Waits, or pretends to: a test clock may return at once. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * How long the fake makes things take beyond what the databases need. "fast": nothing extra (CI).
 * "realistic": the order of magnitude RDS shows (green provisioning takes minutes, switchover about a
 * minute), for testing a client's polling and timeouts.
 */
export interface Pacing {
  provisioningExtraMs: number;
  switchoverExtraMs: number;
  /**
   * Real seconds a switchover's timeout lasts per second of its SwitchoverTimeout. 1 (both modes): as
   * RDS. A scenario that waits out a timeout only to see the rollback sets less (0.2: RDS's minimum of
   * 30 s runs out in 6 s); the guardrails' own thresholds (lag = timeout / 10) stay in RDS seconds.
   */
  switchoverTimeoutScale: number;
}

export const FAST_PACING: Pacing = { provisioningExtraMs: 0, switchoverExtraMs: 0, switchoverTimeoutScale: 1 };
export const REALISTIC_PACING: Pacing = { provisioningExtraMs: 5 * 60_000, switchoverExtraMs: 60_000, switchoverTimeoutScale: 1 };
