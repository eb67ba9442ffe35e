import { RDSClient, type RDSClientConfig } from "@aws-sdk/client-rds";
import type { RdsBackend } from "../../../../fakes/rds/api/rds-backend.ts";
import { RdsHttpServer, type RdsHttpServerOptions } from "../../../../fakes/rds/wire/rds-http-server.ts";

export interface FakeRdsEndpoint {
  readonly url: string;
  readonly port: number;
  /** A real RDSClient pointed at the fake, as a user's test would configure one. */
  client(config?: RDSClientConfig): RDSClient;
  stop(): Promise<void>;
}

/** Starts RdsHttpServer on a free port; stop() also destroys every client it made. */
export async function startFakeRds(backend: RdsBackend, options: RdsHttpServerOptions = {}): Promise<FakeRdsEndpoint> {
  const server = new RdsHttpServer(backend, options);
  const { url, port } = await server.start();
  const clients: RDSClient[] = [];
  return {
    url,
    port,
    client(config = {}) {
      const client = new RDSClient({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, ...config });
      clients.push(client);
      return client;
    },
    async stop() {
      for (const client of clients) client.destroy();
      await server.stop();
    },
  };
}
