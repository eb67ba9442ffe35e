import { onInterrupt } from "../../harness/lifecycle/cleanup-on-signal.ts";
import { reap } from "../../harness/lifecycle/reaper.ts";
import type { ScenarioRun } from "../../harness/scenario/run-scenario.ts";

/**
 * `--keep`: prints how to reach each failed scenario's environment (passwords included: the user asked
 * for them, and they are printed here only, never in reports), then holds this process, which also
 * serves the fake RDS API, until Ctrl-C; then removes everything the run started.
 */
export async function holdKeptEnvironments(runs: ScenarioRun[], runId: string): Promise<void> {
  const kept = runs.filter((run) => run.kept);
  if (kept.length === 0) {
    console.log("--keep: every scenario reached its outcome; nothing was kept.");
    return;
  }
  const lines = ["", "Kept for inspection (Ctrl-C removes them):"];
  for (const run of kept) {
    const details = run.kept!.connectionDetails();
    lines.push(``, `  ${run.id}:`);
    for (const endpoint of details.endpoints) lines.push(`    ${endpoint.name.padEnd(22)} mysql -h ${endpoint.host} -P ${endpoint.port} -u ${endpoint.user} -p'${endpoint.password}'`);
    if (details.rdsEndpoint) {
      lines.push(
        `    fake RDS API: ${details.rdsEndpoint}`,
        `      export AWS_ACCESS_KEY_ID=bgh AWS_SECRET_ACCESS_KEY=bgh AWS_DEFAULT_REGION=us-east-1 AWS_ENDPOINT_URL_RDS=${details.rdsEndpoint}`,
        // AWS_ENDPOINT_URL_RDS needs AWS CLI 2.13+ / a recent SDK; --endpoint-url works with every version.
        `      aws rds describe-blue-green-deployments --endpoint-url ${details.rdsEndpoint}`,
      );
    }
  }
  lines.push("", `If this process is killed instead, remove them with: npx bgh reap --run ${runId}`);
  console.log(lines.join("\n"));
  await new Promise<void>((resolve) => {
    const remove = async () => {
      for (const run of kept) await run.kept!.remove().catch(() => undefined);
      await reap({ runId });
      resolve();
    };
    // The signal handler runs the removal and then exits the process with the signal's code.
    onInterrupt(remove);
  });
}
