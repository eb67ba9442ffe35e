import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RdsFault } from "../../../fakes/rds/api/rds-fault.ts";
import { parseQueryRequest } from "../../../fakes/rds/wire/query-request.ts";

/** The body as the JS SDK writes it: RFC 3986 encoding, `Action` and `Version` first. */
function body(action: string, parameters: Record<string, string> = {}): string {
  const encode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return [`Action=${action}`, "Version=2014-10-31", ...Object.entries(parameters).map(([k, v]) => `${encode(k)}=${encode(v)}`)].join("&");
}

function faultOf(formText: string): RdsFault {
  try {
    parseQueryRequest(formText);
  } catch (error) {
    if (error instanceof RdsFault) return error;
    throw new Error(`expected an RdsFault, got ${String(error)}`);
  }
  throw new Error("expected the request to be refused");
}

describe("parseQueryRequest: action and version", () => {
  it("reads the operation, the version and the members", () => {
    const request = parseQueryRequest(body("SwitchoverBlueGreenDeployment", { BlueGreenDeploymentIdentifier: "bgd-x", SwitchoverTimeout: "300" }));
    expect(request).toEqual({
      action: "SwitchoverBlueGreenDeployment",
      version: "2014-10-31",
      input: { BlueGreenDeploymentIdentifier: "bgd-x", SwitchoverTimeout: 300 },
    });
  });

  it("answers a request without Action with 400 MissingAction", () => {
    expect(faultOf("Version=2014-10-31")).toMatchObject({ code: "MissingAction", httpStatus: 400, type: "Sender" });
    expect(faultOf("")).toMatchObject({ code: "MissingAction", httpStatus: 400 });
  });

  it("answers an operation RDS does not have with 400 InvalidAction naming it", () => {
    const fault = faultOf(body("DescribeUnicorns"));
    expect(fault).toMatchObject({ code: "InvalidAction", httpStatus: 400 });
    expect(fault.message).toBe("Could not find operation DescribeUnicorns for version 2014-10-31");
  });

  it("does not take names inherited from Object.prototype for operations", () => {
    expect(faultOf(body("constructor")).code).toBe("InvalidAction");
    expect(faultOf(body("toString")).code).toBe("InvalidAction");
  });

  it("answers another API version, or none, with InvalidAction as AWS does", () => {
    expect(faultOf("Action=DescribeDBClusters&Version=2013-09-09").message).toBe("Could not find operation DescribeDBClusters for version 2013-09-09");
    expect(faultOf("Action=DescribeDBClusters").message).toBe("Could not find operation DescribeDBClusters for version NO_VERSION_SPECIFIED");
  });

  it("ignores the signing parameters of presigned requests", () => {
    const request = parseQueryRequest(`${body("DescribeDBClusters")}&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc&X-Amz-Credential=x`);
    expect(request.input).toEqual({});
  });
});

