import { RdsFault } from "../api/rds-fault.ts";
import type { RdsInput, RdsOutput } from "../api/rds-backend.ts";
import { arn } from "./arn.ts";
import { parametersOutput } from "./describe-output.ts";
import { requireString } from "./identifiers.ts";
import type { ModelContext } from "./model-context.ts";
import { paginate } from "./pagination.ts";
import { familyParameters, INSTANCE_FAMILIES } from "./instance-parameter-catalog.ts";
import { PARAMETER_FAMILY } from "./parameter-catalog.ts";
import { ParameterGroup } from "./parameter-groups.ts";
import { applyDynamicParameters } from "./resource-actions.ts";

/**
 * Parameter groups. Modifying one applies its dynamic parameters to every running server that uses
 * it at once, and marks those servers pending-reboot for static ones, as RDS does.
 */
export class ParameterOperations {
  constructor(private readonly context: ModelContext) {}

  createDbClusterParameterGroup(input: RdsInput): RdsOutput {
    const group = this.create(input, "cluster", "DBClusterParameterGroupName");
    return { DBClusterParameterGroup: clusterGroupOutput(group) };
  }

  createDbParameterGroup(input: RdsInput): RdsOutput {
    const group = this.create(input, "instance", "DBParameterGroupName");
    return { DBParameterGroup: dbGroupOutput(group) };
  }

  describeDbClusterParameterGroups(input: RdsInput): RdsOutput {
    const { state } = this.context;
    const groups = input.DBClusterParameterGroupName ? [state.clusterParameterGroup(String(input.DBClusterParameterGroupName))] : [...state.clusterParameterGroups.values()];
    const { page, Marker } = paginate(groups, input);
    return { DBClusterParameterGroups: page.map(clusterGroupOutput), ...(Marker ? { Marker } : {}) };
  }

  describeDbParameterGroups(input: RdsInput): RdsOutput {
    const { state } = this.context;
    const groups = input.DBParameterGroupName ? [state.dbParameterGroup(String(input.DBParameterGroupName))] : [...state.dbParameterGroups.values()];
    const { page, Marker } = paginate(groups, input);
    return { DBParameterGroups: page.map(dbGroupOutput), ...(Marker ? { Marker } : {}) };
  }

  describeDbClusterParameters(input: RdsInput): RdsOutput {
    const group = this.context.state.clusterParameterGroup(requireString(input.DBClusterParameterGroupName, "DBClusterParameterGroupName"));
    const { page, Marker } = paginate(parametersOutput(group, input.Source), input);
    return { Parameters: page, ...(Marker ? { Marker } : {}) };
  }

  describeDbParameters(input: RdsInput): RdsOutput {
    const group = this.context.state.dbParameterGroup(requireString(input.DBParameterGroupName, "DBParameterGroupName"));
    const { page, Marker } = paginate(parametersOutput(group, input.Source), input);
    return { Parameters: page, ...(Marker ? { Marker } : {}) };
  }

  async modifyDbClusterParameterGroup(input: RdsInput): Promise<RdsOutput> {
    const { state } = this.context;
    const group = state.clusterParameterGroup(requireString(input.DBClusterParameterGroupName, "DBClusterParameterGroupName"));
    const changed = group.modify(parameterChanges(input.Parameters));
    for (const cluster of [...state.clusters.values()].filter((candidate) => candidate.parameterGroupName === group.name)) {
      if (changed.some((definition) => definition.applyType === "static")) for (const instance of state.clusterInstances(cluster)) instance.pendingReboot = true;
      await applyDynamicParameters(this.context, cluster);
    }
    return { DBClusterParameterGroupName: group.name };
  }

  async modifyDbParameterGroup(input: RdsInput): Promise<RdsOutput> {
    const { state } = this.context;
    const group = state.dbParameterGroup(requireString(input.DBParameterGroupName, "DBParameterGroupName"));
    const changed = group.modify(parameterChanges(input.Parameters));
    const users = [...state.instances.values()].filter((instance) => instance.parameterGroupName === group.name);
    if (changed.some((definition) => definition.applyType === "static")) for (const instance of users) instance.pendingReboot = true;
    for (const clusterIdentifier of new Set(users.map((instance) => instance.clusterIdentifier))) await applyDynamicParameters(this.context, state.cluster(clusterIdentifier));
    return { DBParameterGroupName: group.name };
  }

  private create(input: RdsInput, level: "cluster" | "instance", nameMember: string): ParameterGroup {
    const { state } = this.context;
    const name = requireString(input[nameMember], nameMember);
    const family = requireString(input.DBParameterGroupFamily, "DBParameterGroupFamily");
    const description = requireString(input.Description, "Description");
    if (!familyParameters(family, level)) {
      const known = level === "cluster" ? `${PARAMETER_FAMILY} (Aurora MySQL 3)` : `${PARAMETER_FAMILY} (Aurora MySQL 3), ${INSTANCE_FAMILIES.join(", ")} (RDS for MySQL and MariaDB)`;
      throw new RdsFault("InvalidParameterValue", `ParameterGroupFamily ${family} is not supported by this fake: use ${known}.`);
    }
    if (!/^[a-zA-Z](?:[a-zA-Z0-9]|-(?!-)){0,254}$/.test(name) || name.endsWith("-")) {
      throw new RdsFault("InvalidParameterValue", `The parameter ${nameMember} is not a valid identifier: ${name}`);
    }
    const groups = level === "cluster" ? state.clusterParameterGroups : state.dbParameterGroups;
    if (groups.has(name)) {
      throw new RdsFault("DBParameterGroupAlreadyExists", `Parameter group ${name} already exists`);
    }
    const group = new ParameterGroup(name, level, description, arn(state.location, level === "cluster" ? "cluster-pg" : "pg", name), false, family);
    groups.set(name, group);
    return group;
  }
}

function parameterChanges(value: unknown): Array<{ ParameterName?: string; ParameterValue?: string; ApplyMethod?: string }> {
  if (!Array.isArray(value) || value.length === 0) throw new RdsFault("MissingParameter", "The request must contain the parameter Parameters");
  return value as Array<{ ParameterName?: string; ParameterValue?: string; ApplyMethod?: string }>;
}

function clusterGroupOutput(group: ParameterGroup): Record<string, unknown> {
  return { DBClusterParameterGroupName: group.name, DBParameterGroupFamily: group.family, Description: group.description, DBClusterParameterGroupArn: group.arn };
}

function dbGroupOutput(group: ParameterGroup): Record<string, unknown> {
  return { DBParameterGroupName: group.name, DBParameterGroupFamily: group.family, Description: group.description, DBParameterGroupArn: group.arn };
}
