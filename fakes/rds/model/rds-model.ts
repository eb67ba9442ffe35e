import type { RdsBackend, RdsInput, RdsOutput } from "../api/rds-backend.ts";
import { RdsFault } from "../api/rds-fault.ts";
import { DatabaseFleet } from "../backing/database-fleet.ts";
import { ProxyEndpointDirectory } from "../backing/proxy-endpoint-directory.ts";
import type { EngineImage } from "../../../harness/images/engine-image.ts";
import { newRunId } from "../../../harness/lifecycle/run-id.ts";
import { generateCredentials, type NodeCredentials } from "../../../harness/secrets/credentials.ts";
import { DEFAULT_LOCATION, type RdsLocation } from "./arn.ts";
import { ENGINE_IMAGES_VARIABLE, parseEngineImageOverrides } from "./engine-versions.ts";
import { BackgroundWork } from "./background-work.ts";
import { BlueGreenOperations } from "./blue-green-operations.ts";
import { FAST_PACING, systemClock, type Clock, type Pacing } from "./clock.ts";
import { ClusterOperations } from "./cluster-operations.ts";
import { CustomEndpointOperations } from "./custom-endpoint-operations.ts";
import { endpointNames, type EndpointDirectory } from "./endpoint-directory.ts";
import { newEndpointToken } from "./identifiers.ts";
import type { ModelContext } from "./model-context.ts";
import { DEFAULT_GUARDRAILS, type GuardrailThresholds } from "./switchover-guardrails.ts";
import { InstanceOperations } from "./instance-operations.ts";
import { ParameterOperations } from "./parameter-operations.ts";
import { RdsState } from "./rds-state.ts";
import { followServer } from "./resource-actions.ts";
import { AwaitedObservers } from "./awaited-observers.ts";
import { SwitchoverStepObservers } from "./switchover-steps.ts";
import { TagEventOperations } from "./tag-event-operations.ts";
import { TopologyPublisher } from "../topology/topology-publisher.ts";
import type { TopologyTimeline } from "../topology/topology-timeline.ts";

export interface RdsModelOptions {
  engine: EngineImage;
  location?: RdsLocation;
  clock?: Clock;
  /** FAST_PACING (default) or REALISTIC_PACING, for testing clients' polling and timeouts. */
  pacing?: Pacing;
  guardrails?: Partial<GuardrailThresholds>;
  runId?: string;
  credentials?: NodeCredentials;
  endpoints?: EndpointDirectory;
  /** Keep mysql.rds_topology on the servers during deployments, on this timeline (absent: no table). */
  topology?: TopologyTimeline;
  /**
   * Engine version series (or exact versions) to images for engine upgrades on green, e.g.
   * { "8.4": "mysql:8.4.3" }; wins over BGH_ENGINE_IMAGES, which wins over the defaults (engine-versions.ts).
   */
  engineImages?: Record<string, string>;
}

type Operation = (input: RdsInput) => RdsOutput | Promise<RdsOutput>;

/**
 * The fake RDS control plane: Aurora MySQL clusters, RDS for MySQL/MariaDB instances and read replicas, parameter groups, blue/green
 * deployments and events, every one backed by real MySQL servers and real TCP endpoints. It implements
 * RdsBackend (operation name + SDK-shaped input → SDK-shaped output or RdsFault), which the HTTP server
 * and the aws-sdk-client-mock binding serve; it knows nothing of HTTP or XML.
 */
export class RdsModel implements RdsBackend {
  readonly state: RdsState;
  readonly context: ModelContext;
  readonly operations: ReadonlySet<string>;
  /** mysql.rds_topology's keeper, when the model keeps one. */
  readonly topology?: TopologyPublisher;
  private readonly table: Record<string, Operation>;