describe("parseQueryRequest: lists and structures", () => {
  it("reads filters, nested value lists included, as the reference example sends them", () => {
    const request = parseQueryRequest(
      "Action=DescribeBlueGreenDeployments&Version=2014-10-31&Filters.Filter.1.Name=blue-green-deployment-name&Filters.Filter.1.Values.Value.1=bgd-a&Filters.Filter.1.Values.Value.2=bgd-b&MaxRecords=20",
    );
    expect(request.input).toEqual({ Filters: [{ Name: "blue-green-deployment-name", Values: ["bgd-a", "bgd-b"] }], MaxRecords: 20 });
  });

  it("reads tags as Key/Value structures", () => {
    const request = parseQueryRequest(
      "Action=CreateBlueGreenDeployment&Version=2014-10-31&BlueGreenDeploymentName=n&Source=arn%3Aaws%3Ards%3Aus-east-1%3A123456789012%3Acluster%3Amydb&TargetEngineVersion=8.0.mysql_aurora.3.05.2&Tags.Tag.1.Key=env&Tags.Tag.1.Value=test&Tags.Tag.2.Key=team&Tags.Tag.2.Value=",
    );
    expect(request.input).toEqual({
      BlueGreenDeploymentName: "n",
      Source: "arn:aws:rds:us-east-1:123456789012:cluster:mydb",
      TargetEngineVersion: "8.0.mysql_aurora.3.05.2",
      Tags: [
        { Key: "env", Value: "test" },
        { Key: "team", Value: "" },
      ],
    });
  });

  it("reads `member` lists and lists with their own element names", () => {
    const request = parseQueryRequest(
      body("RemoveTagsFromResource", { ResourceName: "arn:x", "TagKeys.member.1": "a", "TagKeys.member.2": "b" }),
    );
    expect(request.input).toEqual({ ResourceName: "arn:x", TagKeys: ["a", "b"] });
    const cluster = parseQueryRequest(
      body("CreateDBCluster", {
        DBClusterIdentifier: "c",
        Engine: "aurora-mysql",
        "VpcSecurityGroupIds.VpcSecurityGroupId.1": "sg-1",
        "AvailabilityZones.AvailabilityZone.1": "us-east-1a",
        "TagSpecifications.item.1.ResourceType": "cluster",
        "TagSpecifications.item.1.Tags.Tag.1.Key": "k",
      }),
    );
    expect(cluster.input).toMatchObject({
      VpcSecurityGroupIds: ["sg-1"],
      AvailabilityZones: ["us-east-1a"],
      TagSpecifications: [{ ResourceType: "cluster", Tags: [{ Key: "k" }] }],
    });
  });

  it("orders list elements by their positions, whatever order they arrive in and with gaps", () => {
    const request = parseQueryRequest(body("RemoveTagsFromResource", { ResourceName: "r", "TagKeys.member.10": "ten", "TagKeys.member.2": "two", "TagKeys.member.5": "five" }));
    expect(request.input.TagKeys).toEqual(["two", "five", "ten"]);
  });

  it("reads an empty list sent as `Name=` (how the SDKs and the CLI send one)", () => {
    const request = parseQueryRequest("Action=AddTagsToResource&Version=2014-10-31&ResourceName=r&Tags=");
    expect(request.input).toEqual({ ResourceName: "r", Tags: [] });
    const filters = parseQueryRequest("Action=DescribeDBClusters&Version=2014-10-31&Filters.Filter.1.Name=engine&Filters.Filter.1.Values=");
    expect(filters.input).toEqual({ Filters: [{ Name: "engine", Values: [] }] });
  });

  it("reads structures and the Parameters list of parameter groups", () => {
    const request = parseQueryRequest(
      body("ModifyDBClusterParameterGroup", {
        DBClusterParameterGroupName: "pg",
        "Parameters.Parameter.1.ParameterName": "binlog_format",
        "Parameters.Parameter.1.ParameterValue": "ROW",
        "Parameters.Parameter.1.ApplyMethod": "pending-reboot",
        "Parameters.Parameter.1.IsModifiable": "true",
      }),
    );
    expect(request.input).toEqual({
      DBClusterParameterGroupName: "pg",
      Parameters: [{ ParameterName: "binlog_format", ParameterValue: "ROW", ApplyMethod: "pending-reboot", IsModifiable: true }],
    });
    const serverless = parseQueryRequest(
      body("ModifyDBCluster", {
        DBClusterIdentifier: "c",
        "ServerlessV2ScalingConfiguration.MinCapacity": "0.5",
        "ServerlessV2ScalingConfiguration.MaxCapacity": "16",
        "CloudwatchLogsExportConfiguration.EnableLogTypes.member.1": "audit",
      }),
    );
    expect(serverless.input).toEqual({
      DBClusterIdentifier: "c",
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 16 },
      CloudwatchLogsExportConfiguration: { EnableLogTypes: ["audit"] },
    });
  });

  it("refuses list elements under another name than the model's, saying which it expects", () => {
    const fault = faultOf(body("AddTagsToResource", { ResourceName: "r", "Tags.member.1.Key": "k" }));
    expect(fault).toMatchObject({ code: "InvalidParameterValue", httpStatus: 400 });
    expect(fault.message).toContain("Tags.Tag.N");
  });

  it("refuses list positions that are not whole numbers from 1", () => {
    expect(faultOf(body("RemoveTagsFromResource", { ResourceName: "r", "TagKeys.member.0": "a" })).message).toContain("TagKeys.member.0");
    expect(faultOf(body("RemoveTagsFromResource", { ResourceName: "r", "TagKeys.member.x": "a" })).code).toBe("InvalidParameterValue");
  });

  it("passes members the table does not know through untyped, `X.member.N` as a list", () => {
    const request = parseQueryRequest(body("DescribeDBClusters", { FutureFlag: "true", "FutureList.member.2": "b", "FutureList.member.1": "a", "Future.Struct": "s" }));
    expect(request.input).toEqual({ FutureFlag: "true", FutureList: ["a", "b"], Future: { Struct: "s" } });
  });

  it("cannot be made to replace an object's prototype", () => {
    const request = parseQueryRequest(body("DescribeDBClusters", { "__proto__.polluted": "yes", "Filters.Filter.1.Name": "n", "Filters.Filter.1.Values.Value.1": "v", "Filters.Filter.1.__proto__": "x" }));
    expect(Object.getPrototypeOf(request.input)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(request.input).toEqual({ Filters: [{ Name: "n", Values: ["v"] }] });
  });

  it("keeps the last value of a repeated parameter", () => {
    expect(parseQueryRequest(`${body("DescribeDBClusters")}&MaxRecords=20&MaxRecords=30`).input).toEqual({ MaxRecords: 30 });
  });
});

