import * as rdsSdk from "@aws-sdk/client-rds";
import { RDSServiceException } from "@aws-sdk/client-rds";
import type { RdsFault } from "../api/rds-fault.ts";
import { errorXml } from "./error-response.ts";
import { RDS_XML_NAMESPACE } from "./rds-operations.ts";

type ResponseMetadata = RDSServiceException["$metadata"];
// The SDK's deserializer constructs them with no options at all; so does the in-process binding.
type ModeledExceptionClass = new (options: Record<string, never>) => RDSServiceException;

// The SDK recognizes an error by its shape name or by its wire code. In the RDS model 145 of 146
// wire codes are the shape name or the shape name without "Fault"; this is the one that is neither.
const CODES_NAMED_OTHERWISE: Readonly<Record<string, string>> = {
  "QuotaExceeded.DBSecurityGroup": "DBSecurityGroupQuotaExceededFault",
};

/** The @aws-sdk/client-rds exception class the SDK would throw for this wire code, if it models one. */
export function modeledExceptionClass(code: string): ModeledExceptionClass | undefined {
  const exports = rdsSdk as unknown as Record<string, unknown>;
  const names = [Object.hasOwn(CODES_NAMED_OTHERWISE, code) ? CODES_NAMED_OTHERWISE[code] : undefined, code, `${code}Fault`];
  for (const name of names) {
    const candidate = name === undefined ? undefined : exports[name];
    if (typeof candidate === "function" && candidate.prototype instanceof RDSServiceException) return candidate as ModeledExceptionClass;
  }
  return undefined;
}

/**
 * The exception @aws-sdk/client-rds throws after reading this fault's ErrorResponse from the wire,
 * built in process the way the SDK builds it (an empty exception, then its members assigned, so
 * `message` is an own enumerable member as on the wire): same class, name, $fault, message,
 * $metadata and extra members (Type, Code, Error, and for modeled faults RequestId and xmlns, which
 * the SDK copies from the document). test/integration/rds-wire compares the two member by member.
 */
export function sdkExceptionOf(fault: RdsFault, requestId: string): RDSServiceException {
  const $metadata: ResponseMetadata = {
    httpStatusCode: fault.httpStatus,
    requestId,
    extendedRequestId: undefined,
    cfId: undefined,
    attempts: 1,
    totalRetryDelay: 0,
  };
  const details = {
    message: fault.message,
    Type: fault.type,
    Code: fault.code,
    Error: { Type: fault.type, Code: fault.code, Message: fault.message },
  };
  const Modeled = modeledExceptionClass(fault.code);
  const exception =
    Modeled !== undefined
      ? Object.assign(new Modeled({}), { $metadata }, details, { RequestId: requestId, xmlns: RDS_XML_NAMESPACE })
      : Object.assign(
          new RDSServiceException({ name: fault.code, $fault: fault.httpStatus < 500 ? "client" : "server", $metadata } as ConstructorParameters<typeof RDSServiceException>[0]),
          details,
        );
  // The SDK attaches the raw HTTP response out of sight (not enumerable); here it is what the wire would have carried.
  const $response = { statusCode: fault.httpStatus, headers: { "content-type": "text/xml", "x-amzn-requestid": requestId }, body: errorXml(fault, requestId) };
  Object.defineProperty(exception, "$response", { value: $response, enumerable: false, writable: true, configurable: true });
  return exception;
}
