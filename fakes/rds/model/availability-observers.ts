import type { BlueGreenDeployment } from "./resources.ts";

/** Told when green is ready, just before the deployment is reported AVAILABLE; provisioning waits for it. */
export type AvailabilityObserver = (deployment: BlueGreenDeployment) => void | Promise<void>;

/**
 * What RDS has done on the servers by the time a deployment reads AVAILABLE (mysql.rds_topology on both
 * environments, rds-topology.md §2) is done by observers outside the model: each is awaited before the
 * status changes, so a client that polls the API and then reads the servers finds them ready. An
 * observer that fails is the observer's own business: it never changes the deployment.
 */
export class AvailabilityObservers {
  private readonly observers = new Set<AvailabilityObserver>();

  /** Returns the function that stops observing. */
  observe(observer: AvailabilityObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  async becomingAvailable(deployment: BlueGreenDeployment): Promise<void> {
    for (const observer of [...this.observers]) {
      try {
        await observer(deployment);
      } catch {
        // See the class comment.
      }
    }
  }
}
