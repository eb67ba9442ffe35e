import type { Clock } from "./clock.ts";

export type EventSourceType = "db-instance" | "db-cluster" | "db-parameter-group" | "db-cluster-parameter-group" | "blue-green-deployment";

export interface RdsEvent {
  SourceIdentifier: string;
  SourceType: EventSourceType;
  Message: string;
  EventCategories: string[];
  Date: Date;
  SourceArn: string;
}

export interface EventQuery {
  SourceIdentifier?: string;
  SourceType?: EventSourceType;
  StartTime?: Date;
  EndTime?: Date;
  /** Minutes back from now; RDS's default is 60. */
  Duration?: number;
  EventCategories?: string[];
}

/** The event stream DescribeEvents reads; RDS keeps 14 days, the fake keeps everything it saw. */
export class EventLog {
  private readonly events: RdsEvent[] = [];
  private readonly listeners = new Set<(event: RdsEvent) => void>();

  constructor(private readonly clock: Clock) {}

  emit(event: Omit<RdsEvent, "Date">): RdsEvent {
    const recorded = { ...event, Date: this.clock.now() };
    this.events.push(recorded);
    for (const listener of this.listeners) listener(recorded);
    return recorded;
  }

  /** For scripts and reports that follow events as they happen (the EventBridge of the fake). */
  subscribe(listener: (event: RdsEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  query(query: EventQuery): RdsEvent[] {
    const now = this.clock.now().getTime();
    const start = query.StartTime?.getTime() ?? (query.EndTime ? -Infinity : now - (query.Duration ?? 60) * 60_000);
    const end = query.EndTime?.getTime() ?? Infinity;
    return this.events.filter(
      (event) =>
        event.Date.getTime() >= start &&
        event.Date.getTime() <= end &&
        (!query.SourceType || event.SourceType === query.SourceType) &&
        (!query.SourceIdentifier || event.SourceIdentifier === query.SourceIdentifier) &&
        (!query.EventCategories?.length || event.EventCategories.some((category) => query.EventCategories!.includes(category))),
    );
  }
}
