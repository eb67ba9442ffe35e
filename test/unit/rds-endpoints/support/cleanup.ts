import { afterEach } from "vitest";

/** Registers what a test must undo; undone after each test, last first, even when the test failed. */
export function cleanupAfterEach(): (undo: () => unknown) => void {
  const pending: Array<() => unknown> = [];
  afterEach(async () => {
    while (pending.length > 0) await pending.pop()!();
  });
  return (undo) => void pending.push(undo);
}
