import { HostsFile } from "../../../harness/names/hosts-file.ts";
import { progress } from "../../../harness/progress/progress.ts";
import { NamedEndpointDirectory } from "./named-endpoint-directory.ts";
import type { TopologyTimeline } from "../topology/topology-timeline.ts";

/**
 * How the fake serves its endpoints: "names", RDS's host names on port 3306, each at a loopback address
 * of its own, resolved through the hosts file (and mysql.rds_topology kept on the servers); or "ports",
 * every endpoint a port of 127.0.0.1 (no name resolves; nothing on the machine is changed).
 */
export type EndpointServing = "names" | "ports";

export function endpointServingFromEnv(): EndpointServing | undefined {
  const value = process.env.BGH_ENDPOINTS;
  if (value === undefined || value === "") return undefined;
  if (value === "names" || value === "ports") return value;
  throw new Error(`BGH_ENDPOINTS=${value} is not a way to serve endpoints: use "names" (RDS host names via the hosts file) or "ports" (127.0.0.1 ports)`);
}

export interface ChosenServing {
  serving: EndpointServing;
  directory?: NamedEndpointDirectory;
}

/** Names where the hosts file can be written (root); otherwise it says why and falls back to ports. */
export function chooseEndpointServing(requested: EndpointServing, runId: string, timeline: TopologyTimeline, hosts: HostsFile = new HostsFile()): ChosenServing {
  if (requested === "ports") return { serving: "ports" };
  const writable = hosts.writable();
  if (!writable.ok) {
    progress(`Endpoint names cannot resolve here: ${writable.reason}. Serving endpoints on 127.0.0.1 ports instead (run as root for RDS host names).`);
    return { serving: "ports" };
  }
  if (process.platform !== "linux") {
    progress(`Endpoint names need Linux's 127.0.0.0/8 loopback; on ${process.platform} endpoints are served on 127.0.0.1 ports instead.`);
    return { serving: "ports" };
  }
  return { serving: "names", directory: new NamedEndpointDirectory({ runId, hosts, greenNamesLingerMs: timeline.greenNamesLingerMs }) };
}
