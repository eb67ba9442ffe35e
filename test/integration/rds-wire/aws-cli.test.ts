import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RdsFault } from "../../../fakes/rds/api/rds-fault.ts";
import { RdsHttpServer } from "../../../fakes/rds/wire/rds-http-server.ts";
import { RecordingBackend } from "../../unit/rds-wire/support/recording-backend.ts";
import { findAwsCliV2, isolatedAwsEnv, runTool } from "./support/aws-tools.ts";

const cli = findAwsCliV2();

if ("missing" in cli) {
  console.warn(`Skipping the AWS CLI tests: ${cli.missing}`);
  describe("the AWS CLI v2 against RdsHttpServer", () => {
    it.skip(`skipped: ${cli.missing}`, () => {});
  });
} else {
  const aws = cli.found;
  const backend = new RecordingBackend();
  const server = new RdsHttpServer(backend);
  let url: string;

  beforeAll(async () => {
    ({ url } = await server.start());
  });
  afterAll(() => server.stop());

  async function awsRds(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return runTool(aws.path, ["rds", ...args, "--endpoint-url", url, "--output", "json", "--no-cli-pager"], isolatedAwsEnv());
  }

  const deployment = {
    BlueGreenDeploymentIdentifier: "bgd-abcdefghij123456",
    BlueGreenDeploymentName: "upgrade-mydb",
    Source: "arn:aws:rds:us-east-1:123456789012:cluster:mydb",
    Target: "arn:aws:rds:us-east-1:123456789012:cluster:mydb-green-3ud8z6",
    Status: "AVAILABLE",
    SwitchoverDetails: [{ SourceMember: "arn:aws:rds:us-east-1:123456789012:cluster:mydb", TargetMember: "arn:aws:rds:us-east-1:123456789012:cluster:mydb-green-3ud8z6", Status: "AVAILABLE" }],
    Tasks: [{ Name: "CREATING_READ_REPLICA_OF_SOURCE", Status: "COMPLETED" }],
    CreateTime: new Date("2024-05-06T07:08:09.123Z"),
    TagList: [{ Key: "env", Value: "test <&> é" }],
  };

  describe(`the AWS CLI v2 against RdsHttpServer (${aws.version})`, () => {
    it("aws rds describe-blue-green-deployments", async () => {
      backend.answer("DescribeBlueGreenDeployments", { BlueGreenDeployments: [deployment] });
      const result = await awsRds("describe-blue-green-deployments", "--filters", "Name=blue-green-deployment-name,Values=upgrade-mydb,other");
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const output = JSON.parse(result.stdout) as { BlueGreenDeployments: Array<Record<string, unknown>> };
      expect(output.BlueGreenDeployments).toHaveLength(1);
      const [first] = output.BlueGreenDeployments;
      expect(first).toMatchObject({
        BlueGreenDeploymentIdentifier: "bgd-abcdefghij123456",
        SwitchoverDetails: deployment.SwitchoverDetails,
        Tasks: deployment.Tasks,
        TagList: [{ Key: "env", Value: "test <&> é" }],
      });
      // The CLI prints timestamps in ISO 8601 with an offset: the same instant.
      expect(new Date(first!.CreateTime as string).getTime()).toBe(deployment.CreateTime.getTime());
      expect(backend.lastInput("DescribeBlueGreenDeployments")).toMatchObject({ Filters: [{ Name: "blue-green-deployment-name", Values: ["upgrade-mydb", "other"] }] });
    });

    it("aws rds create-blue-green-deployment", async () => {
      backend.answer("CreateBlueGreenDeployment", { BlueGreenDeployment: { ...deployment, Status: "PROVISIONING", Target: undefined } });
      const result = await awsRds(
        "create-blue-green-deployment",
        "--blue-green-deployment-name",
        "upgrade-mydb",
        "--source",
        "arn:aws:rds:us-east-1:123456789012:cluster:mydb",
        "--target-engine-version",
        "8.0.mysql_aurora.3.05.2",
        "--target-db-cluster-parameter-group-name",
        "mydb-green-params",
        "--tags",
        "Key=env,Value=test",
        "Key=team,Value=db",
      );
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(backend.lastInput("CreateBlueGreenDeployment")).toEqual({
        BlueGreenDeploymentName: "upgrade-mydb",
        Source: "arn:aws:rds:us-east-1:123456789012:cluster:mydb",
        TargetEngineVersion: "8.0.mysql_aurora.3.05.2",
        TargetDBClusterParameterGroupName: "mydb-green-params",
        Tags: [
          { Key: "env", Value: "test" },
          { Key: "team", Value: "db" },
        ],
      });
      expect(JSON.parse(result.stdout)).toMatchObject({ BlueGreenDeployment: { Status: "PROVISIONING", BlueGreenDeploymentName: "upgrade-mydb" } });
    });

    it("aws rds switchover-blue-green-deployment and delete-blue-green-deployment --delete-target", async () => {
      backend.answer("SwitchoverBlueGreenDeployment", { BlueGreenDeployment: { ...deployment, Status: "SWITCHOVER_IN_PROGRESS" } });
      const switchover = await awsRds("switchover-blue-green-deployment", "--blue-green-deployment-identifier", "bgd-abcdefghij123456", "--switchover-timeout", "300");
      expect(switchover.code).toBe(0);
      expect(backend.lastInput("SwitchoverBlueGreenDeployment")).toEqual({ BlueGreenDeploymentIdentifier: "bgd-abcdefghij123456", SwitchoverTimeout: 300 });

      backend.answer("DeleteBlueGreenDeployment", { BlueGreenDeployment: { ...deployment, Status: "DELETING", DeleteTime: new Date() } });
      const deletion = await awsRds("delete-blue-green-deployment", "--blue-green-deployment-identifier", "bgd-abcdefghij123456", "--delete-target");
      expect(deletion.code).toBe(0);
      expect(backend.lastInput("DeleteBlueGreenDeployment")).toEqual({ BlueGreenDeploymentIdentifier: "bgd-abcdefghij123456", DeleteTarget: true });
    });

    it("a fault is reported by the CLI with its code and message", async () => {
      backend.answer("SwitchoverBlueGreenDeployment", () => {
        throw new RdsFault("InvalidBlueGreenDeploymentStateFault", "The blue/green deployment can't be switched over because its status is PROVISIONING.", 400);
      });
      const result = await awsRds("switchover-blue-green-deployment", "--blue-green-deployment-identifier", "bgd-abcdefghij123456");
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(
        "An error occurred (InvalidBlueGreenDeploymentStateFault) when calling the SwitchoverBlueGreenDeployment operation: The blue/green deployment can't be switched over because its status is PROVISIONING.",
      );
    });

    it("aws rds describe-db-clusters: named list members come back", async () => {
      backend.answer("DescribeDBClusters", {
        DBClusters: [
          {
            DBClusterIdentifier: "mydb",
            Port: 3306,
            DBClusterMembers: [{ DBInstanceIdentifier: "mydb-instance-1", IsClusterWriter: true, PromotionTier: 1 }],
            VpcSecurityGroups: [{ VpcSecurityGroupId: "sg-1", Status: "active" }],
            ClusterCreateTime: new Date("2024-01-01T00:00:00Z"),
          },
        ],
      });
      const result = await awsRds("describe-db-clusters", "--db-cluster-identifier", "mydb");
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        DBClusters: [
          {
            DBClusterIdentifier: "mydb",
            Port: 3306,
            DBClusterMembers: [{ DBInstanceIdentifier: "mydb-instance-1", IsClusterWriter: true, PromotionTier: 1 }],
            VpcSecurityGroups: [{ VpcSecurityGroupId: "sg-1", Status: "active" }],
          },
        ],
      });
    });
  });
}
