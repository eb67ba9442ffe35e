import {
  AddTagsToResourceCommand,
  BlueGreenDeploymentNotFoundFault,
  DBInstanceNotFoundFault,
  DescribeBlueGreenDeploymentsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  RDSClient,
  RDSServiceException,
  SwitchoverBlueGreenDeploymentCommand,
  type SwitchoverBlueGreenDeploymentCommandInput,
} from "@aws-sdk/client-rds";
import { afterEach, describe, expect, it } from "vitest";
import { RdsFault } from "../../../fakes/rds/api/rds-fault.ts";
import { mockRdsClient } from "../../../fakes/rds/wire/rds-mock-binding.ts";
import { wireOperations } from "../../../fakes/rds/wire/rds-operations.ts";
import { rdsSdkCommands } from "../../../fakes/rds/wire/rds-sdk-commands.ts";
import { RecordingBackend } from "../../unit/rds-wire/support/recording-backend.ts";
import { startFakeRds } from "./support/fake-rds-endpoint.ts";
import { operationSchemas, sampleOf } from "./support/sdk-schema-samples.ts";

const credentials = { accessKeyId: "x", secretAccessKey: "x" };
// Never contacted while mocked: a request that escaped the mock would fail loudly here.
const unreachable = { region: "us-east-1", endpoint: "http://127.0.0.1:9", credentials, maxAttempts: 1 };
const restores: Array<() => void> = [];
afterEach(() => {
  for (const restore of restores.splice(0)) restore();
});

function mocked(backend: RecordingBackend, client?: RDSClient) {
  const stub = mockRdsClient(backend, client, { onInternalError: () => {} });
  restores.push(() => stub.restore());
  return stub;
}

describe("mockRdsClient: RDSClient commands served in process by the backend", () => {
  it("serves every supported operation, input in and output out unchanged", async () => {
    const backend = new RecordingBackend();
    mocked(backend);
    const client = new RDSClient(unreachable);
    for (const operation of wireOperations) {
      const { input: inputSchema, output: outputSchema } = operationSchemas(operation);
      const input = sampleOf(inputSchema, operation) as Record<string, unknown>;
      const output = outputSchema.isUnitSchema() ? {} : (sampleOf(outputSchema, operation) as Record<string, unknown>);
      backend.answer(operation, output);
      const Command = rdsSdkCommands[operation as keyof typeof rdsSdkCommands] as unknown as new (input: unknown) => Parameters<RDSClient["send"]>[0];
      const result = (await client.send(new Command(input))) as unknown as Record<string, unknown>;
      expect(backend.lastInput(operation), operation).toEqual(input);
      const { $metadata, ...data } = result;
      expect(data, operation).toEqual(output);
      expect($metadata).toMatchObject({ httpStatusCode: 200, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), attempts: 1, totalRetryDelay: 0 });
    }
  });

  it("mocks one client instance when given one, leaving others alone", async () => {
    const backend = new RecordingBackend().answer("DescribeDBClusters", { DBClusters: [{ DBClusterIdentifier: "mydb" }] });
    const client = new RDSClient(unreachable);
    mocked(backend, client);
    expect((await client.send(new DescribeDBClustersCommand({}))).DBClusters).toEqual([{ DBClusterIdentifier: "mydb" }]);
    await expect(new RDSClient(unreachable).send(new DescribeDBClustersCommand({}))).rejects.toThrow(/ECONNREFUSED|connect/);
  });

  it("detaches inputs and outputs from the backend's objects, as the wire would", async () => {
    const state = { DBClusters: [{ DBClusterIdentifier: "mydb", TagList: [{ Key: "env", Value: "prod" }] }] };
    const backend = new RecordingBackend().answer("DescribeDBClusters", state);
    mocked(backend);
    const client = new RDSClient(unreachable);
    const first = await client.send(
      new DescribeDBClustersCommand({ Filters: [{ Name: "engine", Values: ["aurora-mysql"] }], Marker: undefined, DBClusterIdentifier: null as unknown as string }),
    );
    first.DBClusters![0]!.TagList![0]!.Value = "changed by the caller";
    expect(state.DBClusters[0]!.TagList[0]!.Value).toBe("prod");
    expect(backend.lastInput("DescribeDBClusters")).toEqual({ Filters: [{ Name: "engine", Values: ["aurora-mysql"] }] });
    expect(Object.keys(backend.lastInput("DescribeDBClusters")!)).toEqual(["Filters"]);
  });

  it("answers operations without a Result element with $metadata alone", async () => {
    mocked(new RecordingBackend().answer("AddTagsToResource", { Stray: "x" }));
    const result = await new RDSClient(unreachable).send(new AddTagsToResourceCommand({ ResourceName: "arn:x", Tags: [] }));
    expect(Object.keys(result)).toEqual(["$metadata"]);
  });
});

