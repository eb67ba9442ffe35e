/**
 * testcontainers settings this harness needs, applied before testcontainers first talks to Docker.
 * - Ryuk (testcontainers' reaper) is an image pulled from a registry; without a registry it cannot
 *   start, so it is off and the harness removes what it starts itself (harness/lifecycle/).
 * - Machines with /.dockerenv make testcontainers pull alpine to find the gateway; the host override
 *   avoids that lookup.
 * A user's own settings win.
 */
export function applyTestcontainersEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  env.TESTCONTAINERS_RYUK_DISABLED ??= "true";
  env.TESTCONTAINERS_HOST_OVERRIDE ??= "127.0.0.1";
}
