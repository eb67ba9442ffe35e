import { describe, expect, it } from "vitest";
import { rdsOutputShapes } from "../../../fakes/rds/wire/rds-output-shapes.ts";
import { operationShapes, wireOperations } from "../../../fakes/rds/wire/rds-operations.ts";
import { rdsSdkCommands } from "../../../fakes/rds/wire/rds-sdk-commands.ts";

describe("the operation table", () => {
  it("carries every operation the harness needs", () => {
    expect([...wireOperations].sort()).toEqual(
      [
        "AddTagsToResource",
        "CreateBlueGreenDeployment",
        "CreateDBCluster",
        "CreateDBClusterEndpoint",
        "CreateDBClusterParameterGroup",
        "CreateDBInstance",
        "CreateDBInstanceReadReplica",
        "CreateDBParameterGroup",
        "DeleteBlueGreenDeployment",
        "DeleteDBCluster",
        "DeleteDBClusterEndpoint",
        "DeleteDBInstance",
        "DescribeBlueGreenDeployments",
        "DescribeDBClusterEndpoints",
        "DescribeDBClusterParameterGroups",
        "DescribeDBClusterParameters",
        "DescribeDBClusters",
        "DescribeDBInstances",
        "DescribeDBParameterGroups",
        "DescribeDBParameters",
        "DescribeEvents",
        "ListTagsForResource",
        "ModifyDBCluster",
        "ModifyDBClusterEndpoint",
        "ModifyDBClusterParameterGroup",
        "ModifyDBInstance",
        "ModifyDBParameterGroup",
        "RebootDBCluster",
        "RebootDBInstance",
        "RemoveTagsFromResource",
        "SwitchoverBlueGreenDeployment",
      ].sort(),
    );
  });

  it("has an output shape for every operation but the two whose model output is empty", () => {
    expect(Object.keys(rdsOutputShapes).filter((operation) => !wireOperations.includes(operation))).toEqual([]);
    expect(wireOperations.filter((operation) => operationShapes(operation)!.output === undefined).sort()).toEqual(["AddTagsToResource", "RemoveTagsFromResource"]);
  });

  it("has an SDK command for every operation, and no other", () => {
    expect(Object.keys(rdsSdkCommands).sort()).toEqual([...wireOperations].sort());
  });

  it("knows no operation by an inherited name", () => {
    expect(operationShapes("constructor")).toBeUndefined();
    expect(operationShapes("hasOwnProperty")).toBeUndefined();
  });
});
