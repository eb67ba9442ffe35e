import http from "node:http";

/** Where a Docker engine may answer: a unix socket, or host:port from DOCKER_HOST=tcp://... */
export type DockerEndpoint = { kind: "socket"; path: string } | { kind: "tcp"; host: string; port: number };

export function endpointFromEnv(env: NodeJS.ProcessEnv = process.env): DockerEndpoint {
  const dockerHost = env.DOCKER_HOST;
  if (!dockerHost) return { kind: "socket", path: "/var/run/docker.sock" };
  if (dockerHost.startsWith("unix://")) return { kind: "socket", path: dockerHost.slice("unix://".length) };
  const tcp = /^tcp:\/\/([^:/]+):(\d+)\/?$/.exec(dockerHost);
  if (tcp) return { kind: "tcp", host: tcp[1]!, port: Number(tcp[2]) };
  throw new Error(`DOCKER_HOST=${dockerHost} is neither unix:///path nor tcp://host:port`);
}

export function describeEndpoint(endpoint: DockerEndpoint): string {
  return endpoint.kind === "socket" ? `unix://${endpoint.path}` : `tcp://${endpoint.host}:${endpoint.port}`;
}

/** GET /_ping with a hard timeout: true when an engine answers OK. Never throws. */
export function pingDocker(endpoint: DockerEndpoint, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const target = endpoint.kind === "socket" ? { socketPath: endpoint.path } : { host: endpoint.host, port: endpoint.port };
    const request = http.get({ ...target, path: "/_ping", timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(false));
  });
}
