import { aBoolean, aDouble, anInteger, aString, aTimestamp, listOf, ofKind, structure, type StructureShape } from "./shape.ts";

/**
 * The request messages of the supported operations, every member, as botocore's
 * `rds/2014-10-31/service-2.json` defines them (its `required` lists included). A member missing
 * here would still arrive, but untyped (a string), so the table is complete rather than "realistic";
 * test/integration/rds-wire checks it against the SDK's own schemas member by member.
 */

const tag = structure({ ...ofKind(aString, "Key Value") });
const tags = listOf(tag, "Tag");

const filter = structure({ ...ofKind(aString, "Name"), Values: listOf(aString, "Value") }, ["Name", "Values"]);
const filters = listOf(filter, "Filter");

const parameter = structure({
  ...ofKind(aString, "ParameterName ParameterValue Description Source ApplyType DataType AllowedValues MinimumEngineVersion ApplyMethod"),
  ...ofKind(aBoolean, "IsModifiable"),
  SupportedEngineModes: listOf(aString),
});

const scalingConfiguration = structure({
  ...ofKind(anInteger, "MinCapacity MaxCapacity SecondsUntilAutoPause SecondsBeforeTimeout"),
  ...ofKind(aBoolean, "AutoPause"),
  ...ofKind(aString, "TimeoutAction"),
});
const serverlessV2ScalingConfiguration = structure({
  ...ofKind(aDouble, "MinCapacity MaxCapacity"),
  ...ofKind(anInteger, "SecondsUntilAutoPause"),
});
const rdsCustomClusterConfiguration = structure({ ...ofKind(aString, "InterconnectSubnetId TransitGatewayMulticastDomainId ReplicaMode") });
const cloudwatchLogsExportConfiguration = structure({ EnableLogTypes: listOf(aString), DisableLogTypes: listOf(aString) });
// The one list in RDS whose element is called "item" (TagSpecifications.item.1.ResourceType).
const tagSpecifications = listOf(structure({ ...ofKind(aString, "ResourceType"), Tags: tags }), "item");
const associatedRoles = listOf(structure({ ...ofKind(aString, "RoleArn FeatureName") }, ["RoleArn"]), "DBClusterAssociatedRole");
const processorFeatures = listOf(structure({ ...ofKind(aString, "Name Value") }), "ProcessorFeature");
const storageVolumeMembers = {
  ...ofKind(aString, "VolumeName StorageType"),
  ...ofKind(anInteger, "AllocatedStorage IOPS MaxAllocatedStorage StorageThroughput"),
};
const additionalStorageVolumes = listOf(structure(storageVolumeMembers, ["VolumeName"]));
const modifyAdditionalStorageVolumes = listOf(structure({ ...storageVolumeMembers, ...ofKind(aBoolean, "SetForDelete") }, ["VolumeName"]));

/** The paging members every Describe call takes. */
const paging = { ...ofKind(aString, "Marker"), ...ofKind(anInteger, "MaxRecords"), Filters: filters };

