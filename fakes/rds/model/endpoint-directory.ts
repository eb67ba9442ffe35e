/** A server's address on this machine (where an endpoint forwards to) and on the fleet's network (where containers reach it). */
export interface ServerAddress {
  host: string;
  port: number;
  /** Its IPv4 address on the fleet's network, when it is on it: what its names resolve to inside containers. */
  networkAddress?: string;
}

/** Where a server is reached: its published port on this machine, and its address on the fleet's network. */
export function serverAddress(node: { hostPort: { host: string; port: number }; networkAddress: string | undefined }): ServerAddress {
  return { ...node.hostPort, ...(node.networkAddress ? { networkAddress: node.networkAddress } : {}) };
}

/**
 * What the model needs from endpoints: names that lead to servers, repointed and renamed at
 * switchover, and connections dropped or refused while it runs. Implemented over TCP proxies.
 */
export interface EndpointDirectory {
  create(name: string, target: ServerAddress): Promise<void>;
  repoint(name: string, target: ServerAddress): void;
  rename(oldName: string, newName: string): void;
  /**
   * The switchover's renames of endpoints: blue's names come to serve former green, blue's servers
   * answer to the -old names, green's names go. Port-served endpoints keep blue's port under blue's
   * name (green's port goes to the -old name); name-served ones move blue's name to green's address.
   * Either way the model repoints every name at the server that now bears it afterwards.
   */
  switchNames(moves: readonly NameMove[]): void;
  remove(name: string): Promise<void>;
  lookup(name: string): { address: string; port: number } | undefined;
  /** Drops every open connection through these endpoints; returns how many. */
  dropConnections(names: string[]): number;
  refuseConnections(names: string[]): void;
  acceptConnections(names: string[]): void;
  stopAll(): Promise<void>;
  /**
   * Also serves the names to containers on the fleet's network, by a DNS server at `gateway` (the
   * network's gateway) that answers each name with the address on that network of the server behind
   * it. Returns the resolver address to give containers. Absent: containers do not resolve the names.
   */
  serveToContainers?(gateway: string): Promise<string>;
}

/** One endpoint's names at switchover: blue's (kept by the new production), green's (gone), blue's new -old one. */
export interface NameMove {
  blue: string;
  green: string;
  old: string;
}

export function endpointNames(location: { region: string }, token: string) {
  const suffix = `${token}.${location.region}.rds.amazonaws.com`;
  return {
    cluster: (identifier: string) => `${identifier}.cluster-${suffix}`,
    reader: (identifier: string) => `${identifier}.cluster-ro-${suffix}`,
    instance: (identifier: string) => `${identifier}.${suffix}`,
    custom: (endpointIdentifier: string) => `${endpointIdentifier}.cluster-custom-${suffix}`,
  };
}
