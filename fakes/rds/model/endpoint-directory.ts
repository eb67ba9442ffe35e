/** A server's address on this machine: where an endpoint forwards to. */
export interface ServerAddress {
  host: string;
  port: number;
}

/**
 * What the model needs from endpoints: names that lead to servers, repointed and renamed at
 * switchover, and connections dropped or refused while it runs. Implemented over TCP proxies.
 */
export interface EndpointDirectory {
  create(name: string, target: ServerAddress): Promise<void>;
  repoint(name: string, target: ServerAddress): void;
  rename(oldName: string, newName: string): void;
  remove(name: string): Promise<void>;
  lookup(name: string): { address: string; port: number } | undefined;
  /** Drops every open connection through these endpoints; returns how many. */
  dropConnections(names: string[]): number;
  refuseConnections(names: string[]): void;
  acceptConnections(names: string[]): void;
  stopAll(): Promise<void>;
}

export function endpointNames(location: { region: string }, token: string) {
  const suffix = `${token}.${location.region}.rds.amazonaws.com`;
  return {
    cluster: (identifier: string) => `${identifier}.cluster-${suffix}`,
    reader: (identifier: string) => `${identifier}.cluster-ro-${suffix}`,
    instance: (identifier: string) => `${identifier}.${suffix}`,
  };
}
