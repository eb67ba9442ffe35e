import { deploymentReaches } from "../../fakes/rds/api-waits.ts";
import type { BinlogCoordinates } from "../../harness/engine/dialect.ts";
import type { StartedMysqlNode } from "../../harness/node/started-mysql-node.ts";
import { HarnessError } from "../../harness/errors/harness-error.ts";
import { waitUntilReplicating } from "../../harness/replication/wait-until-replicating.ts";
import type { ScenarioRecorder } from "../../harness/scenario/scenario-recorder.ts";
import { createDeployment } from "./deployment.ts";
import type { ScenarioRds } from "./scenario-rds.ts";

export type { BinlogCoordinates } from "../../harness/engine/dialect.ts";

export interface SwitchedOver {
  deploymentId: string;
  status: string;
  statusDetails: string;
  /** The writer now serving the original cluster name (former green). */
  newPrimary: StartedMysqlNode;
  /** The former blue writer, renamed `<cluster>-old1` (or old<n>). */
  oldBlue: StartedMysqlNode;
  /** The renamed old blue cluster's identifier. */
  oldBlueCluster: string;
  /** The coordinates RDS reported for the new primary right after switchover (seed 000's starting point). */
  coordinates: BinlogCoordinates;
  /** From SwitchoverBlueGreenDeployment to SWITCHOVER_COMPLETED as seen by polling. */
  switchoverMs: number;
}

/**
 * What the rehearsal does to green once it is available, before the switchover: given green's writer
 * and green's cluster identifier (to connect through its endpoint as the master user). Unless the
 * caller says `greenReplication: "as-is"`, green's replication from blue is stopped around it (seed
 * 001's way); "as-is" leaves that to the change itself (e.g. seed 001's own rds_* calls).
 */
export type GreenChange = (green: StartedMysqlNode, greenCluster: string) => Promise<void>;

/**
 * Creates a blue/green deployment of the scenario's cluster, optionally changes green, switches over
 * and returns both writers and the binary log coordinates from RDS's event. Refuses, with the
 * deployment's own words, when the switchover does not complete: callers that expect a refusal drive
 * the API themselves.
 */
export async function deployAndSwitchOver(
  fake: ScenarioRds,
  options: {
    name: string;
    changeGreen?: GreenChange;
    greenReplication?: "stopped" | "as-is";
    switchoverTimeoutSeconds?: number;
    targetClusterParameterGroup?: string;
    /** TargetEngineVersion: green runs that version (an engine upgrade). */
    targetEngineVersion?: string;
    /** Where the journey's phases (deployment, green change, switchover) are recorded; default: the scenario's recorder. */
    record?: ScenarioRecorder;
  },
): Promise<SwitchedOver> {
  const record = options.record ?? fake.record;
  const phase = <T>(name: string, work: () => Promise<T>): Promise<T> => record.phase(name, work);
  const { rds, cluster, service } = fake;
  const state = service.model.state;
  const deployment = await phase("blue/green deployment", () => createDeployment(fake, options.name, { targetClusterParameterGroup: options.targetClusterParameterGroup, targetEngineVersion: options.targetEngineVersion }));
  const deploymentId = deployment.id;
  const changeGreen = options.changeGreen;
  if (changeGreen) {
    await phase("green changed", async () => {
      const { green: greenCluster, greenWriter: green } = deployment;
      const stopped = options.greenReplication !== "as-is";
      if (stopped) await green.query(green.dialect.stopReplicaSql());
      await changeGreen(green, greenCluster);
      if (stopped) {
        await green.query(green.dialect.startReplicaSql());
        // START REPLICA returns before the receiver has connected: the switchover's health guardrail would refuse a "connecting" green.
        await waitUntilReplicating(green);
      }
    });
  }
  const before = new Set([...state.clusters.values()].map((c) => c.identifier));
  const switchoverStarted = performance.now();
  const switched = await phase("switchover", async () => {
    await rds.switchoverBlueGreenDeployment({ BlueGreenDeploymentIdentifier: deploymentId, SwitchoverTimeout: options.switchoverTimeoutSeconds ?? 120 });
    return deploymentReaches(rds, deploymentId, ["SWITCHOVER_COMPLETED", "SWITCHOVER_FAILED", "AVAILABLE"]);
  });
  const switchoverMs = Math.round(performance.now() - switchoverStarted);
  if (switched.Status !== "SWITCHOVER_COMPLETED") throw journeyError("switching over", `${switched.Status}: ${switched.StatusDetails ?? ""}`);
  const oldBlueCluster = [...state.clusters.values()].map((c) => c.identifier).find((identifier) => !before.has(identifier) && identifier.startsWith(`${cluster.identifier}-old`));
  if (!oldBlueCluster) throw journeyError("finding old blue", "no cluster named <cluster>-old<n> after the switchover");
  return {
    deploymentId,
    status: switched.Status!,
    statusDetails: switched.StatusDetails ?? "",
    newPrimary: state.writerOf(state.cluster(cluster.identifier)).node!,
    oldBlue: state.writerOf(state.cluster(oldBlueCluster)).node!,
    oldBlueCluster,
    coordinates: await switchoverCoordinates(fake, cluster.identifier),
    switchoverMs,
  };
}

/** The "Binary log coordinates in green environment after switchover" event of the cluster's writer, parsed. */
export async function switchoverCoordinates(fake: ScenarioRds, clusterIdentifier: string): Promise<BinlogCoordinates> {
  const state = fake.service.model.state;
  const { Events } = await fake.rds.describeEvents({ SourceType: "db-instance", SourceIdentifier: state.cluster(clusterIdentifier).writer });
  const message = (Events ?? []).map((event) => event.Message ?? "").findLast((text) => text.startsWith("Binary log coordinates"));
  const match = /file (\S+) and position (\d+)/.exec(message ?? "");
  if (!match) throw journeyError("reading the switchover's binary log coordinates", `no coordinates event for ${clusterIdentifier}'s writer`);
  return { file: match[1]!, position: Number(match[2]) };
}

function journeyError(what: string, cause: string): HarnessError {
  return new HarnessError({ what, cause, fix: "see the deployment's events (DescribeEvents) and the servers' replication status" });
}
