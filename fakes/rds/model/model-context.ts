import type { DatabaseFleet } from "../backing/database-fleet.ts";
import type { AvailabilityObservers } from "./availability-observers.ts";
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
  /** Told as a deployment's green is ready, before it reads AVAILABLE (mysql.rds_topology is written then). */
  availability: AvailabilityObservers;
}
