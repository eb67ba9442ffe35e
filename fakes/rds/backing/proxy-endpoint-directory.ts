import { EndpointRegistry } from "../endpoints/endpoint-registry.ts";
import { PROXY_HOST } from "../endpoints/tcp-proxy.ts";
import type { EndpointDirectory, NameMove, ServerAddress } from "../model/endpoint-directory.ts";

/** The model's endpoints as TCP proxies on 127.0.0.1 with stable ports (one per endpoint name). */
export class ProxyEndpointDirectory implements EndpointDirectory {
  constructor(readonly registry: EndpointRegistry = new EndpointRegistry()) {}

  async create(name: string, target: ServerAddress): Promise<void> {
    if (this.registry.has(name)) this.registry.repoint(name, target);
    else await this.registry.create(name, target);
  }

  repoint(name: string, target: ServerAddress): void {
    if (this.registry.has(name)) this.registry.repoint(name, target);
  }

  rename(oldName: string, newName: string): void {
    if (this.registry.has(oldName)) this.registry.rename(oldName, newName);
  }

  /** Blue's ports keep blue's names (and are repointed at green); green's ports go to the -old names. */
  switchNames(moves: readonly NameMove[]): void {
    for (const move of moves) this.rename(move.green, move.old);
  }

  async remove(name: string): Promise<void> {
    if (this.registry.has(name)) await this.registry.remove(name);
  }

  lookup(name: string): { address: string; port: number } | undefined {
    return this.registry.has(name) ? { address: PROXY_HOST, port: this.registry.get(name).port } : undefined;
  }

  dropConnections(names: string[]): number {
    return this.existing(names).reduce((total, name) => total + this.registry.get(name).dropConnections("switchover"), 0);
  }

  refuseConnections(names: string[]): void {
    for (const name of this.existing(names)) this.registry.get(name).refuseConnections();
  }

  acceptConnections(names: string[]): void {
    for (const name of this.existing(names)) this.registry.get(name).acceptConnections();
  }

  stopAll(): Promise<void> {
    return this.registry.stopAll();
  }

  private existing(names: string[]): string[] {
    return names.filter((name) => this.registry.has(name));
  }
}
