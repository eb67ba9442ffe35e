/** Where an endpoint leads: in this harness, the published host port of a MySQL container. */
export interface ProxyTarget {
  host: string;
  port: number;
}

export function formatTarget(target: ProxyTarget): string {
  return `${target.host}:${target.port}`;
}

