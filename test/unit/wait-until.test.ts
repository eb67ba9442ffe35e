import { describe, expect, it } from "vitest";
import { HarnessError } from "../../harness/errors/harness-error.ts";
import { waitUntil, WaitTimeoutError, withTimeout } from "../../harness/wait/wait-until.ts";

describe("bounded waits", () => {
  it("return the probe's value once it is done", async () => {
    let calls = 0;
    const value = await waitUntil({ what: "the third call", timeoutMs: 5_000, intervalMs: 1 }, async () => (++calls === 3 ? { done: true, value: "ready" } : { done: false, state: `call ${calls}` }));
    expect(value).toBe("ready");
    expect(calls).toBe(3);
  });

  it("time out naming what they waited for and the last state seen", async () => {
    const wait = waitUntil({ what: "green to catch up", timeoutMs: 30, intervalMs: 5 }, async () => ({ done: false, state: "IO connecting" }));
    await expect(wait).rejects.toBeInstanceOf(WaitTimeoutError);
    await expect(waitUntil({ what: "green to catch up", timeoutMs: 30, intervalMs: 5 }, async () => ({ done: false, state: "IO connecting" }))).rejects.toThrow(
      /waiting for green to catch up failed: not reached within 30 ms; last state: IO connecting\n  Fix: /,
    );
  });

  it("end at once when the probe throws: an error is an answer", async () => {
    const boom = new HarnessError({ what: "x", cause: "y", fix: "z" });
    await expect(waitUntil({ what: "anything", timeoutMs: 60_000 }, async () => Promise.reject(boom))).rejects.toBe(boom);
  });

  it("withTimeout gives up on work that does not end", async () => {
    await expect(withTimeout("pulling an image", 20, new Promise(() => undefined))).rejects.toThrow(/waiting for pulling an image failed: not reached within 20 ms/);
    await expect(withTimeout("quick work", 1000, Promise.resolve(7))).resolves.toBe(7);
  });
});
