/** Told about every error that is not an RdsFault, with the operation it happened in, so a bug in the fake is seen. */
export type InternalErrorListener = (error: unknown, operation: string | undefined) => void;

/** The default listener: the client only gets a 500 InternalFailure, the stack trace goes to stderr. */
export function reportInternalError(error: unknown, operation: string | undefined): void {
  console.error(`[fake RDS] InternalFailure${operation === undefined ? "" : ` in ${operation}`} (a bug in the fake):`, error);
}
