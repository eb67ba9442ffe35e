/** Told of a moment in the model's work; the model waits for it before going on. */
export type AwaitedObserver<T> = (notice: T) => void | Promise<void>;

/**
 * Observers the model awaits, one after the other, before it goes on: a fault rehearsal lands at a known
 * switchover step, and the topology table is written before a deployment reads AVAILABLE. An observer
 * that fails is the observer's own business (it reports its own failure): it never changes the model's work.
 */
export class AwaitedObservers<T> {
  private readonly observers = new Set<AwaitedObserver<T>>();

  /** Returns the function that stops observing. */
  observe(observer: AwaitedObserver<T>): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  async notify(notice: T): Promise<void> {
    for (const observer of [...this.observers]) {
      try {
        await observer(notice);
      } catch {
        // See the class comment.
      }
    }
  }
}
