import type { DatabaseFleet } from "../backing/database-fleet.ts";
import type { AwaitedObservers } from "./awaited-observers.ts";
import type { BlueGreenDeployment } from "./resources.ts";
import type { BackgroundWork } from "./background-work.ts";
import type { Pacing } from "./clock.ts";
import { endpointNames, type EndpointDirectory } from "./endpoint-directory.ts";
import type { RdsState } from "./rds-state.ts";
import type { GuardrailThresholds } from "./switchover-guardrails.ts";
import type { SwitchoverStepObservers } from "./switchover-steps.ts";

/** What every group of operations shares: state, the real servers, endpoints, background work. */
export interface ModelContext {
  state: RdsState;
  fleet: DatabaseFleet;
  endpoints: EndpointDirectory;
  work: BackgroundWork;
  pacing: Pacing;
  names: ReturnType<typeof endpointNames>;
  /** Thresholds of the blue-side guardrails (RDS does not publish its own). */
  guardrails: GuardrailThresholds;
  /** Told as each switchover step begins (fault rehearsals inject at a known step). */
  switchoverSteps: SwitchoverStepObservers;
  /**
   * Told as a deployment's green is ready, awaited before it reads AVAILABLE: what RDS has on the servers
   * by then (mysql.rds_topology, rds-topology.md §2) is written by observers outside the model, so a
   * client that polls the API and then reads the servers finds it.
   */
  availability: AwaitedObservers<BlueGreenDeployment>;
}
