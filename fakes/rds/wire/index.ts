/**
 * The wire layer of the fake RDS: bytes on the network (or an aws-sdk-client-mock call) in,
 * RdsBackend.handle(operation, input) out, and back. It knows the Query protocol and the RDS
 * service model's shapes; it knows nothing of MySQL.
 */
export { RdsHttpServer, type RdsEndpoint, type RdsHttpServerOptions } from "./rds-http-server.ts";
export { mockRdsClient, type RdsMockOptions } from "./rds-mock-binding.ts";
export { answerQuery, type QueryAnswer } from "./query-exchange.ts";
export { parseQueryRequest, type QueryRequest } from "./query-request.ts";
export { successXml } from "./xml-response.ts";
export { errorXml } from "./error-response.ts";
export { sdkExceptionOf, modeledExceptionClass } from "./sdk-exceptions.ts";
export { operationShapes, wireOperations, RDS_API_VERSION, RDS_XML_NAMESPACE, type OperationShapes } from "./rds-operations.ts";
export type { InternalErrorListener } from "./internal-error-report.ts";
