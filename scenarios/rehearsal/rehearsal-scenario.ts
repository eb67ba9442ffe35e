import { readRehearsalFile } from "../../harness/rehearsal-file/read-rehearsal-file.ts";
import type { RehearsalDefinition } from "../../harness/rehearsal-file/rehearsal-definition.ts";
import { usingEnvironment } from "../../harness/scenario/scenario-environment.ts";
import type { Scenario } from "../../harness/scenario/scenario.ts";
import { startSchemaWorkload, type SchemaWorkloadResult } from "../../harness/workload/schema-workload.ts";
import { generateCredentials } from "../../harness/secrets/credentials.ts";
import { ensureRunbookTools } from "../../harness/tools/runbook-tools.ts";
import { startScenarioRds } from "../support/scenario-rds.ts";
import { resolveEndpoint } from "./rehearsal-endpoints.ts";
import { comparePrediction } from "./prediction.ts";
import { evaluateExpectations } from "./rehearsal-expectations.ts";
import type { RehearsalRun } from "./rehearsal-run.ts";
import { setUpBlue } from "./rehearsal-setup.ts";
import { runSteps, type StepResult } from "./rehearsal-steps.ts";

/** The longest a rehearsal's workload may write (a run that goes longer stops writing and says so in its figures). */
const WORKLOAD_MAX_MS = 60 * 60 * 1000;

/** A rehearsal file as a Scenario: the same contract, runner, reports and options as the built-in ones. */
export function rehearsalFileScenario(file: string): Scenario {
  return rehearsalScenario(readRehearsalFile(file));
}

export function rehearsalScenario(definition: RehearsalDefinition): Scenario {
  return {
    id: definition.id,
    title: definition.name,
    expectation: describeExpectation(definition),
    async run(context) {
      const seed = context.seed ?? 1;
      const { cluster } = definition;
      context.log(`starting cluster ${cluster.name} (writer and ${cluster.readers} reader(s)) behind the fake RDS`);
      // A runbook's tools come first: a missing AWS CLI is found out before any server starts.
      const tools = definition.steps.some((step) => step.kind === "run") ? ensureRunbookTools() : undefined;
      if (tools) context.log(`runbook tools: AWS CLI ${tools.awsVersion} (${tools.aws}), ${tools.mysql}; ${tools.quickWaiters}`);
      const fake = await startScenarioRds(context, cluster.name, { readers: cluster.readers }).catch((error: unknown) => {
        tools?.remove();
        throw error;
      });
      const environment = { remove: async () => (tools?.remove(), fake.remove()), connectionDetails: () => fake.connectionDetails() };
      return usingEnvironment(context, environment, async () => {
        const state = fake.service.model.state;
        const run: RehearsalRun = { definition, context, fake, seed, blueWriter: state.writerOf(state.cluster(cluster.name)).node!, applicationEndpoint: "cluster", ...(tools ? { toolsPath: tools.pathFolder } : {}), ...(tools?.awsDataPath ? { awsDataPath: tools.awsDataPath } : {}), application: { user: "bgh_app", password: generateCredentials().rootPassword }, pendingFaults: [] };
        context.log(`blue: parameters, ${definition.schema.length} schema file(s), data`);
        const model = await setUpBlue(run);
        context.log(`schema ${model.schema}: ${model.tables.length} table(s), ${model.views.length} view(s), ${model.triggers.length} trigger(s)`);
        const workload = definition.workload
          ? startSchemaWorkload(() => ({ ...resolveEndpoint(run, run.applicationEndpoint).target, ...run.application, database: definition.database }), {
              model,
              ...(definition.workload.tables ? { tables: definition.workload.tables } : {}),
              writers: definition.workload.writers,
              ...(definition.workload.rate ? { ratePerSecond: definition.workload.rate } : {}),
              seed,
              maxDurationMs: WORKLOAD_MAX_MS,
            })
          : undefined;
        let steps: StepResult[] = [];
        let writes: SchemaWorkloadResult | undefined;
        try {
          if (workload) {
            await workload.ready;
            context.log(`workload: ${definition.workload!.writers} writer(s) through the cluster endpoint${definition.workload!.rate ? ` at ${definition.workload!.rate} writes/s` : ""}`);
          }
          steps = await runSteps(run);
        } finally {
          for (const fault of run.pendingFaults) fault.stop();
          writes = await workload?.stop();
        }
        if (writes) {
          fake.record.workload(writes);
          for (const excluded of writes.excluded) context.log(`workload left out ${excluded.table}: ${excluded.reason}`);
        }
        const verdicts = await evaluateExpectations(run, steps, writes, model);
        const prediction = await comparePrediction(run, model, steps, verdicts.ledger, verdicts.comparison);
        return {
          reached: verdicts.checks.every((item) => item.passed),
          checks: verdicts.checks,
          figures: {
            engine: context.engine.dialect.version.raw,
            tables: model.tables.length,
            steps: steps.length,
            stepsPassed: steps.filter((step) => step.outcome === "passed").length,
            ...(writes ? { acknowledgedWrites: writes.acknowledged, failedWrites: writes.failed, refusedWrites: writes.refused, longestOutageMs: writes.unavailability.longestMs } : {}),
            ...(run.switchoverMs === undefined ? {} : { switchoverMs: run.switchoverMs }),
          },
          details: {
            file: definition.file,
            steps,
            ...(prediction.plan ? { prediction: { plan: prediction.plan, comparedWithRun: prediction.comparisons } } : {}),
            ...(verdicts.ledger ? { ledger: verdicts.ledger } : {}),
            ...(verdicts.comparison ? { comparison: verdicts.comparison } : {}),
            ...(writes ? { unavailability: writes.unavailability, timeline: writes.timeline, errors: writes.errors, excluded: writes.excluded } : {}),
            ...(run.coordinates ? { coordinates: run.coordinates } : {}),
          },
        };
      });
    },
  };
}

/** The file's expectations in words, for the report's "expected" line. */
export function describeExpectation(definition: RehearsalDefinition): string {
  const { expect } = definition;
  const parts = [expect.fails.length ? `every step succeeds except ${expect.fails.map((f) => `"${f.step}", which fails with "${f.with}"`).join(", ")}` : "every step succeeds"];
  if (expect.noLostWrites) parts.push(`no acknowledged write lost or changed on ${expect.noLostWrites.on}`);
  if (expect.tablesEqual) parts.push(`tables equal on ${expect.tablesEqual[0]} and ${expect.tablesEqual[1]}`);
  if (expect.tablesDiffer) parts.push(`tables differ between ${expect.tablesDiffer[0]} and ${expect.tablesDiffer[1]}`);
  if (expect.maxWriteOutageSeconds !== undefined) parts.push(`write outage at most ${expect.maxWriteOutageSeconds} s`);
  return parts.join("; ");
}