describe("parseQueryRequest: scalar members", () => {
  it("reads booleans in any case", () => {
    expect(parseQueryRequest(body("DeleteBlueGreenDeployment", { BlueGreenDeploymentIdentifier: "b", DeleteTarget: "true" })).input.DeleteTarget).toBe(true);
    expect(parseQueryRequest(body("DeleteBlueGreenDeployment", { BlueGreenDeploymentIdentifier: "b", DeleteTarget: "False" })).input.DeleteTarget).toBe(false);
  });

  it.each([
    ["MaxRecords", "abc"],
    ["MaxRecords", "1.5"],
    ["MaxRecords", ""],
    ["MaxRecords", "99999999999999999999"],
  ])("refuses %s=%j with InvalidParameterValue naming the member", (member, value) => {
    const fault = faultOf(body("DescribeDBClusters", { [member]: value }));
    expect(fault).toMatchObject({ code: "InvalidParameterValue", httpStatus: 400 });
    expect(fault.message).toContain(member);
  });

  it("names the full wire path of a bad value inside a list", () => {
    const fault = faultOf(body("ModifyDBParameterGroup", { DBParameterGroupName: "p", "Parameters.Parameter.2.IsModifiable": "yes", "Parameters.Parameter.1.ParameterName": "x" }));
    expect(fault.message).toContain("Parameters.Parameter.2.IsModifiable");
  });

  it("refuses a boolean that is not true or false", () => {
    expect(faultOf(body("RebootDBInstance", { DBInstanceIdentifier: "i", ForceFailover: "yes" })).code).toBe("InvalidParameterValue");
  });

  it("reads timestamps in ISO 8601 (as the SDKs send them) and as epoch seconds", () => {
    const request = parseQueryRequest(body("DescribeEvents", { StartTime: "2024-05-06T07:08:09Z", EndTime: "2024-05-06T09:08:09.123+02:00" }));
    expect(request.input.StartTime).toEqual(new Date("2024-05-06T07:08:09.000Z"));
    expect(request.input.EndTime).toEqual(new Date("2024-05-06T07:08:09.123Z"));
    expect(parseQueryRequest(body("DescribeEvents", { StartTime: "1715000000" })).input.StartTime).toEqual(new Date(1715000000 * 1000));
    expect(faultOf(body("DescribeEvents", { StartTime: "yesterday" })).message).toContain("StartTime");
  });

  it("refuses nested parameters under a scalar and a value for a structure", () => {
    expect(faultOf(body("DescribeDBClusters", { "MaxRecords.x": "1" })).code).toBe("InvalidParameterValue");
    expect(faultOf(body("ModifyDBCluster", { DBClusterIdentifier: "c", ScalingConfiguration: "big" })).code).toBe("InvalidParameterValue");
  });
});

