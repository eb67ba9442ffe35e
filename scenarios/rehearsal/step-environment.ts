import path from "node:path";
import { currentEndpoints } from "./rehearsal-endpoints.ts";
import type { RehearsalRun } from "./rehearsal-run.ts";

/** The region and account the fake RDS puts in ARNs; credentials it accepts as any. */
const REGION = "us-east-1";

/**
 * What a shell step of the team's runbook sees: the AWS CLI and SDKs pointed at the fake RDS
 * (AWS_ENDPOINT_URL and the RDS-specific variable, dummy credentials, a region, no pager, no
 * metadata lookups, RDS waiters polling every second through AWS_DATA_PATH), and for each endpoint
 * that exists now BGH_<NAME>_HOST, _PORT, _USER, _PASSWORD (e.g. BGH_CLUSTER_HOST, BGH_GREEN_PORT)
 * plus BGH_<NAME>_REPLICATION_HOST: the address other servers reach it at (what
 * rds_set_external_master needs), with BGH_REPLICATION_USER/PASSWORD.
 */
export function stepEnvironment(run: RehearsalRun, extra: Record<string, string>, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    AWS_ENDPOINT_URL: run.fake.service.url,
    AWS_ENDPOINT_URL_RDS: run.fake.service.url,
    AWS_ACCESS_KEY_ID: "bgh-rehearsal",
    AWS_SECRET_ACCESS_KEY: "bgh-rehearsal",
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_PAGER: "",
    AWS_EC2_METADATA_DISABLED: "true",
    BGH_CLUSTER: run.definition.cluster.name,
    BGH_CLUSTER_ARN: run.fake.cluster.arn,
    BGH_DATABASE: run.definition.database,
    BGH_RDS_ENDPOINT: run.fake.service.url,
    BGH_APP_USER: run.application.user,
    BGH_APP_PASSWORD: run.application.password,
    ...(run.toolsPath ? { PATH: [run.toolsPath, base.PATH ?? ""].join(path.delimiter) } : {}),
    ...(run.awsDataPath ? { AWS_DATA_PATH: [run.awsDataPath, ...(base.AWS_DATA_PATH ? [base.AWS_DATA_PATH] : [])].join(path.delimiter) } : {}),
    ...(run.deployment ? { BGH_DEPLOYMENT_ID: run.deployment.id, BGH_GREEN_CLUSTER: run.deployment.green } : {}),
  };
  for (const endpoint of currentEndpoints(run)) {
    const prefix = `BGH_${endpoint.name.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}`;
    env[`${prefix}_HOST`] = endpoint.target.host;
    env[`${prefix}_PORT`] = String(endpoint.target.port);
    env[`${prefix}_USER`] = endpoint.target.user;
    env[`${prefix}_PASSWORD`] = endpoint.target.password;
    env[`${prefix}_REPLICATION_HOST`] = endpoint.node.networkHost;
    env.BGH_REPLICATION_USER = endpoint.node.credentials.replicationUser;
    env.BGH_REPLICATION_PASSWORD = endpoint.node.credentials.replicationPassword;
  }
  for (const [key, value] of Object.entries(extra)) env[key] = value;
  return env;
}
