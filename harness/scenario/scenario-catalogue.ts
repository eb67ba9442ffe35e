import intToBigint from "../../scenarios/int-to-bigint.ts";
import missingConversion from "../../scenarios/missing-conversion.ts";
import rollbackReverseReplication from "../../scenarios/rollback-reverse-replication.ts";
import unsignedWrap from "../../scenarios/unsigned-wrap.ts";
import writeOnGreen from "../../scenarios/write-on-green.ts";
import type { Scenario } from "./scenario.ts";

/** The built-in scenarios, in the order `bgh rehearse` runs them. */
export const SCENARIOS: Scenario<any>[] = [intToBigint, unsignedWrap, missingConversion, writeOnGreen, rollbackReverseReplication];

export function scenarioById(id: string): Scenario<any> | undefined {
  return SCENARIOS.find((scenario) => scenario.id === id);
}
