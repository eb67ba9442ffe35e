/**
 * The built-in scenarios and the pieces they are made of, for users who write their own scenario
 * files (`bgh rehearse path/to/my-scenario.ts`) or run scenarios from their own test suites.
 */
export { SCENARIOS, scenarioById } from "./catalogue.ts";
export { startScenarioRds, type ScenarioRds } from "./support/scenario-rds.ts";
export { deployAndSwitchOver, switchoverCoordinates, type SwitchedOver, type BinlogCoordinates } from "./support/switchover-journey.ts";
export { startReverseReplication, finishReverseReplication, type ReverseStart } from "./support/reverse-replication.ts";
export { joinitSchema, type JoinitSchema } from "./schemas/joinit.ts";
