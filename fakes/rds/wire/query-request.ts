import type { RdsInput } from "../api/rds-backend.ts";
import { decodeForm } from "./form-decoding.ts";
import { missingAction, unknownOperation } from "./query-faults.ts";
import { readInput } from "./query-input.ts";
import { operationShapes, RDS_API_VERSION } from "./rds-operations.ts";
import { checkRequiredMembers } from "./required-members.ts";

export interface QueryRequest {
  /** The API operation name, e.g. "DescribeBlueGreenDeployments". */
  readonly action: string;
  readonly version: string;
  /** The parameters in the SDK's shape for that operation (lists as arrays, Date, numbers, booleans). */
  readonly input: RdsInput;
}

// Signing parameters of presigned (GET) requests: credentials, not input.
const SIGNING_PARAMETER = /^(X-Amz-|AWSAccessKeyId$|Signature$|SignatureMethod$|SignatureVersion$|SecurityToken$)/;

/**
 * A Query request (the form-encoded POST body, or a GET query string) as an operation and its
 * SDK-shaped input. Every refusal is an RdsFault with the status and code AWS uses.
 */
export function parseQueryRequest(formText: string): QueryRequest {
  const parameters = decodeForm(formText);
  const action = lastValue(parameters, "Action");
  const version = lastValue(parameters, "Version");
  if (action === undefined || action === "") throw missingAction();
  const shapes = operationShapes(action);
  if (shapes === undefined || version !== RDS_API_VERSION) throw unknownOperation(action, version);
  const inputParameters = parameters.filter(([name]) => name !== "Action" && name !== "Version" && !SIGNING_PARAMETER.test(name));
  const input = readInput(shapes.input, inputParameters);
  checkRequiredMembers(shapes.input, input);
  return { action, version, input };
}

function lastValue(parameters: Array<[string, string]>, name: string): string | undefined {
  let found: string | undefined;
  for (const [candidate, value] of parameters) if (candidate === name) found = value;
  return found;
}
