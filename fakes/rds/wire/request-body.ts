import type { IncomingMessage } from "node:http";

export type BodyOutcome =
  | { readonly kind: "complete"; readonly text: string }
  | { readonly kind: "too-large" }
  | { readonly kind: "timed-out" }
  | { readonly kind: "aborted" };

export interface BodyLimits {
  readonly maxBytes: number;
  /** From the start of the request to the end of its body. */
  readonly timeoutMs: number;
}

/**
 * Reads a request body within bounds. A body over the limit is answered at once (the outcome is
 * "too-large") but the rest is still read and dropped: closing a socket with unread data makes the
 * kernel reset it, and the client could lose the 400 it was sent. Whatever has not ended when the
 * time is up is cut off: "timed-out" if no answer went out yet, otherwise the socket is destroyed.
 */
export function readRequestBody(request: IncomingMessage, limits: BodyLimits): Promise<BodyOutcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const settle = (outcome: BodyOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      if (settled) request.socket.destroy();
      else settle({ kind: "timed-out" });
    }, limits.timeoutMs);
    // A pending cut-off must never keep a process alive on its own.
    timer.unref();
    const finish = () => clearTimeout(timer);

    const declared = Number(request.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limits.maxBytes) settle({ kind: "too-large" });

    request.on("data", (chunk: Buffer) => {
      if (settled) return;
      received += chunk.length;
      if (received > limits.maxBytes) {
        chunks.length = 0;
        settle({ kind: "too-large" });
      } else {
        chunks.push(chunk);
      }
    });
    request.on("end", () => {
      finish();
      settle({ kind: "complete", text: Buffer.concat(chunks).toString("utf8") });
    });
    request.on("close", () => {
      finish();
      settle({ kind: "aborted" });
    });
    request.on("error", () => {
      finish();
      settle({ kind: "aborted" });
    });
  });
}
