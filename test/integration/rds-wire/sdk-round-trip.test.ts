import {
  AddTagsToResourceCommand,
  CreateBlueGreenDeploymentCommand,
  DescribeBlueGreenDeploymentsCommand,
  DescribeEventsCommand,
  ModifyDBClusterCommand,
  paginateDescribeBlueGreenDeployments,
  type BlueGreenDeployment,
  type RDSClient,
} from "@aws-sdk/client-rds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wireOperations } from "../../../fakes/rds/wire/rds-operations.ts";
import { rdsSdkCommands } from "../../../fakes/rds/wire/rds-sdk-commands.ts";
import { RecordingBackend } from "../../unit/rds-wire/support/recording-backend.ts";
import { startFakeRds, type FakeRdsEndpoint } from "./support/fake-rds-endpoint.ts";
import { operationSchemas, sampleOf } from "./support/sdk-schema-samples.ts";

const backend = new RecordingBackend();
let fake: FakeRdsEndpoint;
let client: RDSClient;

beforeAll(async () => {
  fake = await startFakeRds(backend);
  client = fake.client();
});
afterAll(() => fake.stop());

/** Sends one command by operation name, as the SDK's typed commands would. */
function send(operation: string, input: unknown): Promise<Record<string, unknown>> {
  const Command = rdsSdkCommands[operation as keyof typeof rdsSdkCommands] as unknown as new (input: unknown) => Parameters<RDSClient["send"]>[0];
  return client.send(new Command(input)) as unknown as Promise<Record<string, unknown>>;
}

function withoutMetadata(output: Record<string, unknown>): Record<string, unknown> {
  const { $metadata: _, ...data } = output;
  return data;
}

