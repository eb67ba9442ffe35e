import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Where a scenario's time went, by kind of work: server starts, copies, catch-up waits, other waits,
 * green provisioning, switchovers (a timed-out one lasts its whole timeout), fixed sleeps. Work is attributed to the scenario whose async context it runs in
 * (AsyncLocalStorage), so scenarios running side by side in one process keep separate profiles and no
 * function between the scenario and the timed work needs a parameter for it.
 *
 * Work of one kind often overlaps (three servers starting together): a kind's figure is the wall-clock
 * time during which at least one piece of that kind ran, not the sum, so it compares directly with the
 * scenario's duration. Kinds may overlap each other (a catch-up wait inside a copy).
 */
export type ProfileKind = "server starts" | "copies" | "green provisioning" | "switchovers" | "catch-up waits" | "waits" | "sleeps";

export const PROFILE_KINDS: readonly ProfileKind[] = ["server starts", "copies", "green provisioning", "switchovers", "catch-up waits", "waits", "sleeps"];

export interface ProfileEntry {
  kind: ProfileKind;
  /** Wall-clock milliseconds during which at least one piece of work of this kind ran. */
  ms: number;
  /** How many pieces of work of this kind ran. */
  count: number;
  /** The longest single piece, with what it was. */
  longest: { what: string; ms: number };
}

interface Interval {
  kind: ProfileKind;
  what: string;
  startMs: number;
  endMs: number;
}

export class TimeProfile {
  private readonly intervals: Interval[] = [];

  record(kind: ProfileKind, what: string, startMs: number, endMs: number): void {
    this.intervals.push({ kind, what, startMs, endMs });
  }

  /** One entry per kind that occurred, in PROFILE_KINDS order. */
  entries(): ProfileEntry[] {
    return PROFILE_KINDS.flatMap((kind) => {
      const ofKind = this.intervals.filter((interval) => interval.kind === kind);
      if (ofKind.length === 0) return [];
      const longest = ofKind.reduce((a, b) => (b.endMs - b.startMs > a.endMs - a.startMs ? b : a));
      return [{ kind, ms: Math.round(unionLength(ofKind)), count: ofKind.length, longest: { what: longest.what, ms: Math.round(longest.endMs - longest.startMs) } }];
    });
  }
}

/** Total length covered by a set of intervals, overlaps counted once. */
export function unionLength(intervals: ReadonlyArray<{ startMs: number; endMs: number }>): number {
  const sorted = [...intervals].sort((a, b) => a.startMs - b.startMs);
  let total = 0;
  let end = -Infinity;
  for (const { startMs, endMs } of sorted) {
    if (endMs <= end) continue;
    total += endMs - Math.max(startMs, end);
    end = endMs;
  }
  return total;
}

const current = new AsyncLocalStorage<TimeProfile>();

/** Runs `work` with `profile` collecting the timings of everything it starts, directly or not. */
export function withProfile<T>(profile: TimeProfile, work: () => Promise<T>): Promise<T> {
  return current.run(profile, work);
}

/** Times `work` as `kind` in the profile of the scenario it runs for (if any). */
export async function profiled<T>(kind: ProfileKind, what: string, work: () => Promise<T>): Promise<T> {
  const profile = current.getStore();
  if (!profile) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    profile.record(kind, what, started, performance.now());
  }
}
