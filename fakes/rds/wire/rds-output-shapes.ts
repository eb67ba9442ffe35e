import { aString, listOf, structure, type StructureShape } from "./shape.ts";

/**
 * The result messages of the supported operations, reduced to what the XML cannot be written
 * without: every list (its element name: `<DBCluster>`, `<Tag>`, `<member>`, ...) and the
 * structures that lead to one. Scalars are not listed because their JavaScript value says how to
 * write them (Date as ISO 8601, numbers and booleans as text), and a structure that is not listed
 * is written member by member; an unlisted array uses `<member>`, the Query protocol's default.
 * So the model can add members without a change here, as long as a new list is named `member`.
 * Derived from botocore's `rds/2014-10-31/service-2.json`; test/integration/rds-wire checks every
 * list against the SDK's schemas by round-tripping fully populated outputs.
 */

/** A structure without lists inside: written member by member from its values. */
const scalarsOnly = structure({});
const tagList = listOf(scalarsOnly, "Tag");
const strings = (memberName?: string) => listOf(aString, memberName);

const blueGreenDeployment = structure({
  SwitchoverDetails: listOf(scalarsOnly),
  Tasks: listOf(scalarsOnly),
  TagList: tagList,
});

const pendingCloudwatchLogsExports = structure({ LogTypesToEnable: strings(), LogTypesToDisable: strings() });
const domainMemberships = listOf(structure({ DnsIps: strings() }), "DomainMembership");

const dbCluster = structure({
  AvailabilityZones: strings("AvailabilityZone"),
  CustomEndpoints: strings(),
  DBClusterOptionGroupMemberships: listOf(scalarsOnly, "DBClusterOptionGroup"),
  ReadReplicaIdentifiers: strings("ReadReplicaIdentifier"),
  StatusInfos: listOf(scalarsOnly, "DBClusterStatusInfo"),
  DBClusterMembers: listOf(scalarsOnly, "DBClusterMember"),
  VpcSecurityGroups: listOf(scalarsOnly, "VpcSecurityGroupMembership"),
  AssociatedRoles: listOf(scalarsOnly, "DBClusterRole"),
  EnabledCloudwatchLogsExports: strings(),
  PendingModifiedValues: structure({ PendingCloudwatchLogsExports: pendingCloudwatchLogsExports }),
  DomainMemberships: domainMemberships,
  TagList: tagList,
});

const dbInstance = structure({
  DBSecurityGroups: listOf(scalarsOnly, "DBSecurityGroup"),
  VpcSecurityGroups: listOf(scalarsOnly, "VpcSecurityGroupMembership"),
  DBParameterGroups: listOf(scalarsOnly, "DBParameterGroup"),
  DBSubnetGroup: structure({ Subnets: listOf(scalarsOnly, "Subnet"), SupportedNetworkTypes: strings() }),
  PendingModifiedValues: structure({
    PendingCloudwatchLogsExports: pendingCloudwatchLogsExports,
    ProcessorFeatures: listOf(scalarsOnly, "ProcessorFeature"),
    AdditionalStorageVolumes: listOf(scalarsOnly),
  }),
  ReadReplicaDBInstanceIdentifiers: strings("ReadReplicaDBInstanceIdentifier"),
  ReadReplicaDBClusterIdentifiers: strings("ReadReplicaDBClusterIdentifier"),
  OptionGroupMemberships: listOf(scalarsOnly, "OptionGroupMembership"),
  StatusInfos: listOf(scalarsOnly, "DBInstanceStatusInfo"),
  DomainMemberships: domainMemberships,
  EnabledCloudwatchLogsExports: strings(),
  ProcessorFeatures: listOf(scalarsOnly, "ProcessorFeature"),
  AssociatedRoles: listOf(scalarsOnly, "DBInstanceRole"),
  TagList: tagList,
  DBInstanceAutomatedBackupsReplications: listOf(scalarsOnly, "DBInstanceAutomatedBackupsReplication"),
  AdditionalStorageVolumes: listOf(scalarsOnly),
});

const parameters = listOf(structure({ SupportedEngineModes: strings() }), "Parameter");

const oneBlueGreenDeployment = structure({ BlueGreenDeployment: blueGreenDeployment });
const oneDBCluster = structure({ DBCluster: dbCluster });
const oneDBInstance = structure({ DBInstance: dbInstance });

/** Keyed by operation; an operation absent here (AddTagsToResource) answers without a Result element. */
export const rdsOutputShapes: Readonly<Record<string, StructureShape>> = {
  CreateBlueGreenDeployment: oneBlueGreenDeployment,
  DescribeBlueGreenDeployments: structure({ BlueGreenDeployments: listOf(blueGreenDeployment) }),
  SwitchoverBlueGreenDeployment: oneBlueGreenDeployment,
  DeleteBlueGreenDeployment: oneBlueGreenDeployment,

  CreateDBCluster: oneDBCluster,
  DescribeDBClusters: structure({ DBClusters: listOf(dbCluster, "DBCluster") }),
  ModifyDBCluster: oneDBCluster,
  DeleteDBCluster: oneDBCluster,
  RebootDBCluster: oneDBCluster,

  CreateDBClusterEndpoint: structure({}),
  DescribeDBClusterEndpoints: structure({ DBClusterEndpoints: listOf(scalarsOnly, "DBClusterEndpointList") }),
  ModifyDBClusterEndpoint: structure({}),
  DeleteDBClusterEndpoint: structure({}),

  CreateDBInstance: oneDBInstance,
  CreateDBInstanceReadReplica: oneDBInstance,
  DescribeDBInstances: structure({ DBInstances: listOf(dbInstance, "DBInstance") }),
  ModifyDBInstance: oneDBInstance,
  DeleteDBInstance: oneDBInstance,
  RebootDBInstance: oneDBInstance,

  DescribeEvents: structure({ Events: listOf(structure({ EventCategories: strings("EventCategory") }), "Event") }),

  CreateDBClusterParameterGroup: structure({}),
  DescribeDBClusterParameterGroups: structure({ DBClusterParameterGroups: listOf(scalarsOnly, "DBClusterParameterGroup") }),
  ModifyDBClusterParameterGroup: structure({}),
  DescribeDBClusterParameters: structure({ Parameters: parameters }),

  CreateDBParameterGroup: structure({}),
  DescribeDBParameterGroups: structure({ DBParameterGroups: listOf(scalarsOnly, "DBParameterGroup") }),
  ModifyDBParameterGroup: structure({}),
  DescribeDBParameters: structure({ Parameters: parameters }),

  ListTagsForResource: structure({ TagList: tagList }),
};
