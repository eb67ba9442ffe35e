/** What a scenario ends with: its checks, figures and details; the report is built from it. */
export interface ScenarioCheck {
  name: string;
  passed: boolean;
  detail: string;
}

export interface ScenarioOutcome {
  /** True when the scenario reached its declared outcome. */
  reached: boolean;
  checks: ScenarioCheck[];
  /** Figures worth reporting (rows, writes, timings). */
  figures: Record<string, number | string>;
  /** Structured details for reports (comparisons, statuses). */
  details: Record<string, unknown>;
  /** A property-based scenario's counterexample, as fast-check prints it (shrunk when the run asked for it). */
  counterexample?: string;
}

export function check(name: string, passed: boolean, detail: string): ScenarioCheck {
  return { name, passed, detail };
}