describe("mockRdsClient: refusals", () => {
  it("throws an RdsFault as the SDK's modeled exception class", async () => {
    mocked(
      new RecordingBackend().answer("DescribeBlueGreenDeployments", (input) => {
        throw new RdsFault("BlueGreenDeploymentNotFoundFault", `BlueGreenDeploymentIdentifier ${String(input.BlueGreenDeploymentIdentifier)} not found.`, 404);
      }),
    );
    const error = await new RDSClient(unreachable).send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: "bgd-x" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlueGreenDeploymentNotFoundFault);
    expect(error).toMatchObject({ name: "BlueGreenDeploymentNotFoundFault", $fault: "client", message: "BlueGreenDeploymentIdentifier bgd-x not found.", $metadata: { httpStatusCode: 404 } });
  });

  it("refuses a missing required member with MissingParameter, as RDS would", async () => {
    const backend = new RecordingBackend();
    mocked(backend);
    const error = await new RDSClient(unreachable).send(new SwitchoverBlueGreenDeploymentCommand({} as SwitchoverBlueGreenDeploymentCommandInput)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RDSServiceException);
    expect(error).toMatchObject({ name: "MissingParameter", message: "The request must contain the parameter BlueGreenDeploymentIdentifier", $metadata: { httpStatusCode: 400 } });
    expect(backend.calls).toEqual([]);
  });

  it("refuses an operation the backend does not implement with InvalidAction", async () => {
    mocked(new RecordingBackend(["DescribeDBClusters"]));
    const error = await new RDSClient(unreachable).send(new DescribeDBInstancesCommand({})).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "InvalidAction", $metadata: { httpStatusCode: 400 } });
  });

  it("turns any other error into a 500 InternalFailure that says it is a bug in the fake", async () => {
    mocked(
      new RecordingBackend().answer("DescribeDBInstances", () => {
        throw new RangeError("index out of range");
      }),
    );
    const error = await new RDSClient(unreachable).send(new DescribeDBInstancesCommand({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RDSServiceException);
    expect(error).toMatchObject({ name: "InternalFailure", $fault: "server", $metadata: { httpStatusCode: 500 } });
    expect((error as Error).message).toContain("This is a bug in the fake");
  });
});

describe("the same fault in process and over HTTP", () => {
  it.each([
    ["a modeled fault whose code is not its shape name", new RdsFault("DBInstanceNotFound", "DBInstance db-1 not found.", 404), DBInstanceNotFoundFault],
    ["a modeled fault named after its shape", new RdsFault("BlueGreenDeploymentNotFoundFault", "BlueGreenDeploymentIdentifier bgd-1 not found.", 404), BlueGreenDeploymentNotFoundFault],
    ["a common error code", new RdsFault("InvalidParameterCombination", "Cannot use both.", 400), RDSServiceException],
  ] as const)("is the same exception: %s", async (_label, fault, ExpectedClass) => {
    const backend = new RecordingBackend().answer("DescribeDBInstances", () => {
      throw fault;
    });
    const fake = await startFakeRds(backend);
    try {
      const overHttp = (await fake.client({ maxAttempts: 1 }).send(new DescribeDBInstancesCommand({})).catch((e: unknown) => e)) as RDSServiceException;
      const client = new RDSClient(unreachable);
      mocked(backend, client);
      const inProcess = (await client.send(new DescribeDBInstancesCommand({})).catch((e: unknown) => e)) as RDSServiceException;
      expect(overHttp.constructor).toBe(ExpectedClass);
      expect(inProcess.constructor).toBe(ExpectedClass);
      // Everything but the request ids, which are new for every request.
      const comparable = (error: RDSServiceException) => {
        const { RequestId, ...rest } = error as RDSServiceException & { RequestId?: string };
        return { ...rest, $metadata: { ...error.$metadata, requestId: "id" }, hasRequestId: RequestId === error.$metadata.requestId };
      };
      expect(comparable(inProcess)).toEqual(comparable(overHttp));
      expect(Object.keys(inProcess).sort()).toEqual(Object.keys(overHttp).sort());
      expect(overHttp.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await fake.stop();
    }
  });
});
