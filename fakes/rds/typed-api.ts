import type * as Rds from "@aws-sdk/client-rds";
import type { RdsBackend } from "./api/rds-backend.ts";

/** The output of a command without the SDK's response metadata. */
type Out<T> = Omit<T, "$metadata">;

/**
 * The fake RDS in process, typed with the AWS SDK's own input and output types: the same model the
 * HTTP endpoint and the aws-sdk-client-mock binding serve, without either. Faults are RdsFault.
 */
export interface TypedRdsApi {
  createDBCluster(input: Rds.CreateDBClusterCommandInput): Promise<Out<Rds.CreateDBClusterCommandOutput>>;
  describeDBClusters(input?: Rds.DescribeDBClustersCommandInput): Promise<Out<Rds.DescribeDBClustersCommandOutput>>;
  modifyDBCluster(input: Rds.ModifyDBClusterCommandInput): Promise<Out<Rds.ModifyDBClusterCommandOutput>>;
  deleteDBCluster(input: Rds.DeleteDBClusterCommandInput): Promise<Out<Rds.DeleteDBClusterCommandOutput>>;
  rebootDBCluster(input: Rds.RebootDBClusterCommandInput): Promise<Out<Rds.RebootDBClusterCommandOutput>>;
  createDBClusterEndpoint(input: Rds.CreateDBClusterEndpointCommandInput): Promise<Out<Rds.CreateDBClusterEndpointCommandOutput>>;
  describeDBClusterEndpoints(input?: Rds.DescribeDBClusterEndpointsCommandInput): Promise<Out<Rds.DescribeDBClusterEndpointsCommandOutput>>;
  modifyDBClusterEndpoint(input: Rds.ModifyDBClusterEndpointCommandInput): Promise<Out<Rds.ModifyDBClusterEndpointCommandOutput>>;
  deleteDBClusterEndpoint(input: Rds.DeleteDBClusterEndpointCommandInput): Promise<Out<Rds.DeleteDBClusterEndpointCommandOutput>>;
  createDBInstance(input: Rds.CreateDBInstanceCommandInput): Promise<Out<Rds.CreateDBInstanceCommandOutput>>;
  createDBInstanceReadReplica(input: Rds.CreateDBInstanceReadReplicaCommandInput): Promise<Out<Rds.CreateDBInstanceReadReplicaCommandOutput>>;
  describeDBInstances(input?: Rds.DescribeDBInstancesCommandInput): Promise<Out<Rds.DescribeDBInstancesCommandOutput>>;
  modifyDBInstance(input: Rds.ModifyDBInstanceCommandInput): Promise<Out<Rds.ModifyDBInstanceCommandOutput>>;
  deleteDBInstance(input: Rds.DeleteDBInstanceCommandInput): Promise<Out<Rds.DeleteDBInstanceCommandOutput>>;
  rebootDBInstance(input: Rds.RebootDBInstanceCommandInput): Promise<Out<Rds.RebootDBInstanceCommandOutput>>;
  createDBClusterParameterGroup(input: Rds.CreateDBClusterParameterGroupCommandInput): Promise<Out<Rds.CreateDBClusterParameterGroupCommandOutput>>;
  describeDBClusterParameterGroups(input?: Rds.DescribeDBClusterParameterGroupsCommandInput): Promise<Out<Rds.DescribeDBClusterParameterGroupsCommandOutput>>;
  modifyDBClusterParameterGroup(input: Rds.ModifyDBClusterParameterGroupCommandInput): Promise<Out<Rds.ModifyDBClusterParameterGroupCommandOutput>>;
  describeDBClusterParameters(input: Rds.DescribeDBClusterParametersCommandInput): Promise<Out<Rds.DescribeDBClusterParametersCommandOutput>>;
  createDBParameterGroup(input: Rds.CreateDBParameterGroupCommandInput): Promise<Out<Rds.CreateDBParameterGroupCommandOutput>>;
  describeDBParameterGroups(input?: Rds.DescribeDBParameterGroupsCommandInput): Promise<Out<Rds.DescribeDBParameterGroupsCommandOutput>>;
  modifyDBParameterGroup(input: Rds.ModifyDBParameterGroupCommandInput): Promise<Out<Rds.ModifyDBParameterGroupCommandOutput>>;
  describeDBParameters(input: Rds.DescribeDBParametersCommandInput): Promise<Out<Rds.DescribeDBParametersCommandOutput>>;
  createBlueGreenDeployment(input: Rds.CreateBlueGreenDeploymentCommandInput): Promise<Out<Rds.CreateBlueGreenDeploymentCommandOutput>>;
  describeBlueGreenDeployments(input?: Rds.DescribeBlueGreenDeploymentsCommandInput): Promise<Out<Rds.DescribeBlueGreenDeploymentsCommandOutput>>;
  switchoverBlueGreenDeployment(input: Rds.SwitchoverBlueGreenDeploymentCommandInput): Promise<Out<Rds.SwitchoverBlueGreenDeploymentCommandOutput>>;
  deleteBlueGreenDeployment(input: Rds.DeleteBlueGreenDeploymentCommandInput): Promise<Out<Rds.DeleteBlueGreenDeploymentCommandOutput>>;
  describeEvents(input?: Rds.DescribeEventsCommandInput): Promise<Out<Rds.DescribeEventsCommandOutput>>;
  addTagsToResource(input: Rds.AddTagsToResourceCommandInput): Promise<Out<Rds.AddTagsToResourceCommandOutput>>;
  removeTagsFromResource(input: Rds.RemoveTagsFromResourceCommandInput): Promise<Out<Rds.RemoveTagsFromResourceCommandOutput>>;
  listTagsForResource(input: Rds.ListTagsForResourceCommandInput): Promise<Out<Rds.ListTagsForResourceCommandOutput>>;
}

/** describeDBClusters -> DescribeDBClusters: the API name from the method name. */
function operationName(method: string): string {
  return method.charAt(0).toUpperCase() + method.slice(1);
}

export function typedRdsApi(backend: RdsBackend): TypedRdsApi {
  return new Proxy({} as TypedRdsApi, {
    get: (_, method: string) => (input: Record<string, unknown> = {}) => backend.handle(operationName(method), input),
  });
}
