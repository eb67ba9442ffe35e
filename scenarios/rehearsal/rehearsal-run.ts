import type { DbCluster } from "../../fakes/rds/model/resources.ts";
import type { BinlogCoordinates } from "../../harness/engine/dialect.ts";
import type { StartedMysqlNode } from "../../harness/node/started-mysql-node.ts";
import type { RehearsalDefinition } from "../../harness/rehearsal-file/rehearsal-definition.ts";
import type { ScenarioContext } from "../../harness/scenario/scenario.ts";
import type { Deployment } from "../support/deployment.ts";
import type { RestoredCopy } from "../support/restored-copy.ts";
import type { ScenarioRds } from "../support/scenario-rds.ts";

/**
 * What a rehearsal knows while its steps run: the fake RDS, blue's and green's writers (followed by
 * server, not by name, so that `blue` is old blue after the switchover), the deployment, the
 * switchover's coordinates, a restored copy, and the endpoint the application writes through.
 */
export interface RehearsalRun {
  definition: RehearsalDefinition;
  context: ScenarioContext;
  fake: ScenarioRds;
  seed: number;
  blueWriter: StartedMysqlNode;
  deployment?: Deployment;
  /** The coordinates RDS announced for the new primary after the switchover. */
  coordinates?: BinlogCoordinates;
  switchoverMs?: number;
  restored?: RestoredCopy;
  /** The endpoint the application's workload connects to (`cluster` until move-application-back). */
  applicationEndpoint: string;
  /**
   * The application's own user (DML on the database, no SUPER), as applications connect on RDS:
   * read_only on a server then stops its writes, as a runbook's `SET GLOBAL read_only = 1` does on RDS.
   */
  application: { user: string; password: string };
  /** Put first on shell steps' PATH: the runbook tools' folder (an `aws` pointed at the fake RDS). */
  toolsPath?: string;
  /** Put first on shell steps' AWS_DATA_PATH: RDS waiters that poll every second (harness/tools/quick-waiters.ts). */
  awsDataPath?: string;
  /** Faults waiting for a switchover phase, and healing to do for landed faults. */
  pendingFaults: Array<{ stop(): void; outcome: { landed: boolean; detail: string }; step: string }>;
}

/** The cluster whose writer is `node` now (names change at switchover; servers do not). */
export function clusterServedBy(run: RehearsalRun, node: StartedMysqlNode): DbCluster | undefined {
  const state = run.fake.service.model.state;
  return [...state.clusters.values()].find((cluster) => cluster.writer !== undefined && state.instances.get(cluster.writer.toLowerCase())?.node === node);
}
