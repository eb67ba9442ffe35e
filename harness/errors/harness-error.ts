/**
 * Every failure the harness reports to a person names what failed, why, and what to do about it.
 * A bare "connect ECONNREFUSED" is not an answer for someone rehearsing a production rollback.
 */
export interface HarnessErrorDetails {
  /** What the harness was doing, e.g. "starting MySQL node blue-writer". */
  what: string;
  /** Why it failed, in the user's terms. */
  cause: string;
  /** What the user can do about it. */
  fix: string;
  /** The underlying error, kept for debugging. */
  error?: unknown;
}

export class HarnessError extends Error {
  readonly what: string;
  readonly reason: string;
  readonly fix: string;

  constructor(details: HarnessErrorDetails) {
    super(`${details.what} failed: ${details.cause}\n  Fix: ${details.fix}`, { cause: details.error });
    this.name = "HarnessError";
    this.what = details.what;
    this.reason = details.cause;
    this.fix = details.fix;
  }
}

/** The message of any thrown value, for embedding in a HarnessError cause. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
