import { HarnessError } from "../../harness/errors/harness-error.ts";
import { newRunId } from "../../harness/lifecycle/run-id.ts";
import { engineImageFromEnvironment } from "../../harness/images/engine-image.ts";
import { parseOptions } from "./engine-option.ts";

/**
 * `bgh bench [startup] [rds] [catalogue] [checker] [ledger]`: benchmarks that print figures and ratios against their targets (they
 * assert nothing; tests do that). All of them by default.
 */
const BENCHES: Record<string, () => Promise<void>> = {
  startup: async () => {
    const { runStartupBench } = await import("../bench/startup-bench.ts");
    await runStartupBench();
  },
  rds: async () => {
    // The real model behind the HTTP endpoint, holding a cluster and a deployment, as users would query it.
    const { runRdsHttpBench } = await import("../bench/rds-http-bench.ts");
    const { startFakeRdsService } = await import("../../fakes/rds/fake-rds-service.ts");
    const service = await startFakeRdsService({ engine: await engineImageFromEnvironment({ runId: newRunId() }), cluster: { identifier: "bench", readers: 0, masterUsername: "admin", masterPassword: "Bench-Passw0rd" } });
    try {
      await service.model.handle("CreateBlueGreenDeployment", { BlueGreenDeploymentName: "bench-bg", Source: service.cluster!.arn });
      await service.model.settled();
      await runRdsHttpBench(service.model);
    } finally {
      await service.stop();
    }
  },
  catalogue: async () => {
    // The catalogue sequential and at the default parallelism: many minutes.
    const { runCatalogueBench } = await import("../bench/catalogue-bench.ts");
    await runCatalogueBench();
  },
  checker: async () => {
    // 1 and 5 million rows: minutes on two cores.
    const { runCheckerBench } = await import("../bench/checker-bench.ts");
    await runCheckerBench();
  },
  ledger: async () => {
    // The row ledger's cost on 10 tables: throughput with vs without it, and verifying 1 million writes.
    const { runLedgerBench } = await import("../bench/ledger-bench.ts");
    await runLedgerBench();
  },
};

export async function benchCommand(args: string[]): Promise<number> {
  const { positionals } = parseOptions("bench", args, {});
  const chosen = positionals.length ? positionals : Object.keys(BENCHES);
  for (const name of chosen) {
    const bench = BENCHES[name];
    if (!bench) throw new HarnessError({ what: "choosing benchmarks", cause: `no benchmark "${name}"`, fix: `choose among: ${Object.keys(BENCHES).join(", ")}` });
    console.log(`\n=== bench: ${name} ===`);
    await bench();
  }
  return 0;
}
