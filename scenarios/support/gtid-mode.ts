import { waitUntil } from "../../harness/wait/wait-until.ts";
import type { ScenarioRds } from "./scenario-rds.ts";

/**
 * Turns GTIDs on for a cluster as an Aurora user must before GTID-based replication
 * (rds_set_external_master_with_auto_position): gtid-mode and enforce_gtid_consistency ON in its
 * cluster parameter group (Aurora's default is OFF_PERMISSIVE, and both are static), then a reboot.
 * Returns once every instance of the cluster is available again and its server runs with GTIDs.
 * Clusters created later from the same group (green) start with GTIDs on.
 */
export async function enableGtidMode(fake: ScenarioRds, clusterIdentifier: string): Promise<void> {
  const state = fake.service.model.state;
  const cluster = state.cluster(clusterIdentifier);
  await fake.rds.modifyDBClusterParameterGroup({
    DBClusterParameterGroupName: cluster.parameterGroupName,
    Parameters: [
      { ParameterName: "gtid-mode", ParameterValue: "ON", ApplyMethod: "pending-reboot" },
      { ParameterName: "enforce_gtid_consistency", ParameterValue: "ON", ApplyMethod: "pending-reboot" },
    ],
  });
  await fake.rds.rebootDBCluster({ DBClusterIdentifier: clusterIdentifier });
  await waitUntil({ what: `cluster ${clusterIdentifier} to run with GTIDs after its reboot`, timeoutMs: 120_000, intervalMs: 250 }, async () => {
    const instances = state.clusterInstances(cluster);
    const waiting = instances.filter((instance) => instance.status !== "available" || instance.pendingReboot).map((instance) => `${instance.identifier} ${instance.status}`);
    if (waiting.length > 0) return { done: false, state: waiting.join(", ") };
    for (const instance of instances) {
      const [row] = await instance.node!.query("SELECT @@GLOBAL.gtid_mode AS mode");
      if (String(row?.mode) !== "ON") return { done: false, state: `${instance.identifier} gtid_mode ${String(row?.mode)}` };
    }
    return { done: true, value: undefined };
  });
}
