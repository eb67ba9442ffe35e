import { randomUUID } from "node:crypto";
import { RDSClient } from "@aws-sdk/client-rds";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import type { RdsBackend, RdsInput, RdsOutput } from "../api/rds-backend.ts";
import { RdsFault } from "../api/rds-fault.ts";
import { detachedCopy } from "./detached-copy.ts";
import { reportInternalError, type InternalErrorListener } from "./internal-error-report.ts";
import { internalFailure, notImplemented } from "./query-faults.ts";
import { operationShapes } from "./rds-operations.ts";
import { rdsSdkCommands } from "./rds-sdk-commands.ts";
import { checkRequiredMembers } from "./required-members.ts";
import { sdkExceptionOf } from "./sdk-exceptions.ts";

export interface RdsMockOptions {
  /** Told about every InternalFailure with its cause. Default: console.error, as RdsHttpServer does. */
  onInternalError?: InternalErrorListener;
}

/**
 * Serves RDSClient commands in process from `backend`, through aws-sdk-client-mock: no HTTP, no
 * XML, the same behaviour as RdsHttpServer otherwise (required members checked, unimplemented
 * operations refused, faults thrown as the SDK's own exception classes, $metadata on outputs).
 * Without `client` every RDSClient is mocked, as aws-sdk-client-mock does for a class; call
 * restore() on the returned stub when done.
 */
export function mockRdsClient(backend: RdsBackend, client?: RDSClient, options: RdsMockOptions = {}): AwsClientStub<RDSClient> {
  const stub: AwsClientStub<RDSClient> = client === undefined ? mockClient(RDSClient) : mockClient(client);
  const onInternalError = options.onInternalError ?? reportInternalError;
  for (const [operation, Command] of Object.entries(rdsSdkCommands)) {
    // Each command has its own input and output types; the stub's `on` is typed for one at a time.
    const command = Command as unknown as Parameters<typeof stub.on>[0];
    stub.on(command).callsFake((input: RdsInput) => serve(backend, operation, input, onInternalError));
  }
  return stub;
}

async function serve(backend: RdsBackend, operation: string, input: RdsInput, onInternalError: InternalErrorListener): Promise<RdsOutput> {
  const requestId = randomUUID();
  const shapes = operationShapes(operation)!;
  try {
    if (!backend.operations.has(operation)) throw notImplemented(operation);
    const request = detachedCopy(input ?? {});
    checkRequiredMembers(shapes.input, request);
    const output = await backend.handle(operation, request);
    // Operations without a Result element (AddTagsToResource) answer with $metadata alone, as over the wire.
    const data = shapes.output === undefined ? {} : detachedCopy(output ?? {});
    return { ...data, $metadata: { httpStatusCode: 200, requestId, extendedRequestId: undefined, cfId: undefined, attempts: 1, totalRetryDelay: 0 } };
  } catch (error) {
    if (error instanceof RdsFault) throw sdkExceptionOf(error, requestId);
    onInternalError(error, operation);
    throw sdkExceptionOf(internalFailure(operation, error), requestId);
  }
}
