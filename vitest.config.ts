import { defineConfig } from "vitest/config";
import { SlowestFirst } from "./test/slowest-first.ts";

// Two projects: unit tests (no Docker, seconds) and integration tests against real MySQL/MariaDB
// containers. `npm test` runs `bgh prepare` first (Docker engine, engine images), so the integration
// workers never race to build the same image.
export default defineConfig({
  test: {
    // Slowest integration files first, so that the workers end together (test/slowest-first.ts).
    sequence: { sequencer: SlowestFirst },
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          // Property tests run hundreds of cases: on a loaded 2-core machine 5 s is too tight a bound.
          testTimeout: 20_000,
          // Both cores: the default leaves one idle (availableParallelism - 1), and nothing else runs yet.
          maxWorkers: 2,
          // One module graph per worker: a fresh one per file made the 76 files of the time take 46 s, 16 s without.
          // The files restore what they stub (environment variables, console spies).
          isolate: false,
          // Unit tests first: seconds, and a failure there makes the slow run pointless.
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          setupFiles: ["test/integration/support/remove-temp-folders.ts"],
          pool: "forks",
          sequence: { groupOrder: 1 },
          // Three files at a time on two cores: most files spend much of their time waiting (switchover
          // timeouts, workloads' pacing, catch-up), and two at a time left the cores a quarter idle.
          maxWorkers: 3,
          // One module graph per worker, not per file: every file imports the same harness, fake RDS and
          // AWS SDK, and loading them again for each of 61 files took about a minute of the run's CPU.
          // What files of one worker share is process-wide by design: the engine image's resolution, the
          // Docker client (a failure is not kept), the signal cleanups (each run removes its own), the
          // temp folder list (emptied after every file by a setup file). A file that starts something
          // process-wide (the AWS wrapper's monitors) releases it in its afterAll.
          isolate: false,
          // describe.concurrent files (the catalogue) run this many tests at once inside their worker.
          maxConcurrency: 3,
          testTimeout: 240_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
