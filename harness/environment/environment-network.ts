import { StartedNetwork } from "testcontainers";
import { dockerApi, dockerRuntime } from "../docker/docker-client.ts";
import { LABEL, runLabels } from "../lifecycle/labels.ts";

/**
 * A user-defined bridge network per environment, labelled like its containers so that the reaper
 * finds it (testcontainers' own Network labels only its session, which Ryuk would have cleaned).
 */
export async function startEnvironmentNetwork(runId: string): Promise<StartedNetwork> {
  const client = await dockerRuntime();
  const name = `${runId}-net`;
  const network = await client.network.create({
    Name: name,
    CheckDuplicate: true,
    Driver: "bridge",
    Labels: runLabels(runId, { [LABEL.role]: "network" }),
  });
  return new StartedNetwork(client, name, network);
}

/**
 * The network's gateway: the address this machine holds on the network's bridge, which every container
 * on it reaches (a DNS server the harness runs for the network listens there).
 */
export async function networkGateway(network: StartedNetwork): Promise<string> {
  const info = await (await dockerApi()).getNetwork(network.getId()).inspect();
  const gateway = (info.IPAM?.Config ?? []).map((config: { Gateway?: string }) => config.Gateway).find((address: string | undefined) => address && !address.includes(":"));
  if (!gateway) throw new Error(`network ${network.getName()} has no IPv4 gateway (IPAM: ${JSON.stringify(info.IPAM?.Config ?? [])})`);
  return gateway;
}
