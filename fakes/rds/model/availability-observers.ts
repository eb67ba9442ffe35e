import { AwaitedObservers } from "./awaited-observers.ts";
import type { BlueGreenDeployment } from "./resources.ts";

/**
 * Told when green is ready, just before the deployment reads AVAILABLE. What RDS has done on the servers
 * by then (mysql.rds_topology on both environments, rds-topology.md §2) is done by observers outside the
 * model, each awaited before the status changes: a client that polls the API and then reads the servers
 * finds them ready.
 */
export class AvailabilityObservers extends AwaitedObservers<BlueGreenDeployment> {}
