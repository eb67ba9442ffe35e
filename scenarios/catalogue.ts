import binlogPurged from "./binlog-purged.ts";
import conversionDomain from "./conversion-domain.ts";
import engineUpgrade from "./engine-upgrade.ts";
import guardrails from "./guardrails.ts";
import intToBigint from "./int-to-bigint.ts";
import missingConversion from "./missing-conversion.ts";
import rollbackGtidReplay from "./rollback-gtid-replay.ts";
import rollbackNarrowing from "./rollback-narrowing.ts";
import rollbackReverseReplication from "./rollback-reverse-replication.ts";
import seed004 from "./seed-004.ts";
import staleEndpoint from "./stale-endpoint.ts";
import switchoverFaults from "./switchover-faults.ts";
import unsignedWrap from "./unsigned-wrap.ts";
import writeOnGreen from "./write-on-green.ts";
import type { Scenario } from "../harness/scenario/scenario.ts";

/** The built-in scenarios, in the order `bgh rehearse` runs them. */
export const SCENARIOS: Scenario<any>[] = [intToBigint, unsignedWrap, conversionDomain, missingConversion, writeOnGreen, guardrails, switchoverFaults, seed004, rollbackReverseReplication, rollbackNarrowing, rollbackGtidReplay, binlogPurged, staleEndpoint, engineUpgrade];

export function scenarioById(id: string): Scenario<any> | undefined {
  return SCENARIOS.find((scenario) => scenario.id === id);
}
