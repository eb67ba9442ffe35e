import { ListTagsForResourceCommand } from "@aws-sdk/client-rds";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { escapeXmlText } from "../../../fakes/rds/wire/xml-escaping.ts";
import { successXml } from "../../../fakes/rds/wire/xml-response.ts";
import { inMemoryRdsClient } from "./support/in-memory-rds-client.ts";
import { RecordingBackend } from "./support/recording-backend.ts";

const NS = 'xmlns="http://rds.amazonaws.com/doc/2014-10-31/"';
const METADATA = "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>";

/** The Result element's content, from a whole success document. */
function resultOf(operation: string, output: Record<string, unknown>): string {
  const xml = successXml(operation, output, "req-1");
  const match = new RegExp(`^<${operation}Response ${NS}><${operation}Result>(.*)</${operation}Result>${METADATA}</${operation}Response>$`, "s").exec(xml);
  if (match === null) throw new Error(`not a ${operation} success envelope: ${xml}`);
  return match[1]!;
}

describe("successXml: the envelope", () => {
  it("wraps the result and the request id as RDS does", () => {
    expect(successXml("DescribeDBClusters", { Marker: "m" }, "req-1")).toBe(
      `<DescribeDBClustersResponse ${NS}><DescribeDBClustersResult><Marker>m</Marker></DescribeDBClustersResult>${METADATA}</DescribeDBClustersResponse>`,
    );
  });

  it("has no Result element for operations whose output is empty in the model", () => {
    expect(successXml("AddTagsToResource", {}, "req-1")).toBe(`<AddTagsToResourceResponse ${NS}>${METADATA}</AddTagsToResourceResponse>`);
    expect(successXml("RemoveTagsFromResource", { Ignored: "x" }, "req-1")).toBe(`<RemoveTagsFromResourceResponse ${NS}>${METADATA}</RemoveTagsFromResourceResponse>`);
  });

  it("writes an empty Result for an empty output", () => {
    expect(resultOf("DescribeBlueGreenDeployments", {})).toBe("");
  });
});

describe("successXml: lists take the model's element names", () => {
  it("uses <member> for blue/green deployments, switchover details and tasks, <Tag> for tags", () => {
    const xml = resultOf("DescribeBlueGreenDeployments", {
      BlueGreenDeployments: [
        {
          BlueGreenDeploymentIdentifier: "bgd-1",
          SwitchoverDetails: [{ SourceMember: "arn:a", TargetMember: "arn:b", Status: "AVAILABLE" }],
          Tasks: [{ Name: "CREATING_READ_REPLICA_OF_SOURCE", Status: "COMPLETED" }],
          TagList: [{ Key: "env", Value: "test" }],
        },
      ],
    });
    expect(xml).toBe(
      "<BlueGreenDeployments><member><BlueGreenDeploymentIdentifier>bgd-1</BlueGreenDeploymentIdentifier>" +
        "<SwitchoverDetails><member><SourceMember>arn:a</SourceMember><TargetMember>arn:b</TargetMember><Status>AVAILABLE</Status></member></SwitchoverDetails>" +
        "<Tasks><member><Name>CREATING_READ_REPLICA_OF_SOURCE</Name><Status>COMPLETED</Status></member></Tasks>" +
        "<TagList><Tag><Key>env</Key><Value>test</Value></Tag></TagList></member></BlueGreenDeployments>",
    );
  });

  it("names cluster, member, security group and instance elements as the model does", () => {
    const clusters = resultOf("DescribeDBClusters", {
      DBClusters: [
        {
          DBClusterIdentifier: "c",
          DBClusterMembers: [{ DBInstanceIdentifier: "i", IsClusterWriter: true, PromotionTier: 1 }],
          VpcSecurityGroups: [{ VpcSecurityGroupId: "sg-1", Status: "active" }],
          AvailabilityZones: ["us-east-1a"],
          EnabledCloudwatchLogsExports: ["audit"],
        },
      ],
    });
    expect(clusters).toContain("<DBClusters><DBCluster><DBClusterIdentifier>c</DBClusterIdentifier>");
    expect(clusters).toContain("<DBClusterMembers><DBClusterMember><DBInstanceIdentifier>i</DBInstanceIdentifier><IsClusterWriter>true</IsClusterWriter><PromotionTier>1</PromotionTier></DBClusterMember></DBClusterMembers>");
    expect(clusters).toContain("<VpcSecurityGroups><VpcSecurityGroupMembership>");
    expect(clusters).toContain("<AvailabilityZones><AvailabilityZone>us-east-1a</AvailabilityZone></AvailabilityZones>");
    expect(clusters).toContain("<EnabledCloudwatchLogsExports><member>audit</member></EnabledCloudwatchLogsExports>");

    const instances = resultOf("DescribeDBInstances", {
      DBInstances: [{ DBInstanceIdentifier: "i", Endpoint: { Address: "h", Port: 3306 }, DBParameterGroups: [{ DBParameterGroupName: "p", ParameterApplyStatus: "in-sync" }] }],
    });
    expect(instances).toBe(
      "<DBInstances><DBInstance><DBInstanceIdentifier>i</DBInstanceIdentifier><Endpoint><Address>h</Address><Port>3306</Port></Endpoint>" +
        "<DBParameterGroups><DBParameterGroup><DBParameterGroupName>p</DBParameterGroupName><ParameterApplyStatus>in-sync</ParameterApplyStatus></DBParameterGroup></DBParameterGroups>" +
        "</DBInstance></DBInstances>",
    );
  });

  it("names events, their categories and parameters", () => {
    expect(resultOf("DescribeEvents", { Events: [{ SourceIdentifier: "bgd-1", EventCategories: ["notification"] }] })).toBe(
      "<Events><Event><SourceIdentifier>bgd-1</SourceIdentifier><EventCategories><EventCategory>notification</EventCategory></EventCategories></Event></Events>",
    );
    expect(resultOf("DescribeDBClusterParameters", { Parameters: [{ ParameterName: "binlog_format", IsModifiable: true }] })).toBe(
      "<Parameters><Parameter><ParameterName>binlog_format</ParameterName><IsModifiable>true</IsModifiable></Parameter></Parameters>",
    );
  });

  it("writes an empty list as an empty element", () => {
    expect(resultOf("ListTagsForResource", { TagList: [] })).toBe("<TagList/>");
  });

  it("writes lists the table does not know with <member> elements, so the model can add members", () => {
    expect(resultOf("DescribeDBClusters", { DBClusters: [{ FutureList: [{ A: 1 }, { A: 2 }] }] })).toBe(
      "<DBClusters><DBCluster><FutureList><member><A>1</A></member><member><A>2</A></member></FutureList></DBCluster></DBClusters>",
    );
  });
});

