import { HarnessError } from "../errors/harness-error.ts";
import { profiled } from "../profile/time-profile.ts";

export interface WaitOptions {
  /** What is being waited for, in words: it is the first thing a timeout message says. */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** What to do when the wait times out. */
  fix?: string;
}

/** The outcome of one probe: done with a value, or not yet, with the state seen (for the timeout message). */
export type Probe<T> = { done: true; value: T } | { done: false; state: string };

export class WaitTimeoutError extends HarnessError {
  readonly lastState: string;
  constructor(options: WaitOptions, lastState: string) {
    super({
      what: `waiting for ${options.what}`,
      cause: `not reached within ${formatMs(options.timeoutMs)}; last state: ${lastState}`,
      fix: options.fix ?? "look at the last state above and the server logs; raise the timeout only if the system is merely slow",
    });
    this.name = "WaitTimeoutError";
    this.lastState = lastState;
  }
}

/**
 * Polls `probe` until it reports done or the deadline passes. Every wait in the harness goes through
 * here (or is a server-side wait with its own timeout), so no wait is unbounded and every timeout says
 * what it waited for and what it saw last.
 * A probe that throws ends the wait with that error: errors are answers, not "not yet".
 */
export function waitUntil<T>(options: WaitOptions, probe: () => Promise<Probe<T>>): Promise<T> {
  return profiled("waits", options.what, () => pollUntil(options, probe));
}

async function pollUntil<T>(options: WaitOptions, probe: () => Promise<Probe<T>>): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  let lastState = "not probed yet";
  for (;;) {
    const outcome = await probe();
    if (outcome.done) return outcome.value;
    lastState = outcome.state;
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new WaitTimeoutError(options, lastState);
    await delay(Math.min(interval, remaining));
  }
}

/** A fixed pause: the profile counts these, because a fixed sleep is time a better wait could save. */
export function sleep(ms: number): Promise<void> {
  return profiled("sleeps", `${ms} ms`, () => delay(ms));
}

/** A pause inside a loop that paces itself (a writer's think time, a poll): not profiled as a sleep. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}

/** Runs `work` but gives up after `timeoutMs`, naming what it was doing. The work itself is not cancelled. */
export async function withTimeout<T>(what: string, timeoutMs: number, work: Promise<T>, fix?: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WaitTimeoutError({ what, timeoutMs, fix }, "still running")), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
