/**
 * RDS answers at once and does the work afterwards (creating, provisioning, switching over): clients
 * poll. The fake does the same and keeps each piece of work here, so that shutdown waits for it and a
 * test can wait until the fake is idle. A failure is the work's own business (it sets a status and an
 * event); an unexpected one is kept for `settled()` to report.
 */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();
  private readonly failures: Array<{ label: string; error: unknown }> = [];

  run(label: string, work: () => Promise<void>): void {
    const promise = work().catch((error) => void this.failures.push({ label, error }));
    this.running.add(promise);
    void promise.finally(() => this.running.delete(promise));
  }

  /** Waits until no work is running; returns the unexpected failures seen so far. */
  async settled(): Promise<Array<{ label: string; error: unknown }>> {
    while (this.running.size > 0) await Promise.all([...this.running]);
    return [...this.failures];
  }
}
