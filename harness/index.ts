/**
 * blue-green-harness as a library, for users' own test suites: the engine image, the blue/green
 * environment, replication control, the workload and its ledger, the checkers and the scenario runner.
 * The fake RDS control plane is `blue-green-harness/fakes`; the built-in scenarios are
 * `blue-green-harness/scenarios`. Everything here runs real MySQL in Docker (the engine and image are
 * provisioned on first use, as `bgh prepare` does).
 */
export { engineImageFromEnvironment, resolveEngineImage, type EngineImage } from "./images/engine-image.ts";
export { BlueGreenEnvironment } from "./environment/blue-green-environment.ts";
export type { StartedBlueEnvironment } from "./environment/started-blue-environment.ts";
export type { StartedBlueGreenEnvironment } from "./environment/started-blue-green-environment.ts";
export type { StartedMysqlNode } from "./node/started-mysql-node.ts";
export { openConnection, type ConnectionTarget } from "./sql/mysql-session.ts";

export { waitForCatchUp, ReplicationBrokenError } from "./replication/catch-up.ts";
export { waitUntilReplicating } from "./replication/wait-until-replicating.ts";
export { readReplicationStatus, describeStatus, isHealthy, type ReplicationStatus } from "./replication/replication-status.ts";
export { configureReplication, startReplication, stopReplication, resetReplication, binaryLogStatus, gtidExecuted, replicationStatus } from "./replication/replication-control.ts";

export { startLedgerWorkload, type LedgerWorkloadOptions, type LedgerWorkloadResult, type RunningLedgerWorkload } from "./workload/ledger-workload.ts";
export { WriteLedger, type LedgerVerdict } from "./workload/write-ledger.ts";
export { startWriteLoad, type WriteKind } from "./workload/write-load.ts";
export { startSchemaWorkload, type SchemaWorkloadOptions, type SchemaWorkloadResult, type RunningSchemaWorkload } from "./workload/schema-workload.ts";
export { RowLedger, type RowLedgerVerdict, type TableVerdict, type RowFinding } from "./workload/row-ledger.ts";

export { splitSqlScript, runSqlFile, type SqlStatement } from "./sql/sql-script.ts";
export { readSchema } from "./schema/read-schema.ts";
export type { SchemaModel, TableModel, ColumnModel } from "./schema/schema-model.ts";
export { generateData, type GenerateDataOptions } from "./data/generate-data.ts";
export { loadDataFile } from "./data/load-data-file.ts";
export { planHazards, type PlanInput, type Plan, type Hazard, type ChangedColumn } from "./plan/plan-hazards.ts";
export { renderPlan } from "./plan/render-plan.ts";

export * from "./checks/index.ts";
export { replicatedValue, integerConversion, parseTypeConversions } from "./conversion/integer-conversion.ts";
export { parseIntegerType, type IntegerType } from "./conversion/integer-type.ts";
export { changedRanges, describeRange, type ChangedRange } from "./conversion/changed-ranges.ts";

export { check, recorderOf, placementOf, type Scenario, type ScenarioContext, type ScenarioCheck, type ScenarioOutcome, type FaultPointDeclaration, type FaultPlacement, type WorkloadKnob } from "./scenario/scenario.ts";
export { usingEnvironment, type ScenarioEnvironment, type ConnectionDetails } from "./scenario/scenario-environment.ts";
export { ScenarioRecorder } from "./scenario/scenario-recorder.ts";
export { runScenario, type ScenarioRun } from "./scenario/run-scenario.ts";
export { runScenarios } from "./scenario/run-scenarios.ts";
export { buildReport } from "./report/build-report.ts";
export { writeReportFiles, renderReportHtml, type RehearsalReport } from "./report/index.ts";

export { HarnessError } from "./errors/harness-error.ts";
export { WaitTimeoutError, waitUntil } from "./wait/wait-until.ts";
export { newRunId } from "./lifecycle/run-id.ts";
export { reap } from "./lifecycle/reaper.ts";
