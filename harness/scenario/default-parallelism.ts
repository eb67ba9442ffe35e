import os from "node:os";

/**
 * What one scenario's servers need: up to six small servers (32 MB buffer pools, about 150 MB each in
 * practice) plus the harness's share, rounded up generously.
 */
export const MEMORY_PER_SCENARIO_BYTES = 1.5 * 1024 ** 3;

/**
 * A scenario mostly waits (servers starting, replicas catching up, switchover steps): measured on a
 * 2-core machine, the whole catalogue used 16 s of CPU in 3 minutes. So each core carries two
 * scenarios; fewer when memory is short.
 */
export const SCENARIOS_PER_CORE = 2;

/** The most scenarios run side by side by default, however large the machine. */
export const MAX_DEFAULT_PARALLEL = 8;

export interface MachineSize {
  cores: number;
  freeMemoryBytes: number;
}

/** How many scenarios `bgh rehearse` runs at once when --parallel is not given. */
export function defaultParallelism(machine: MachineSize = currentMachine()): number {
  const byCores = Math.max(1, machine.cores) * SCENARIOS_PER_CORE;
  const byMemory = Math.floor(machine.freeMemoryBytes / MEMORY_PER_SCENARIO_BYTES);
  return Math.max(1, Math.min(byCores, byMemory, MAX_DEFAULT_PARALLEL));
}

export function currentMachine(): MachineSize {
  return { cores: os.availableParallelism(), freeMemoryBytes: os.freemem() };
}
