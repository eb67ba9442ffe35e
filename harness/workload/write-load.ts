import type { Connection } from "mysql2/promise";
import { openConnection, type ConnectionTarget } from "../sql/mysql-session.ts";
import { messageOf } from "../errors/harness-error.ts";
import { delay } from "../wait/wait-until.ts";

/** One kind of write the load can make, chosen at random by weight. */
export interface WriteKind {
  name: string;
  weight: number;
  run(connection: Connection, random: () => number): Promise<void>;
}

export interface WriteLoadStats {
  acknowledged: Record<string, number>;
  failed: number;
  /** The first few failures, for a person to read. */
  errors: string[];
  durationMs: number;
}

export interface RunningWriteLoad {
  /** Stops the writers after their current statement and reports what they did. */
  stop(): Promise<WriteLoadStats>;
}

/**
 * Concurrent writers on their own connections, as an application would write during a rehearsal.
 * A failed write is counted and the writer reconnects and goes on: the load keeps going through
 * the faults the rehearsal injects. Bounded: each writer stops on stop() or after maxDurationMs. A
 * writer pauses pauseMs after each acknowledged write (an application's pace; default: none).
 */
export function startWriteLoad(target: () => ConnectionTarget, kinds: WriteKind[], options: { writers: number; maxDurationMs: number; seed?: number; pauseMs?: number }): RunningWriteLoad {
  const stats: WriteLoadStats = { acknowledged: Object.fromEntries(kinds.map((kind) => [kind.name, 0])), failed: 0, errors: [], durationMs: 0 };
  const started = performance.now();
  let stopping = false;
  const deadline = Date.now() + options.maxDurationMs;
  const totalWeight = kinds.reduce((sum, kind) => sum + kind.weight, 0);

  const writer = async (index: number) => {
    const random = seededRandom((options.seed ?? 1) * 1000 + index);
    let connection: Connection | undefined;
    while (!stopping && Date.now() < deadline) {
      try {
        connection ??= await openConnection(target());
        let pick = random() * totalWeight;
        const kind = kinds.find((candidate) => (pick -= candidate.weight) < 0) ?? kinds[0]!;
        await kind.run(connection, random);
        stats.acknowledged[kind.name]!++;
        if (options.pauseMs) await delay(options.pauseMs);
      } catch (error) {
        stats.failed++;
        if (stats.errors.length < 5) stats.errors.push(messageOf(error));
        await connection?.end().catch(() => undefined);
        connection = undefined;
        await delay(50);
      }
    }
    await connection?.end().catch(() => undefined);
  };
  const writers = Array.from({ length: options.writers }, (_, index) => writer(index));
  return {
    async stop() {
      stopping = true;
      await Promise.all(writers);
      stats.durationMs = Math.round(performance.now() - started);
      return stats;
    },
  };
}

/** mulberry32: small, fast and replayable from a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
