import { randomUUID } from "node:crypto";
import type { RdsBackend } from "../api/rds-backend.ts";
import { RdsFault } from "../api/rds-fault.ts";
import { errorXml } from "./error-response.ts";
import type { InternalErrorListener } from "./internal-error-report.ts";
import { internalFailure, notImplemented } from "./query-faults.ts";
import { parseQueryRequest } from "./query-request.ts";
import { successXml } from "./xml-response.ts";

/** One response of the fake RDS, before any transport: what RdsHttpServer writes, what the bench measures. */
export interface QueryAnswer {
  readonly status: number;
  /** The XML document, success or ErrorResponse. */
  readonly body: string;
  /** Also sent as the x-amzn-RequestId header. */
  readonly requestId: string;
}

/**
 * A Query request's form text in, the response out: parse, dispatch to the backend, serialize.
 * It never throws: refusals become the fault's ErrorResponse, anything else a 500 InternalFailure.
 */
export async function answerQuery(backend: RdsBackend, formText: string, onInternalError: InternalErrorListener): Promise<QueryAnswer> {
  const requestId = randomUUID();
  let operation: string | undefined;
  try {
    const request = parseQueryRequest(formText);
    operation = request.action;
    if (!backend.operations.has(request.action)) throw notImplemented(request.action);
    const output = await backend.handle(request.action, request.input);
    return { status: 200, body: successXml(request.action, output ?? {}, requestId), requestId };
  } catch (error) {
    if (error instanceof RdsFault) return faultAnswer(error, requestId);
    onInternalError(error, operation);
    return faultAnswer(internalFailure(operation, error), requestId);
  }
}

export function faultAnswer(fault: RdsFault, requestId: string = randomUUID()): QueryAnswer {
  return { status: fault.httpStatus, body: errorXml(fault, requestId), requestId };
}