describe.each(wireOperations)("%s through the real SDK and RdsHttpServer", (operation) => {
  const schemas = operationSchemas(operation);

  it("delivers every input member to the backend in SDK shape, exactly as sent", async () => {
    const input = sampleOf(schemas.input, operation);
    await send(operation, input);
    expect(backend.lastInput(operation)).toEqual(input);
  });

  it("returns every output member to the SDK in its shape", async () => {
    if (schemas.output.isUnitSchema()) {
      backend.answer(operation, { Ignored: "the model output is empty" });
      expect(withoutMetadata(await send(operation, sampleOf(schemas.input, operation)))).toEqual({});
      return;
    }
    const output = sampleOf(schemas.output, operation) as Record<string, unknown>;
    backend.answer(operation, output);
    const result = await send(operation, sampleOf(schemas.input, operation));
    expect(withoutMetadata(result)).toEqual(output);
    expect(result.$metadata).toMatchObject({ httpStatusCode: 200, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });
});

describe("realistic blue/green calls", () => {
  const deployment: BlueGreenDeployment = {
    BlueGreenDeploymentIdentifier: "bgd-abcdefghij123456",
    BlueGreenDeploymentName: "upgrade-mydb",
    Source: "arn:aws:rds:us-east-1:123456789012:cluster:mydb",
    Status: "PROVISIONING",
    SwitchoverDetails: [],
    Tasks: [{ Name: "CREATING_READ_REPLICA_OF_SOURCE", Status: "PENDING" }],
    CreateTime: new Date("2024-05-06T07:08:09.123Z"),
    TagList: [{ Key: "env", Value: "test" }],
  };

  it("creates a deployment: tags arrive as a list, CreateTime comes back as a Date", async () => {
    backend.answer("CreateBlueGreenDeployment", { BlueGreenDeployment: deployment });
    const result = await client.send(
      new CreateBlueGreenDeploymentCommand({
        BlueGreenDeploymentName: "upgrade-mydb",
        Source: "arn:aws:rds:us-east-1:123456789012:cluster:mydb",
        TargetEngineVersion: "8.0.mysql_aurora.3.05.2",
        TargetDBClusterParameterGroupName: "mydb-green-params",
        Tags: [{ Key: "env", Value: "test" }],
      }),
    );
    expect(backend.lastInput("CreateBlueGreenDeployment")).toEqual({
      BlueGreenDeploymentName: "upgrade-mydb",
      Source: "arn:aws:rds:us-east-1:123456789012:cluster:mydb",
      TargetEngineVersion: "8.0.mysql_aurora.3.05.2",
      TargetDBClusterParameterGroupName: "mydb-green-params",
      Tags: [{ Key: "env", Value: "test" }],
    });
    expect(result.BlueGreenDeployment).toEqual(deployment);
    expect(result.BlueGreenDeployment?.CreateTime).toBeInstanceOf(Date);
    expect(result.BlueGreenDeployment?.SwitchoverDetails).toEqual([]);
  });

  it("passes Marker and MaxRecords through, so the SDK's paginator walks the model's pages", async () => {
    const pages: Record<string, { BlueGreenDeployments: BlueGreenDeployment[]; Marker?: string }> = {
      start: { BlueGreenDeployments: [{ ...deployment, BlueGreenDeploymentIdentifier: "bgd-1" }], Marker: "page-2" },
      "page-2": { BlueGreenDeployments: [{ ...deployment, BlueGreenDeploymentIdentifier: "bgd-2" }], Marker: "page-3" },
      "page-3": { BlueGreenDeployments: [{ ...deployment, BlueGreenDeploymentIdentifier: "bgd-3" }] },
    };
    backend.answer("DescribeBlueGreenDeployments", (input) => pages[(input.Marker as string | undefined) ?? "start"]!);
    const seen: string[] = [];
    for await (const page of paginateDescribeBlueGreenDeployments({ client, pageSize: 20 }, {})) {
      seen.push(...(page.BlueGreenDeployments ?? []).map((d) => d.BlueGreenDeploymentIdentifier!));
    }
    expect(seen).toEqual(["bgd-1", "bgd-2", "bgd-3"]);
    const inputs = backend.calls.filter((call) => call.operation === "DescribeBlueGreenDeployments").slice(-3).map((call) => call.input);
    expect(inputs).toEqual([{ MaxRecords: 20 }, { MaxRecords: 20, Marker: "page-2" }, { MaxRecords: 20, Marker: "page-3" }]);
  });

  it("sends filters with their value lists", async () => {
    backend.answer("DescribeBlueGreenDeployments", { BlueGreenDeployments: [] });
    const result = await client.send(
      new DescribeBlueGreenDeploymentsCommand({ Filters: [{ Name: "blue-green-deployment-name", Values: ["bgd-a", "bgd-b"] }, { Name: "source", Values: [] }] }),
    );
    expect(backend.lastInput("DescribeBlueGreenDeployments")).toEqual({
      Filters: [
        { Name: "blue-green-deployment-name", Values: ["bgd-a", "bgd-b"] },
        { Name: "source", Values: [] },
      ],
    });
    expect(result.BlueGreenDeployments).toEqual([]);
  });

  it("sends empty lists, timestamps and fractional numbers in their types", async () => {
    await client.send(new AddTagsToResourceCommand({ ResourceName: "arn:x", Tags: [] }));
    expect(backend.lastInput("AddTagsToResource")).toEqual({ ResourceName: "arn:x", Tags: [] });

    await client.send(new DescribeEventsCommand({ SourceType: "blue-green-deployment", StartTime: new Date("2024-05-06T07:00:00Z"), Duration: 60 }));
    expect(backend.lastInput("DescribeEvents")).toEqual({ SourceType: "blue-green-deployment", StartTime: new Date("2024-05-06T07:00:00Z"), Duration: 60 });

    await client.send(new ModifyDBClusterCommand({ DBClusterIdentifier: "c", ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 2.5 }, ApplyImmediately: false }));
    expect(backend.lastInput("ModifyDBCluster")).toEqual({ DBClusterIdentifier: "c", ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 2.5 }, ApplyImmediately: false });
  });
});
