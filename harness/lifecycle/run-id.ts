import { randomBytes } from "node:crypto";

/** A short, sortable, unique id for one run: bgh-20261122-023512-a1b2. Names containers and reports. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `bgh-${stamp}-${randomBytes(2).toString("hex")}`;
}
