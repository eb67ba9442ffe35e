import { createHash } from "node:crypto";
import { choosePlacements, type FaultPlacement, type FaultPointDeclaration } from "../scenario/fault-points.ts";
import { seededRandom } from "../workload/write-load.ts";

/** Run seeds stay in 1..2^31-2, as `bgh rehearse --seed` draws them. */
const SEED_RANGE = 2 ** 31 - 2;

/**
 * The seed of run `run` (1-based) of a scenario in a soak: a hash of the soak's seed, the scenario and
 * the run number. Every run gets a fresh seed, the same soak seed gives the same seeds again (the whole
 * soak replays), and adding a scenario to a soak does not change the other scenarios' seeds.
 */
export function runSeed(soakSeed: number, scenarioId: string, run: number): number {
  const digest = createHash("sha256").update(`bgh-soak:${soakSeed}:${scenarioId}:${run}`).digest();
  return (digest.readUInt32BE(0) % SEED_RANGE) + 1;
}

/**
 * Where a run's faults land: drawn from the run's own seed, so a run's seed alone fixes its placement
 * (the replay line still spells it out: `bgh rehearse` without --fault uses the defaults). The first
 * run of a scenario keeps the defaults, what a plain `bgh rehearse` proves; the others move the faults.
 */
export function runPlacements(declarations: readonly FaultPointDeclaration[] | undefined, seed: number, run: number): Record<string, FaultPlacement> | undefined {
  if (!declarations?.length) return undefined;
  if (run === 1) return Object.fromEntries(declarations.map((declaration) => [declaration.fault, { point: declaration.points[0]!, delayMs: 0 }]));
  return choosePlacements(declarations, seededRandom(seed ^ 0x5eed));
}
