import { waitUntil } from "../../../../harness/wait/wait-until.ts";
import { PATIENCE_MS } from "./test-client.ts";

/** Waits (bounded, generously) until a condition the system reaches on its own holds. */
export function eventually(what: string, condition: () => boolean, state: () => string = () => "not yet"): Promise<void> {
  return waitUntil({ what, timeoutMs: PATIENCE_MS, intervalMs: 5 }, async () =>
    condition() ? { done: true, value: undefined } : { done: false, state: state() },
  );
}
