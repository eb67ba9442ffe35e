import type { BinlogCoordinates } from "../../../harness/engine/dialect.ts";
import type { StartedMysqlNode } from "../../../harness/node/started-mysql-node.ts";
import type { InstanceEngine } from "./instance-parameter-catalog.ts";

export type ResourceStatus = "creating" | "available" | "modifying" | "rebooting" | "deleting" | "stopped" | "failed";

export interface Tag {
  Key: string;
  Value: string;
}

export interface DbInstance {
  identifier: string;
  readonly resourceId: string;
  arn: string;
  clusterIdentifier: string;
  instanceClass: string;
  status: ResourceStatus;
  parameterGroupName: string;
  /** A static parameter of its cluster's or its own group changed since the server last started. */
  pendingReboot: boolean;
  /** binlog_format as of the server's last start: "OFF" means no binary log as far as RDS is concerned. */
  runningBinlogFormat: string;
  /** Where the server's binary log stood right after the reboot that turned binary logging on (see unwritten-binary-log.ts). */
  binlogTurnedOnAt?: BinlogCoordinates;
  promotionTier: number;
  createdAt: Date;
  tags: Tag[];
  /** The real server behind it, once created. */
  node?: StartedMysqlNode;
  /** Settles when the instance is available (or has failed): readers wait on their writer's. */
  ready: Promise<void>;
  /** The instance endpoint (host name a client uses; a TCP proxy port on 127.0.0.1 serves it). */
  endpointName: string;
  /** RDS for MySQL/MariaDB only (see instance-groups.ts): automated backups, which the binary log depends on. */
  backupRetentionPeriod?: number;
  allocatedStorage?: number;
}

export interface DbCluster {
  identifier: string;
  readonly resourceId: string;
  arn: string;
  /** aurora-mysql: a DB cluster. mysql/mariadb: an RDS for MySQL/MariaDB primary and its read replicas (instance-groups.ts). */
  engine: "aurora-mysql" | InstanceEngine;
  /** Made by CreateDBCluster (a Multi-AZ DB cluster of RDS for MySQL, or the MariaDB stand-in): a cluster, not an instance group. */
  createdAsCluster?: boolean;
  engineVersion: string;
  status: ResourceStatus;
  masterUsername: string;
  parameterGroupName: string;
  /** Aurora refuses a blue/green deployment from a cluster whose master password Secrets Manager manages. */
  managedMasterPassword: boolean;
  /** Instance identifiers; the writer is the one flagged. */
  members: string[];
  writer?: string;
  createdAt: Date;
  tags: Tag[];
  /** Host names of the cluster (writer) and reader endpoints. */
  endpointName: string;
  readerEndpointName: string;
  /** Set while a blue/green deployment includes the cluster. */
  blueGreenDeployment?: string;
}

/** An Aurora custom endpoint (CreateDBClusterEndpoint): a name of its own leading to some of the cluster's instances. */
export interface CustomEndpoint {
  /** DBClusterEndpointIdentifier, lowercase. */
  identifier: string;
  clusterIdentifier: string;
  resourceId: string;
  arn: string;
  /** READER: readers only; ANY: any member, the writer included. */
  type: "READER" | "ANY";
  staticMembers: string[];
  excludedMembers: string[];
  /** `<identifier>.cluster-custom-<token>.<region>.rds.amazonaws.com` */
  endpointName: string;
  tags: Tag[];
}

export type DeploymentStatus = "PROVISIONING" | "AVAILABLE" | "SWITCHOVER_IN_PROGRESS" | "SWITCHOVER_COMPLETED" | "INVALID_CONFIGURATION" | "SWITCHOVER_FAILED" | "DELETING";
export type MemberStatus = "PROVISIONING" | "AVAILABLE" | "SWITCHOVER_IN_PROGRESS" | "SWITCHOVER_COMPLETED" | "SWITCHOVER_FAILED" | "MISSING_SOURCE" | "MISSING_TARGET";
export type TaskStatus = "PENDING" | "IN_PROGRESS" | "COMPLETED" | "FAILED";

export interface SwitchoverDetail {
  SourceMember: string;
  TargetMember?: string;
  Status: MemberStatus;
}

export interface DeploymentTask {
  Name: string;
  Status: TaskStatus;
}

export interface BlueGreenDeployment {
  id: string;
  name: string;
  /** ARN of the blue cluster (after switchover: the renamed old one). */
  source: string;
  /** ARN of the green cluster, once it exists. */
  target?: string;
  status: DeploymentStatus;
  statusDetails?: string;
  switchoverDetails: SwitchoverDetail[];
  tasks: DeploymentTask[];
  createdAt: Date;
  deletedAt?: Date;
  tags: Tag[];
  /** Identifiers of blue's and green's clusters as they are now. */
  blueCluster: string;
  greenCluster?: string;
}
