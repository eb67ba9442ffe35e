import * as rdsSdk from "@aws-sdk/client-rds";
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSServiceException, SwitchoverBlueGreenDeploymentCommand, type RDSClient } from "@aws-sdk/client-rds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RdsFault } from "../../../fakes/rds/api/rds-fault.ts";
import { RecordingBackend } from "../../unit/rds-wire/support/recording-backend.ts";
import { startFakeRds, type FakeRdsEndpoint } from "./support/fake-rds-endpoint.ts";

const reported: unknown[] = [];
const backend = new RecordingBackend();
let fake: FakeRdsEndpoint;
let client: RDSClient;

beforeAll(async () => {
  fake = await startFakeRds(backend, { onInternalError: (error) => reported.push(error) });
  // One attempt: a retried 5xx would only repeat the same answer.
  client = fake.client({ maxAttempts: 1 });
});
afterAll(() => fake.stop());

async function faultFromSdk(fault: RdsFault): Promise<RDSServiceException> {
  backend.answer("SwitchoverBlueGreenDeployment", () => {
    throw fault;
  });
  const error = await client.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: "bgd-x" })).catch((e: unknown) => e);
  if (!(error instanceof RDSServiceException)) throw new Error(`expected an RDSServiceException, got ${String(error)}`);
  return error;
}

// The reference's fault table: wire code, HTTP status, and the SDK class that must arrive.
describe.each([
  ["BlueGreenDeploymentAlreadyExistsFault", 400, "BlueGreenDeploymentAlreadyExistsFault"],
  ["BlueGreenDeploymentNotFoundFault", 404, "BlueGreenDeploymentNotFoundFault"],
  ["InvalidBlueGreenDeploymentStateFault", 400, "InvalidBlueGreenDeploymentStateFault"],
  ["SourceDatabaseNotSupportedFault", 400, "SourceDatabaseNotSupportedFault"],
  ["SourceClusterNotSupportedFault", 400, "SourceClusterNotSupportedFault"],
  ["DBClusterParameterGroupNotFound", 404, "DBClusterParameterGroupNotFoundFault"],
  ["DBParameterGroupNotFound", 404, "DBParameterGroupNotFoundFault"],
  ["DBInstanceNotFound", 404, "DBInstanceNotFoundFault"],
  ["DBClusterNotFoundFault", 404, "DBClusterNotFoundFault"],
  ["InvalidDBInstanceState", 400, "InvalidDBInstanceStateFault"],
  ["InvalidDBClusterStateFault", 400, "InvalidDBClusterStateFault"],
])("the wire code %s (HTTP %i)", (code, status, className) => {
  it(`arrives as ${className} with its name, message, status and request id`, async () => {
    const error = await faultFromSdk(new RdsFault(code, `Refused because of <${code}> & more.`, status));
    const ExpectedClass = (rdsSdk as unknown as Record<string, new (...args: never[]) => unknown>)[className]!;
    expect(error).toBeInstanceOf(ExpectedClass);
    expect(error.name).toBe(className);
    expect(error.message).toBe(`Refused because of <${code}> & more.`);
    expect(error.$fault).toBe("client");
    expect(error.$metadata.httpStatusCode).toBe(status);
    expect(error.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // The same id in the header (where the JS SDK reads it) and in the document (where botocore does).
    expect((error as RDSServiceException & { RequestId?: string }).RequestId).toBe(error.$metadata.requestId);
  });
});

describe.each(["InvalidParameterValue", "InvalidParameterCombination", "MissingParameter", "InvalidAction"])("the common code %s", (code) => {
  it("arrives as RDSServiceException named by the code", async () => {
    const error = await faultFromSdk(new RdsFault(code, "Not like that.", 400));
    expect(error.constructor).toBe(RDSServiceException);
    expect(error).toMatchObject({ name: code, message: "Not like that.", $fault: "client", $metadata: { httpStatusCode: 400 } });
  });
});

describe("refusals of the wire layer itself, through the SDK", () => {
  it("a missing required member", async () => {
    const error = await client.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: undefined as unknown as string })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "MissingParameter", message: "The request must contain the parameter BlueGreenDeploymentIdentifier", $metadata: { httpStatusCode: 400 } });
  });

  it("an operation the backend does not implement", async () => {
    const partial = await startFakeRds(new RecordingBackend(["DescribeDBClusters"]));
    try {
      const error = await partial.client().send(new DescribeDBInstancesCommand({})).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "InvalidAction", $metadata: { httpStatusCode: 400 } });
      expect((error as Error).message).toContain("does not implement DescribeDBInstances");
    } finally {
      await partial.stop();
    }
  });

  it("a bug in the backend: 500 InternalFailure from the service side, and the server still answers afterwards", async () => {
    backend.answer("DescribeDBInstances", () => {
      throw new TypeError("x is undefined");
    });
    const error = await client.send(new DescribeDBInstancesCommand({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RDSServiceException);
    expect(error).toMatchObject({ name: "InternalFailure", $fault: "server", $metadata: { httpStatusCode: 500 } });
    expect((error as Error).message).toContain("x is undefined. This is a bug in the fake, not in your request.");
    expect(reported.at(-1)).toBeInstanceOf(TypeError);
    backend.answer("DescribeDBClusters", { DBClusters: [] });
    expect((await client.send(new DescribeDBClustersCommand({}))).DBClusters).toEqual([]);
  });

  it("a 500 is retried by the SDK as it would be against AWS", async () => {
    let calls = 0;
    backend.answer("DescribeDBInstances", () => {
      calls += 1;
      if (calls === 1) throw new Error("first call fails");
      return { DBInstances: [{ DBInstanceIdentifier: "db-1" }] };
    });
    const result = await fake.client({ maxAttempts: 2 }).send(new DescribeDBInstancesCommand({}));
    expect(result.DBInstances).toEqual([{ DBInstanceIdentifier: "db-1" }]);
    expect(result.$metadata.attempts).toBe(2);
  });
});