export const rdsInputShapes: Readonly<Record<string, StructureShape>> = {
  CreateBlueGreenDeployment: structure(
    {
      ...ofKind(aString, "BlueGreenDeploymentName Source TargetEngineVersion TargetDBParameterGroupName TargetDBClusterParameterGroupName TargetDBInstanceClass TargetStorageType"),
      ...ofKind(aBoolean, "UpgradeTargetStorageConfig"),
      ...ofKind(anInteger, "TargetIops TargetAllocatedStorage TargetStorageThroughput"),
      Tags: tags,
    },
    ["BlueGreenDeploymentName", "Source"],
  ),
  DescribeBlueGreenDeployments: structure({ ...ofKind(aString, "BlueGreenDeploymentIdentifier"), ...paging }),
  SwitchoverBlueGreenDeployment: structure({ ...ofKind(aString, "BlueGreenDeploymentIdentifier"), ...ofKind(anInteger, "SwitchoverTimeout") }, ["BlueGreenDeploymentIdentifier"]),
  DeleteBlueGreenDeployment: structure({ ...ofKind(aString, "BlueGreenDeploymentIdentifier"), ...ofKind(aBoolean, "DeleteTarget") }, ["BlueGreenDeploymentIdentifier"]),

  CreateDBCluster: structure(
    {
      ...ofKind(
        aString,
        "CharacterSetName DatabaseName DBClusterIdentifier DBClusterParameterGroupName DBSubnetGroupName Engine EngineVersion " +
          "MasterUsername MasterUserPassword OptionGroupName PreferredBackupWindow PreferredMaintenanceWindow ReplicationSourceIdentifier " +
          "KmsKeyId PreSignedUrl EngineMode DBClusterInstanceClass StorageType GlobalClusterIdentifier Domain DomainIAMRoleName NetworkType " +
          "MonitoringRoleArn DatabaseInsightsMode PerformanceInsightsKMSKeyId ClusterScalabilityType DBSystemId MasterUserSecretKmsKeyId " +
          "CACertificateIdentifier EngineLifecycleSupport MasterUserAuthenticationType",
      ),
      ...ofKind(anInteger, "BackupRetentionPeriod Port BacktrackWindow AllocatedStorage Iops MonitoringInterval PerformanceInsightsRetentionPeriod"),
      ...ofKind(
        aBoolean,
        "StorageEncrypted EnableIAMDatabaseAuthentication PubliclyAccessible AutoMinorVersionUpgrade DeletionProtection EnableHttpEndpoint " +
          "CopyTagsToSnapshot EnableGlobalWriteForwarding EnablePerformanceInsights EnableLimitlessDatabase ManageMasterUserPassword " +
          "EnableLocalWriteForwarding WithExpressConfiguration",
      ),
      AvailabilityZones: listOf(aString, "AvailabilityZone"),
      VpcSecurityGroupIds: listOf(aString, "VpcSecurityGroupId"),
      Tags: tags,
      EnableCloudwatchLogsExports: listOf(aString),
      ScalingConfiguration: scalingConfiguration,
      RdsCustomClusterConfiguration: rdsCustomClusterConfiguration,
      ServerlessV2ScalingConfiguration: serverlessV2ScalingConfiguration,
      TagSpecifications: tagSpecifications,
      AssociatedRoles: associatedRoles,
    },
    ["DBClusterIdentifier", "Engine"],
  ),
  DescribeDBClusters: structure({ ...ofKind(aString, "DBClusterIdentifier"), ...ofKind(aBoolean, "IncludeShared"), ...paging }),
  ModifyDBCluster: structure(
    {
      ...ofKind(
        aString,
        "DBClusterIdentifier NewDBClusterIdentifier DBClusterParameterGroupName MasterUserPassword OptionGroupName PreferredBackupWindow " +
          "PreferredMaintenanceWindow EngineVersion DBInstanceParameterGroupName Domain DomainIAMRoleName DBClusterInstanceClass StorageType " +
          "NetworkType MonitoringRoleArn DatabaseInsightsMode PerformanceInsightsKMSKeyId MasterUserSecretKmsKeyId EngineMode " +
          "AwsBackupRecoveryPointArn CACertificateIdentifier MasterUserAuthenticationType EngineLifecycleSupport",
      ),
      ...ofKind(
        aBoolean,
        "ApplyImmediately EnableIAMDatabaseAuthentication AllowMajorVersionUpgrade DeletionProtection EnableHttpEndpoint CopyTagsToSnapshot " +
          "EnableGlobalWriteForwarding AutoMinorVersionUpgrade EnablePerformanceInsights ManageMasterUserPassword RotateMasterUserPassword " +
          "EnableLocalWriteForwarding AllowEngineModeChange EnableLimitlessDatabase",
      ),
      ...ofKind(anInteger, "BackupRetentionPeriod Port BacktrackWindow AllocatedStorage Iops MonitoringInterval PerformanceInsightsRetentionPeriod"),
      VpcSecurityGroupIds: listOf(aString, "VpcSecurityGroupId"),
      CloudwatchLogsExportConfiguration: cloudwatchLogsExportConfiguration,
      ScalingConfiguration: scalingConfiguration,
      ServerlessV2ScalingConfiguration: serverlessV2ScalingConfiguration,
    },
    ["DBClusterIdentifier"],
  ),
  DeleteDBCluster: structure(
    { ...ofKind(aString, "DBClusterIdentifier FinalDBSnapshotIdentifier"), ...ofKind(aBoolean, "SkipFinalSnapshot DeleteAutomatedBackups") },
    ["DBClusterIdentifier"],
  ),
  RebootDBCluster: structure({ ...ofKind(aString, "DBClusterIdentifier") }, ["DBClusterIdentifier"]),

  CreateDBClusterEndpoint: structure(
    { ...ofKind(aString, "DBClusterIdentifier DBClusterEndpointIdentifier EndpointType"), StaticMembers: listOf(aString), ExcludedMembers: listOf(aString), Tags: tags },
    ["DBClusterIdentifier", "DBClusterEndpointIdentifier", "EndpointType"],
  ),
  DescribeDBClusterEndpoints: structure({ ...ofKind(aString, "DBClusterIdentifier DBClusterEndpointIdentifier"), ...paging }),
  ModifyDBClusterEndpoint: structure(
    { ...ofKind(aString, "DBClusterEndpointIdentifier EndpointType"), StaticMembers: listOf(aString), ExcludedMembers: listOf(aString) },
    ["DBClusterEndpointIdentifier"],
  ),
  DeleteDBClusterEndpoint: structure({ ...ofKind(aString, "DBClusterEndpointIdentifier") }, ["DBClusterEndpointIdentifier"]),

  CreateDBInstance: structure(
    {
      ...ofKind(
        aString,
        "DBName DBInstanceIdentifier DBInstanceClass Engine MasterUsername MasterUserPassword AvailabilityZone DBSubnetGroupName " +
          "PreferredMaintenanceWindow DBParameterGroupName PreferredBackupWindow EngineVersion LicenseModel OptionGroupName CharacterSetName " +
          "NcharCharacterSetName DBClusterIdentifier StorageType TdeCredentialArn TdeCredentialPassword KmsKeyId Domain DomainFqdn DomainOu " +
          "DomainAuthSecretArn MonitoringRoleArn DomainIAMRoleName Timezone DatabaseInsightsMode PerformanceInsightsKMSKeyId NetworkType " +
          "BackupTarget CustomIamInstanceProfile DBSystemId CACertificateIdentifier MasterUserSecretKmsKeyId EngineLifecycleSupport " +
          "MasterUserAuthenticationType",
      ),
      ...ofKind(
        anInteger,
        "AllocatedStorage BackupRetentionPeriod Port Iops StorageThroughput MonitoringInterval PromotionTier PerformanceInsightsRetentionPeriod MaxAllocatedStorage",
      ),
      ...ofKind(
        aBoolean,
        "MultiAZ AutoMinorVersionUpgrade PubliclyAccessible StorageEncrypted CopyTagsToSnapshot EnableIAMDatabaseAuthentication " +
          "EnablePerformanceInsights DeletionProtection EnableCustomerOwnedIp ManageMasterUserPassword MultiTenant DedicatedLogVolume",
      ),
      DBSecurityGroups: listOf(aString, "DBSecurityGroupName"),
      VpcSecurityGroupIds: listOf(aString, "VpcSecurityGroupId"),
      Tags: tags,
      DomainDnsIps: listOf(aString),
      EnableCloudwatchLogsExports: listOf(aString),
      ProcessorFeatures: processorFeatures,
      AdditionalStorageVolumes: additionalStorageVolumes,
      TagSpecifications: tagSpecifications,
    },
    ["DBInstanceIdentifier", "DBInstanceClass", "Engine"],
  ),
  CreateDBInstanceReadReplica: structure(
    {
      ...ofKind(
        aString,
        "DBInstanceIdentifier SourceDBInstanceIdentifier DBInstanceClass AvailabilityZone OptionGroupName DBParameterGroupName DBSubnetGroupName " +
          "StorageType MonitoringRoleArn KmsKeyId PreSignedUrl DatabaseInsightsMode PerformanceInsightsKMSKeyId Domain DomainIAMRoleName DomainFqdn " +
          "DomainOu DomainAuthSecretArn ReplicaMode NetworkType BackupTarget CustomIamInstanceProfile SourceDBClusterIdentifier CACertificateIdentifier " +
          "DBCapacityReservationIdentifier",
      ),
      ...ofKind(anInteger, "Port Iops StorageThroughput MonitoringInterval PerformanceInsightsRetentionPeriod MaxAllocatedStorage AllocatedStorage"),
      ...ofKind(
        aBoolean,
        "MultiAZ AutoMinorVersionUpgrade PubliclyAccessible CopyTagsToSnapshot EnableIAMDatabaseAuthentication EnablePerformanceInsights " +
          "UseDefaultProcessorFeatures DeletionProtection EnableCustomerOwnedIp DedicatedLogVolume UpgradeStorageConfig",
      ),
      Tags: tags,
      VpcSecurityGroupIds: listOf(aString, "VpcSecurityGroupId"),
      EnableCloudwatchLogsExports: listOf(aString),
      ProcessorFeatures: processorFeatures,
      DomainDnsIps: listOf(aString),
      AdditionalStorageVolumes: additionalStorageVolumes,
      TagSpecifications: tagSpecifications,
    },
    ["DBInstanceIdentifier"],
  ),
  DescribeDBInstances: structure({ ...ofKind(aString, "DBInstanceIdentifier"), ...paging }),
  ModifyDBInstance: structure(
    {
      ...ofKind(
        aString,
        "DBInstanceIdentifier DBInstanceClass DBSubnetGroupName MasterUserPassword DBParameterGroupName PreferredBackupWindow " +
          "PreferredMaintenanceWindow EngineVersion LicenseModel OptionGroupName NewDBInstanceIdentifier StorageType TdeCredentialArn " +
          "TdeCredentialPassword CACertificateIdentifier Domain DomainFqdn DomainOu DomainAuthSecretArn MonitoringRoleArn DomainIAMRoleName " +
          "DatabaseInsightsMode PerformanceInsightsKMSKeyId ReplicaMode AutomationMode NetworkType AwsBackupRecoveryPointArn " +
          "MasterUserSecretKmsKeyId Engine MasterUserAuthenticationType EngineLifecycleSupport",
      ),
      ...ofKind(
        anInteger,
        "AllocatedStorage BackupRetentionPeriod Iops StorageThroughput MonitoringInterval DBPortNumber PromotionTier " +
          "PerformanceInsightsRetentionPeriod MaxAllocatedStorage ResumeFullAutomationModeMinutes",
      ),
      ...ofKind(
        aBoolean,
        "ApplyImmediately MultiAZ AllowMajorVersionUpgrade AutoMinorVersionUpgrade DisableDomain CopyTagsToSnapshot PubliclyAccessible " +
          "EnableIAMDatabaseAuthentication EnablePerformanceInsights UseDefaultProcessorFeatures DeletionProtection CertificateRotationRestart " +
          "EnableCustomerOwnedIp ManageMasterUserPassword RotateMasterUserPassword MultiTenant DedicatedLogVolume",
      ),
      DBSecurityGroups: listOf(aString, "DBSecurityGroupName"),
      VpcSecurityGroupIds: listOf(aString, "VpcSecurityGroupId"),
      DomainDnsIps: listOf(aString),
      CloudwatchLogsExportConfiguration: cloudwatchLogsExportConfiguration,
      ProcessorFeatures: processorFeatures,
      AdditionalStorageVolumes: modifyAdditionalStorageVolumes,
      TagSpecifications: tagSpecifications,
    },
    ["DBInstanceIdentifier"],
  ),
  DeleteDBInstance: structure(
    { ...ofKind(aString, "DBInstanceIdentifier FinalDBSnapshotIdentifier"), ...ofKind(aBoolean, "SkipFinalSnapshot DeleteAutomatedBackups") },
    ["DBInstanceIdentifier"],
  ),
  RebootDBInstance: structure({ ...ofKind(aString, "DBInstanceIdentifier"), ...ofKind(aBoolean, "ForceFailover") }, ["DBInstanceIdentifier"]),

  DescribeEvents: structure({
    ...ofKind(aString, "SourceIdentifier SourceType"),
    ...ofKind(aTimestamp, "StartTime EndTime"),
    ...ofKind(anInteger, "Duration"),
    EventCategories: listOf(aString, "EventCategory"),
    ...paging,
  }),

  CreateDBClusterParameterGroup: structure(
    { ...ofKind(aString, "DBClusterParameterGroupName DBParameterGroupFamily Description"), Tags: tags },
    ["DBClusterParameterGroupName", "DBParameterGroupFamily", "Description"],
  ),
  DescribeDBClusterParameterGroups: structure({ ...ofKind(aString, "DBClusterParameterGroupName"), ...paging }),
  ModifyDBClusterParameterGroup: structure(
    { ...ofKind(aString, "DBClusterParameterGroupName"), Parameters: listOf(parameter, "Parameter") },
    ["DBClusterParameterGroupName", "Parameters"],
  ),
  DescribeDBClusterParameters: structure({ ...ofKind(aString, "DBClusterParameterGroupName Source"), ...paging }, ["DBClusterParameterGroupName"]),

  CreateDBParameterGroup: structure(
    { ...ofKind(aString, "DBParameterGroupName DBParameterGroupFamily Description"), Tags: tags },
    ["DBParameterGroupName", "DBParameterGroupFamily", "Description"],
  ),
  DescribeDBParameterGroups: structure({ ...ofKind(aString, "DBParameterGroupName"), ...paging }),
  ModifyDBParameterGroup: structure({ ...ofKind(aString, "DBParameterGroupName"), Parameters: listOf(parameter, "Parameter") }, ["DBParameterGroupName", "Parameters"]),
  DescribeDBParameters: structure({ ...ofKind(aString, "DBParameterGroupName Source"), ...paging }, ["DBParameterGroupName"]),

  AddTagsToResource: structure({ ...ofKind(aString, "ResourceName"), Tags: tags }, ["ResourceName", "Tags"]),
  RemoveTagsFromResource: structure({ ...ofKind(aString, "ResourceName"), TagKeys: listOf(aString) }, ["ResourceName", "TagKeys"]),
  ListTagsForResource: structure({ ...ofKind(aString, "ResourceName"), Filters: filters }, ["ResourceName"]),
};
