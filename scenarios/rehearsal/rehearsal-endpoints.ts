import { HarnessError } from "../../harness/errors/harness-error.ts";
import type { StartedMysqlNode } from "../../harness/node/started-mysql-node.ts";
import { ENDPOINT_NAMES } from "../../harness/rehearsal-file/rehearsal-definition.ts";
import type { ConnectionTarget } from "../../harness/sql/mysql-session.ts";
import { clusterServedBy, type RehearsalRun } from "./rehearsal-run.ts";

/** An endpoint of the rehearsal as a client reaches it, and the server behind it now. */
export interface ResolvedEndpoint {
  name: string;
  /** The RDS host name it stands for (what describe-db-clusters calls it). */
  rdsName: string;
  target: ConnectionTarget;
  node: StartedMysqlNode;
}

/**
 * `cluster`, `reader`, `blue`, `green`, `blue-reader`, `green-reader`, `restored` or an instance
 * identifier, resolved at the moment it is used: `cluster` follows the switchover, `blue` follows
 * blue's server to its -old1 name. An endpoint that does not exist yet (green before the deployment)
 * is an error that says when it will.
 */
export function resolveEndpoint(run: RehearsalRun, name: string): ResolvedEndpoint {
  const { state, context } = run.fake.service.model;
  const { masterUsername: user, masterPassword: password } = run.fake.cluster;
  const via = (endpointName: string, node: StartedMysqlNode | undefined): ResolvedEndpoint => {
    const port = context.endpoints.lookup(endpointName)?.port;
    if (!port || !node) throw unavailable(name, `${endpointName} serves no server now`);
    return { name, rdsName: endpointName, target: { host: "127.0.0.1", port, user, password }, node };
  };
  const writerOf = (clusterName: string) => state.writerOf(state.cluster(clusterName)).node;
  const readerNode = (clusterName: string) => {
    const cluster = state.cluster(clusterName);
    return state.clusterInstances(cluster).find((instance) => instance.identifier !== cluster.writer)?.node;
  };
  const environment = (side: "blue" | "green") => {
    const node = side === "blue" ? run.blueWriter : run.deployment?.greenWriter;
    if (!node) throw unavailable(name, "green exists once the create-deployment step has run");
    const cluster = clusterServedBy(run, node);
    if (!cluster) throw unavailable(name, `${node.name} is no cluster's writer now`);
    return cluster;
  };
  switch (name) {
    case "cluster":
      return via(state.cluster(run.definition.cluster.name).endpointName, writerOf(run.definition.cluster.name));
    case "reader":
      return via(state.cluster(run.definition.cluster.name).readerEndpointName, readerNode(run.definition.cluster.name));
    case "blue":
    case "green": {
      const cluster = environment(name);
      return via(cluster.endpointName, writerOf(cluster.identifier));
    }
    case "blue-reader":
    case "green-reader": {
      const cluster = environment(name === "blue-reader" ? "blue" : "green");
      return via(cluster.readerEndpointName, readerNode(cluster.identifier));
    }
    case "restored": {
      if (!run.restored) throw unavailable(name, "the restored copy exists once a restore-safe-point step has run");
      return { name, rdsName: run.restored.node.name, target: run.restored.target, node: run.restored.node };
    }
    default: {
      const instance = state.instances.get(name.toLowerCase());
      if (!instance) {
        const instances = [...state.instances.keys()];
        throw new HarnessError({ what: `finding endpoint "${name}"`, cause: "no such endpoint or instance", fix: `use one of: ${[...Object.keys(ENDPOINT_NAMES), ...instances].join(", ")}` });
      }
      return via(instance.endpointName, instance.node);
    }
  }
}

/** Every endpoint that exists now, for the environment of shell steps and for failure reports. */
export function currentEndpoints(run: RehearsalRun): ResolvedEndpoint[] {
  const names = [...Object.keys(ENDPOINT_NAMES), ...run.fake.service.model.state.instances.keys()];
  return names.flatMap((name) => {
    try {
      return [resolveEndpoint(run, name)];
    } catch {
      return [];
    }
  });
}

function unavailable(name: string, cause: string): HarnessError {
  return new HarnessError({ what: `using endpoint "${name}"`, cause, fix: "use the endpoint in a step after the one that creates it, or another endpoint" });
}
