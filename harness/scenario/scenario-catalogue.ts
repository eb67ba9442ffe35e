import binlogPurged from "../../scenarios/binlog-purged.ts";
import conversionDomain from "../../scenarios/conversion-domain.ts";
import guardrails from "../../scenarios/guardrails.ts";
import intToBigint from "../../scenarios/int-to-bigint.ts";
import missingConversion from "../../scenarios/missing-conversion.ts";
import rollbackGtidReplay from "../../scenarios/rollback-gtid-replay.ts";
import rollbackNarrowing from "../../scenarios/rollback-narrowing.ts";
import rollbackReverseReplication from "../../scenarios/rollback-reverse-replication.ts";
import seed004 from "../../scenarios/seed-004.ts";
import switchoverFaults from "../../scenarios/switchover-faults.ts";
import unsignedWrap from "../../scenarios/unsigned-wrap.ts";
import writeOnGreen from "../../scenarios/write-on-green.ts";
import type { Scenario } from "./scenario.ts";

/** The built-in scenarios, in the order `bgh rehearse` runs them. */
export const SCENARIOS: Scenario<any>[] = [intToBigint, unsignedWrap, conversionDomain, missingConversion, writeOnGreen, guardrails, switchoverFaults, seed004, rollbackReverseReplication, rollbackNarrowing, rollbackGtidReplay, binlogPurged];

export function scenarioById(id: string): Scenario<any> | undefined {
  return SCENARIOS.find((scenario) => scenario.id === id);
}
