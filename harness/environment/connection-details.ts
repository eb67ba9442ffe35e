import type { StartedMysqlNode } from "../node/started-mysql-node.ts";
import type { ConnectionDetails } from "../scenario/scenario-environment.ts";

/** Every node of an environment as `--keep` lists it: by role name, at its published port, as root. */
export function nodeConnectionDetails(nodes: StartedMysqlNode[]): ConnectionDetails {
  return {
    endpoints: nodes.map((node) => ({ name: node.name, host: node.hostPort.host, port: node.hostPort.port, user: node.credentials.rootUser, password: node.credentials.rootPassword })),
  };
}
