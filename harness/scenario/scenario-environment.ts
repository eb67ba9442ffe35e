import type { ScenarioOutcome } from "./scenario-outcome.ts";

/** One way into a kept environment: a MySQL endpoint and who may log in. */
export interface EndpointAccess {
  name: string;
  host: string;
  port: number;
  user: string;
  /** Printed only where the user asked for connection details (`--keep`), never in reports. */
  password: string;
}

/** What a scenario's environment offers someone who wants to poke at it after a failure. */
export interface ConnectionDetails {
  endpoints: EndpointAccess[];
  /** The fake RDS API, when the scenario runs one (it lives as long as the bgh process). */
  rdsEndpoint?: string;
}

/** An environment a scenario runs in: removable, and describable for `--keep`. */
export interface ScenarioEnvironment {
  remove(): Promise<void>;
  connectionDetails(): ConnectionDetails;
}

/**
 * Runs a scenario's body in its environment and removes the environment afterwards, except when the
 * run asked to keep the environment of a scenario that did not reach its outcome (`bgh rehearse
 * --keep`): then it is handed to the runner, which tells the user how to connect and removes it later.
 */
export async function usingEnvironment<T extends ScenarioOutcome>(context: { keepOnFailure?: (environment: ScenarioEnvironment) => void }, environment: ScenarioEnvironment, body: () => Promise<T>): Promise<T> {
  let outcome: T | undefined;
  try {
    outcome = await body();
    return outcome;
  } finally {
    if (context.keepOnFailure && !outcome?.reached) context.keepOnFailure(environment);
    else await environment.remove();
  }
}
