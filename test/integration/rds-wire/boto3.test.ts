import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RdsFault } from "../../../fakes/rds/api/rds-fault.ts";
import { RdsHttpServer } from "../../../fakes/rds/wire/rds-http-server.ts";
import { RecordingBackend } from "../../unit/rds-wire/support/recording-backend.ts";
import { findBoto3Pythons, isolatedAwsEnv, runTool } from "./support/aws-tools.ts";

const pythons = findBoto3Pythons();

// What a boto3 user's script does, printing what it saw as JSON (datetimes as ISO text with their type).
const SCRIPT = String.raw`
import json, os, boto3
rds = boto3.client("rds", endpoint_url=os.environ["FAKE_RDS_URL"], region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
seen = {}
described = rds.describe_blue_green_deployments(Filters=[{"Name": "blue-green-deployment-name", "Values": ["a", "b"]}], MaxRecords=20)
seen["describe"] = described["BlueGreenDeployments"]
seen["createTimeType"] = type(described["BlueGreenDeployments"][0]["CreateTime"]).__name__
seen["marker"] = described.get("Marker")
rds.create_blue_green_deployment(BlueGreenDeploymentName="n", Source="arn:aws:rds:us-east-1:123456789012:cluster:mydb", Tags=[{"Key": "env", "Value": "test"}])
rds.add_tags_to_resource(ResourceName="arn:x", Tags=[])
try:
    rds.switchover_blue_green_deployment(BlueGreenDeploymentIdentifier="bgd-x", SwitchoverTimeout=300)
except rds.exceptions.InvalidBlueGreenDeploymentStateFault as fault:
    seen["fault"] = {"class": type(fault).__name__, "code": fault.response["Error"]["Code"], "message": fault.response["Error"]["Message"],
                     "status": fault.response["ResponseMetadata"]["HTTPStatusCode"], "requestId": fault.response["ResponseMetadata"]["RequestId"]}
try:
    rds.describe_db_instances(DBInstanceIdentifier="db-1")
except rds.exceptions.DBInstanceNotFoundFault as fault:
    seen["notFound"] = {"class": type(fault).__name__, "code": fault.response["Error"]["Code"], "status": fault.response["ResponseMetadata"]["HTTPStatusCode"]}
seen["tags"] = rds.list_tags_for_resource(ResourceName="arn:x")["TagList"]
seen["clusters"] = rds.describe_db_clusters()["DBClusters"]
print(json.dumps(seen, default=lambda value: value.isoformat()))
`;

const TRICKY = "quotes \" ' <tags> & ampersands, é, 🐬, tab\t, CRLF\r\nend";

if ("missing" in pythons) {
  console.warn(`Skipping the boto3 tests: ${pythons.missing}`);
  describe("boto3 against RdsHttpServer", () => {
    it.skip(`skipped: ${pythons.missing}`, () => {});
  });
} else {
  const backend = new RecordingBackend()
    .answer("DescribeBlueGreenDeployments", {
      BlueGreenDeployments: [
        {
          BlueGreenDeploymentIdentifier: "bgd-1",
          Status: "AVAILABLE",
          SwitchoverDetails: [{ SourceMember: "arn:a", TargetMember: "arn:b", Status: "AVAILABLE" }],
          Tasks: [],
          CreateTime: new Date("2024-05-06T07:08:09.123Z"),
          TagList: [{ Key: "env", Value: "test" }],
        },
      ],
    })
    .answer("CreateBlueGreenDeployment", { BlueGreenDeployment: { BlueGreenDeploymentIdentifier: "bgd-2", Status: "PROVISIONING" } })
    .answer("SwitchoverBlueGreenDeployment", () => {
      throw new RdsFault("InvalidBlueGreenDeploymentStateFault", "Not available yet.", 400);
    })
    .answer("DescribeDBInstances", () => {
      throw new RdsFault("DBInstanceNotFound", "DBInstance db-1 not found.", 404);
    })
    .answer("ListTagsForResource", { TagList: [{ Key: "k", Value: TRICKY }] })
    .answer("DescribeDBClusters", {
      DBClusters: [{ DBClusterIdentifier: "mydb", Port: 3306, StorageEncrypted: true, DBClusterMembers: [{ DBInstanceIdentifier: "i-1", IsClusterWriter: true }] }],
    });
  const server = new RdsHttpServer(backend);
  let url: string;

  beforeAll(async () => {
    ({ url } = await server.start());
  });
  afterAll(() => server.stop());

  describe.each(pythons.found)("boto3 against RdsHttpServer ($python: $version)", ({ python }) => {
    it("calls, lists, dates, tags and faults all arrive as boto3 expects", async () => {
      backend.calls.length = 0;
      const result = await runTool(python, ["-c", SCRIPT], isolatedAwsEnv({ FAKE_RDS_URL: url }));
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const seen = JSON.parse(result.stdout) as Record<string, unknown>;

      expect(seen.describe).toEqual([
        {
          BlueGreenDeploymentIdentifier: "bgd-1",
          Status: "AVAILABLE",
          SwitchoverDetails: [{ SourceMember: "arn:a", TargetMember: "arn:b", Status: "AVAILABLE" }],
          Tasks: [],
          CreateTime: "2024-05-06T07:08:09.123000+00:00",
          TagList: [{ Key: "env", Value: "test" }],
        },
      ]);
      expect(seen.createTimeType).toBe("datetime");
      expect(seen.marker).toBeNull();
      expect(seen.fault).toMatchObject({ class: "InvalidBlueGreenDeploymentStateFault", code: "InvalidBlueGreenDeploymentStateFault", message: "Not available yet.", status: 400 });
      expect((seen.fault as { requestId: string }).requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(seen.notFound).toEqual({ class: "DBInstanceNotFoundFault", code: "DBInstanceNotFound", status: 404 });
      expect(seen.tags).toEqual([{ Key: "k", Value: TRICKY }]);
      expect(seen.clusters).toEqual([{ DBClusterIdentifier: "mydb", Port: 3306, StorageEncrypted: true, DBClusterMembers: [{ DBInstanceIdentifier: "i-1", IsClusterWriter: true }] }]);

      const inputs = Object.fromEntries(backend.calls.map((call) => [call.operation, call.input]));
      expect(inputs.DescribeBlueGreenDeployments).toEqual({ Filters: [{ Name: "blue-green-deployment-name", Values: ["a", "b"] }], MaxRecords: 20 });
      expect(inputs.CreateBlueGreenDeployment).toEqual({ BlueGreenDeploymentName: "n", Source: "arn:aws:rds:us-east-1:123456789012:cluster:mydb", Tags: [{ Key: "env", Value: "test" }] });
      expect(inputs.AddTagsToResource).toEqual({ ResourceName: "arn:x", Tags: [] });
      expect(inputs.SwitchoverBlueGreenDeployment).toEqual({ BlueGreenDeploymentIdentifier: "bgd-x", SwitchoverTimeout: 300 });
    });
  });
}