  constructor(options: RdsModelOptions) {
    const location = options.location ?? DEFAULT_LOCATION;
    const state = new RdsState(location, options.clock ?? systemClock);
    const endpoints: EndpointDirectory = options.endpoints ?? new ProxyEndpointDirectory();
    this.state = state;
    this.context = {
      state,
      fleet: new DatabaseFleet(options.engine, options.runId ?? newRunId(), options.credentials ?? generateCredentials(), {
        ...parseEngineImageOverrides(process.env[ENGINE_IMAGES_VARIABLE]),
        ...options.engineImages,
      }),
      endpoints,
      work: new BackgroundWork(),
      pacing: options.pacing ?? FAST_PACING,
      names: endpointNames(location, newEndpointToken()),
      guardrails: { ...DEFAULT_GUARDRAILS, ...options.guardrails },
      switchoverSteps: new SwitchoverStepObservers(),
      availability: new AwaitedObservers(),
    };
    // Names served to containers too: the fleet's servers resolve them (a runbook's rds_set_external_source by RDS name).
    if (endpoints.serveToContainers) this.context.fleet.useNameServer((gateway) => endpoints.serveToContainers!(gateway));
    // Docker re-publishes a server's port on restarts and network changes; the endpoints keep leading to it.
    this.context.fleet.onServerMoved((node) => followServer(this.context, node));
    const clusters = new ClusterOperations(this.context);
    const instances = new InstanceOperations(this.context);
    const parameters = new ParameterOperations(this.context);
    const blueGreen = new BlueGreenOperations(this.context);
    const tagsAndEvents = new TagEventOperations(this.context);
    const customEndpoints = new CustomEndpointOperations(this.context);
    this.table = {
      CreateDBCluster: (input) => clusters.createDbCluster(input),
      DescribeDBClusters: (input) => clusters.describeDbClusters(input),
      ModifyDBCluster: (input) => clusters.modifyDbCluster(input),
      DeleteDBCluster: (input) => clusters.deleteDbCluster(input),
      RebootDBCluster: (input) => clusters.rebootDbCluster(input),
      // RDS for MySQL/MariaDB instances (no cluster) are InstanceOperations'; Aurora's are ClusterOperations'.
      CreateDBInstance: (input) => (instances.owns(input) ? instances.createDbInstance(input) : clusters.createDbInstance(input)),
      CreateDBInstanceReadReplica: (input) => instances.createDbInstanceReadReplica(input),
      DescribeDBInstances: (input) => clusters.describeDbInstances(input),
      ModifyDBInstance: (input) => (instances.owns(input) ? instances.modifyDbInstance(input) : clusters.modifyDbInstance(input)),
      DeleteDBInstance: (input) => (instances.owns(input) ? instances.deleteDbInstance(input) : clusters.deleteDbInstance(input)),
      RebootDBInstance: (input) => (instances.owns(input) ? instances.rebootDbInstance(input) : clusters.rebootDbInstance(input)),
      CreateDBClusterEndpoint: (input) => customEndpoints.createDbClusterEndpoint(input),
      DescribeDBClusterEndpoints: (input) => customEndpoints.describeDbClusterEndpoints(input),
      ModifyDBClusterEndpoint: (input) => customEndpoints.modifyDbClusterEndpoint(input),
      DeleteDBClusterEndpoint: (input) => customEndpoints.deleteDbClusterEndpoint(input),
      CreateDBClusterParameterGroup: (input) => parameters.createDbClusterParameterGroup(input),
      DescribeDBClusterParameterGroups: (input) => parameters.describeDbClusterParameterGroups(input),
      ModifyDBClusterParameterGroup: (input) => parameters.modifyDbClusterParameterGroup(input),
      DescribeDBClusterParameters: (input) => parameters.describeDbClusterParameters(input),
      CreateDBParameterGroup: (input) => parameters.createDbParameterGroup(input),
      DescribeDBParameterGroups: (input) => parameters.describeDbParameterGroups(input),
      ModifyDBParameterGroup: (input) => parameters.modifyDbParameterGroup(input),
      DescribeDBParameters: (input) => parameters.describeDbParameters(input),
      CreateBlueGreenDeployment: (input) => blueGreen.createBlueGreenDeployment(input),
      DescribeBlueGreenDeployments: (input) => blueGreen.describeBlueGreenDeployments(input),
      SwitchoverBlueGreenDeployment: (input) => blueGreen.switchoverBlueGreenDeployment(input),
      DeleteBlueGreenDeployment: (input) => blueGreen.deleteBlueGreenDeployment(input),
      AddTagsToResource: (input) => tagsAndEvents.addTagsToResource(input),
      RemoveTagsFromResource: (input) => tagsAndEvents.removeTagsFromResource(input),
      ListTagsForResource: (input) => tagsAndEvents.listTagsForResource(input),
      DescribeEvents: (input) => tagsAndEvents.describeEvents(input),
    };
    if (options.topology) {
      this.topology = new TopologyPublisher(this.context, options.topology);
      this.topology.start();
    }
    // Asked on every request by the wire layers: built once.
    this.operations = new Set(Object.keys(this.table));
  }

  async handle(operation: string, input: RdsInput): Promise<RdsOutput> {
    const run = this.table[operation];
    if (!run) throw new RdsFault("InvalidAction", `The action ${operation} is not valid for this web service (this fake implements: ${[...this.operations].join(", ")}).`);
    return run(input);
  }

  /** Waits until every background job (creations, provisioning, switchovers, deletions) has ended. */
  async settled(): Promise<void> {
    const failures = await this.context.work.settled();
    if (failures.length) throw new AggregateError(failures.map((failure) => failure.error), `background work failed: ${failures.map((failure) => failure.label).join(", ")}`);
  }

  /** Stops every endpoint and removes every server. */
  async shutdown(): Promise<void> {
    await this.context.work.settled();
    await this.topology?.stop();
    await this.context.endpoints.stopAll();
    await this.context.fleet.shutdown();
  }
}