describe("parseQueryRequest: encoding", () => {
  it("decodes RFC 3986 escapes as UTF-8 and `+` as a space", () => {
    const request = parseQueryRequest(
      "Action=AddTagsToResource&Version=2014-10-31&ResourceName=a+b%20c&Tags.Tag.1.Key=%C3%A9t%C3%A9%20%F0%9F%90%AC&Tags.Tag.1.Value=1%2B1%3D2%26more%25",
    );
    expect(request.input).toEqual({ ResourceName: "a b c", Tags: [{ Key: "été 🐬", Value: "1+1=2&more%" }] });
  });

  it.each(["%zz", "%", "%E", "%FF", "%C3%28", "%ED%A0%80"])("answers the broken escape %j with a 400, not an exception", (escape) => {
    const fault = faultOf(`Action=DescribeDBClusters&Version=2014-10-31&DBClusterIdentifier=${escape}`);
    expect(fault).toMatchObject({ code: "MalformedQueryString", httpStatus: 400, type: "Sender" });
  });

  it("round-trips any tag key and value through form encoding", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), fc.boolean(), (key, value, plusForSpaces) => {
        // Both encoders clients use: RFC 3986 (the SDKs, the CLI) and HTML forms (`+` for spaces).
        const encode = plusForSpaces ? (text: string) => new URLSearchParams({ x: text }).toString().slice(2) : encodeURIComponent;
        const request = parseQueryRequest(`${body("AddTagsToResource", { ResourceName: "r" })}&Tags.Tag.1.Key=${encode(key)}&Tags.Tag.1.Value=${encode(value)}`);
        expect(request.input.Tags).toEqual([{ Key: key, Value: value }]);
      }),
    );
  });
});

describe("parseQueryRequest: required members", () => {
  it("answers a missing required member with MissingParameter in AWS's words", () => {
    const fault = faultOf(body("SwitchoverBlueGreenDeployment", { SwitchoverTimeout: "300" }));
    expect(fault).toMatchObject({ code: "MissingParameter", httpStatus: 400, type: "Sender" });
    expect(fault.message).toBe("The request must contain the parameter BlueGreenDeploymentIdentifier");
  });

  it("checks the first missing member in the model's order", () => {
    expect(faultOf(body("CreateDBInstance", { Engine: "aurora-mysql" })).message).toBe("The request must contain the parameter DBInstanceIdentifier");
  });

  it("counts an empty list as present (the SDK sends `Tags=` for one)", () => {
    expect(parseQueryRequest("Action=AddTagsToResource&Version=2014-10-31&ResourceName=r&Tags=").input.Tags).toEqual([]);
    expect(faultOf(body("AddTagsToResource", { ResourceName: "r" })).message).toBe("The request must contain the parameter Tags");
  });

  it("checks required members inside list elements, naming them as on the wire", () => {
    const fault = faultOf(body("DescribeDBInstances", { "Filters.Filter.1.Name": "a", "Filters.Filter.1.Values.Value.1": "x", "Filters.Filter.2.Name": "b" }));
    expect(fault.message).toBe("The request must contain the parameter Filters.Filter.2.Values");
  });
});
