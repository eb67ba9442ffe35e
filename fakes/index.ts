/**
 * The fake RDS control plane as a library: start it over real MySQL (startFakeRdsService), drive it
 * in-process with the SDK's shapes (typedRdsApi), bind an SDK client to it (mockRdsClient, through
 * aws-sdk-client-mock), or serve it over HTTP for the AWS CLI and SDKs (RdsHttpServer).
 */
export { startFakeRdsService, BLUE_GREEN_PARAMETER_GROUP, type FakeRdsServiceOptions, type StartedFakeRds } from "./rds/fake-rds-service.ts";
export { RdsModel, type RdsModelOptions } from "./rds/model/rds-model.ts";
export { typedRdsApi, type TypedRdsApi } from "./rds/typed-api.ts";
export { deploymentReaches, instanceAvailable } from "./rds/api-waits.ts";
export { RdsHttpServer, mockRdsClient } from "./rds/wire/index.ts";
export { RdsFault } from "./rds/api/rds-fault.ts";
export { installRdsProcedures } from "./rds/procedures/index.ts";
