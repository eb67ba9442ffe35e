import { defineConfig } from "vitest/config";

// Two projects: unit tests (no Docker, seconds) and integration tests against real MySQL/MariaDB
// containers. `npm test` runs `bgh prepare` first (Docker engine, engine images), so the integration
// workers never race to build the same image.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          // Property tests run hundreds of cases: on a loaded 2-core machine 5 s is too tight a bound.
          testTimeout: 20_000,
          // Unit tests first: seconds, and a failure there makes the slow run pointless.
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          pool: "forks",
          sequence: { groupOrder: 1 },
          // Two cores: two files at a time, each with its own environment, keeps a run near the machine's capacity.
          maxWorkers: 2,
          // describe.concurrent files (the catalogue) run this many tests at once inside their worker.
          maxConcurrency: 3,
          testTimeout: 240_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
