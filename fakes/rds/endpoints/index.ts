/**
 * RDS endpoints for rehearsals: stable TCP ports on 127.0.0.1 that stand for DNS names and are
 * repointed, dropped, refused and held as RDS does to its endpoints at blue/green switchover.
 */
export { EndpointRegistry, type EndpointAddress, type EndpointBehaviour, type EndpointInfo, type EndpointOptions } from "./endpoint-registry.ts";
export { mysqlErrorPacket, mysqlOfflineModeRefusal } from "./mysql-refusal.ts";
export type { ConnectionState, Refusal, Severance } from "./proxied-connection.ts";
export type { Admission, CloseReason, ConnectionClosed, ConnectionForwarded, ConnectionOpened, TcpProxyEvents } from "./proxy-events.ts";
export { formatTarget, type ProxyTarget } from "./proxy-target.ts";
export { PROXY_HOST, TcpProxy, type TcpProxyOptions, type TcpProxyStats } from "./tcp-proxy.ts";