describe("successXml: values", () => {
  it("writes timestamps as ISO 8601, numbers and booleans as text, structures member by member", () => {
    expect(
      resultOf("CreateDBCluster", {
        DBCluster: { ClusterCreateTime: new Date("2024-05-06T07:08:09.123Z"), Port: 3306, StorageEncrypted: false, Capacity: 0.5, Unknown: { Nested: "n" } },
      }),
    ).toBe(
      "<DBCluster><ClusterCreateTime>2024-05-06T07:08:09.123Z</ClusterCreateTime><Port>3306</Port><StorageEncrypted>false</StorageEncrypted>" +
        "<Capacity>0.5</Capacity><Unknown><Nested>n</Nested></Unknown></DBCluster>",
    );
  });

  it("leaves out undefined and null members and the SDK's $metadata", () => {
    expect(resultOf("DescribeDBClusters", { Marker: undefined, DBClusters: null, $metadata: { httpStatusCode: 200 } })).toBe("");
  });

  it("escapes text", () => {
    expect(resultOf("DescribeDBClusters", { Marker: `a<b>&c"d'e\r\nf` })).toBe(`<Marker>a&lt;b&gt;&amp;c"d'e&#xD;\nf</Marker>`);
  });

  it.each([
    ["NaN", { Marker: Number.NaN }, "NaN"],
    ["an invalid Date", { Marker: new Date("nope") }, "invalid Date"],
    ["a function", { Marker: () => 1 }, "function"],
    ["an object for a list", { DBClusters: { not: "a list" } }, "should be an array"],
    ["a name that is no XML name", { "bad name": "x" }, "not a valid XML element name"],
  ])("refuses %s, as a bug in the model", (_label, output, reason) => {
    expect(() => successXml("DescribeDBClusters", output as Record<string, unknown>, "req-1")).toThrow(reason);
  });
});

describe("escapeXmlText", () => {
  it("leaves ordinary text alone and replaces what XML 1.0 cannot carry", () => {
    expect(escapeXmlText("plain text, é 🐬")).toBe("plain text, é 🐬");
    expect(escapeXmlText("a\u0000b\u001Fc\uFFFEd\uD800e")).toBe("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe");
    expect(escapeXmlText("tab\tnewline\n")).toBe("tab\tnewline\n");
  });
});

// 200 SDK round trips each: seconds on a loaded machine, past vitest's 5 s default.
describe("any string survives the trip to XML and through the SDK's own parser", () => {
  const backend = new RecordingBackend();
  const client = inMemoryRdsClient(backend);
  afterAll(() => client.destroy());

  /** What XML can carry of a string: the characters XML 1.0 forbids become U+FFFD. */
  const carried = (text: string) => text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "\uFFFD");
  // The SDK's parser reads an element whose text is only whitespace with a line break as empty
  // (it cannot tell it from indentation); real RDS answers hit the same rule.
  const sdkKeepsIt = (text: string) => !(text.trim() === "" && text.includes("\n"));

  it("tag keys and values", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary" }).filter(sdkKeepsIt), fc.string({ unit: "binary" }).filter(sdkKeepsIt), async (key, value) => {
        backend.answer("ListTagsForResource", { TagList: [{ Key: key, Value: value }] });
        const output = await client.send(new ListTagsForResourceCommand({ ResourceName: "r" }));
        expect(output.TagList).toEqual([{ Key: carried(key), Value: carried(value) }]);
      }),
      { numRuns: 200 },
    );
  }, 30_000);

  it("and through the SDK's serializer on the way in", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary" }), async (text) => {
        await client.send(new ListTagsForResourceCommand({ ResourceName: text }));
        expect(backend.lastInput("ListTagsForResource")).toEqual({ ResourceName: text });
      }),
      { numRuns: 200 },
    );
  }, 30_000);
});
