import { RdsFault } from "../api/rds-fault.ts";

/**
 * The faults the Query protocol itself raises, before or around the model: the common error codes
 * of the RDS API reference ("Common Errors"), worded as AWS words them where that is known.
 */

export function missingAction(): RdsFault {
  return new RdsFault("MissingAction", "Missing Action", 400);
}

/** AWS's wording for an Action it does not know, and for a known Action asked in a Version it does not serve. */
export function unknownOperation(action: string, version: string | undefined): RdsFault {
  return new RdsFault("InvalidAction", `Could not find operation ${action} for version ${version ?? "NO_VERSION_SPECIFIED"}`, 400);
}

/** A real RDS operation that the wire layer carries but the backend in use does not implement. */
export function notImplemented(action: string): RdsFault {
  return new RdsFault("InvalidAction", `The fake RDS does not implement ${action}: its backend does not list it among its operations.`, 400);
}

export function invalidParameterValue(parameter: string, value: string | undefined, expected: string): RdsFault {
  const shown = value === undefined ? "" : ` '${abbreviated(value)}'`;
  return new RdsFault("InvalidParameterValue", `Invalid value${shown} for parameter ${parameter}: ${expected}.`, 400);
}

export function missingParameter(parameter: string): RdsFault {
  return new RdsFault("MissingParameter", `The request must contain the parameter ${parameter}`, 400);
}

export function malformedQueryString(fragment: string): RdsFault {
  return new RdsFault("MalformedQueryString", `The request body or query string is not valid form encoding: '${abbreviated(fragment)}' has a bad percent-escape.`, 400);
}

export function requestTooLarge(limitBytes: number): RdsFault {
  return new RdsFault("RequestEntityTooLarge", `The request body is larger than the fake RDS accepts (${limitBytes} bytes).`, 400);
}

export function requestTimeout(timeoutMs: number): RdsFault {
  return new RdsFault("RequestTimeout", `The request body did not arrive completely within ${timeoutMs} ms.`, 400);
}

export function methodNotAllowed(method: string): RdsFault {
  return new RdsFault("InvalidHttpRequest", `The Query protocol takes POST (or GET) requests, not ${method}.`, 405);
}

/** Anything the backend or the wire layer throws that is not an RdsFault: a bug in the fake, never the caller's. */
export function internalFailure(operation: string | undefined, error: unknown): RdsFault {
  const what = error instanceof Error ? error.message : String(error);
  const where = operation === undefined ? "" : ` while handling ${operation}`;
  return new RdsFault("InternalFailure", `The fake RDS failed${where}: ${what}. This is a bug in the fake, not in your request.`, 500, "Receiver");
}

/** Echoed values are cut so one huge parameter does not become a huge error message. */
function abbreviated(value: string): string {
  return value.length <= 100 ? value : `${value.slice(0, 100)}...`;
}
