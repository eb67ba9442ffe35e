import type { EngineImage } from "../images/engine-image.ts";
import type { ScenarioRun } from "../scenario/run-scenario.ts";
import type { ConnectionDetails } from "../scenario/scenario-environment.ts";
import type { KeptEnvironment, RehearsalReport, ScenarioReport } from "./rehearsal-report.ts";
import { firstLine } from "./report-facts.ts";

export interface RunFacts {
  runId: string;
  startedAt: string;
  seed: number;
  engine: EngineImage;
  /** The command line that replays one scenario, or the whole run when given none. */
  reproduce(scenarioIds?: string[]): string;
  toolVersion: string;
}

/** The report of a run, from what its scenarios returned and recorded. */
export function buildReport(runs: ScenarioRun[], facts: RunFacts): RehearsalReport {
  const scenarios = runs.map((run) => scenarioReport(run, facts));
  const reached = scenarios.filter((scenario) => scenario.reached).length;
  const notApplicable = scenarios.filter((scenario) => scenario.notApplicable !== undefined).length;
  return {
    tool: { name: "bgh", version: facts.toolVersion },
    runId: facts.runId,
    startedAt: facts.startedAt,
    finishedAt: new Date().toISOString(),
    reproduce: facts.reproduce(runs.map((run) => run.id)),
    seed: facts.seed,
    engine: {
      requested: facts.engine.requested,
      image: facts.engine.warmImage,
      flavor: facts.engine.dialect.version.flavor,
      version: facts.engine.dialect.version.raw,
      dialect: facts.engine.dialect.name,
      substitution: facts.engine.substitution ? `${facts.engine.requested} could not be pulled; ${facts.engine.dialect.version.raw} ran instead` : null,
    },
    scenarios,
    totals: { scenarios: scenarios.length, reached, failed: scenarios.length - reached - notApplicable, notApplicable },
  };
}

function scenarioReport(run: ScenarioRun, facts: RunFacts): ScenarioReport {
  const checks = run.outcome?.checks ?? [];
  const firstFailed = checks.find((item) => !item.passed);
  const actualOutcome = run.notApplicable
    ? `not applicable: ${run.notApplicable}`
    : run.error
    ? `could not run to its end: ${firstLine(run.error)}`
    : run.reached
      ? "reached: every check passed"
      : firstFailed
        ? `not reached: ${firstFailed.name} (${firstFailed.detail})`
        : "not reached";
  return {
    id: run.id,
    title: run.title,
    declaredOutcome: run.expectation,
    actualOutcome,
    reached: run.reached,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    seed: run.seed,
    reproduce: facts.reproduce([run.id]),
    ...(run.error ? { error: run.error } : {}),
    ...(run.notApplicable ? { notApplicable: run.notApplicable } : {}),
    checks,
    figures: run.outcome?.figures ?? {},
    timeline: run.recording.timeline,
    findings: run.recording.findings,
    ...(run.recording.ledger ? { ledger: run.recording.ledger } : {}),
    guardrails: run.recording.guardrails,
    events: run.recording.events,
    profile: run.profile,
    ...(run.kept ? { kept: keptForReport(run.kept.connectionDetails(), facts.runId) } : {}),
  };
}

/** A kept environment as the report shows it: where to connect, never with passwords. */
function keptForReport(details: ConnectionDetails, runId: string): KeptEnvironment {
  return {
    endpoints: details.endpoints.map(({ name, host, port, user }) => ({ name, host, port, user })),
    ...(details.rdsEndpoint ? { rdsEndpoint: details.rdsEndpoint } : {}),
    connect: details.endpoints.map((endpoint) => `mysql -h ${endpoint.host} -P ${endpoint.port} -u ${endpoint.user} -p   # ${endpoint.name}`),
    remove: `Ctrl-C in the terminal running bgh rehearse, or: npx bgh reap --run ${runId}`,
  };
}
