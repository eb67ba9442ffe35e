import { DBInstanceNotFoundFault, DescribeDBInstancesCommand, RDSServiceException } from "@aws-sdk/client-rds";
import { afterAll, describe, expect, it } from "vitest";
import { RdsFault } from "../../../fakes/rds/api/rds-fault.ts";
import { errorXml } from "../../../fakes/rds/wire/error-response.ts";
import { answerQuery } from "../../../fakes/rds/wire/query-exchange.ts";
import { inMemoryRdsClient } from "./support/in-memory-rds-client.ts";
import { RecordingBackend } from "./support/recording-backend.ts";

const NS = 'xmlns="http://rds.amazonaws.com/doc/2014-10-31/"';

describe("errorXml", () => {
  it("is the Query protocol's ErrorResponse with the wire code, escaped", () => {
    expect(errorXml(new RdsFault("DBInstanceNotFound", "DBInstance <db-1> & co not found.", 404), "req-1")).toBe(
      `<ErrorResponse ${NS}><Error><Type>Sender</Type><Code>DBInstanceNotFound</Code><Message>DBInstance &lt;db-1&gt; &amp; co not found.</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`,
    );
  });

  it("says Receiver for the service's own failures", () => {
    expect(errorXml(new RdsFault("InternalFailure", "boom", 500, "Receiver"), "r")).toContain("<Type>Receiver</Type>");
  });
});

describe("answerQuery", () => {
  const describeInstances = "Action=DescribeDBInstances&Version=2014-10-31&DBInstanceIdentifier=db-1";

  it("answers a fault with its HTTP status and envelope, and a request id", async () => {
    const backend = new RecordingBackend().answer("DescribeDBInstances", () => {
      throw new RdsFault("DBInstanceNotFound", "DBInstance db-1 not found.", 404);
    });
    const answer = await answerQuery(backend, describeInstances, () => {});
    expect(answer.status).toBe(404);
    expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.body).toBe(
      `<ErrorResponse ${NS}><Error><Type>Sender</Type><Code>DBInstanceNotFound</Code><Message>DBInstance db-1 not found.</Message></Error><RequestId>${answer.requestId}</RequestId></ErrorResponse>`,
    );
  });

  it("answers any other error from the backend with 500 InternalFailure that says it is a bug in the fake, and reports it", async () => {
    const reported: Array<[unknown, string | undefined]> = [];
    const backend = new RecordingBackend().answer("DescribeDBInstances", () => {
      throw new TypeError("cannot read properties of undefined");
    });
    const answer = await answerQuery(backend, describeInstances, (error, operation) => reported.push([error, operation]));
    expect(answer.status).toBe(500);
    expect(answer.body).toContain("<Type>Receiver</Type><Code>InternalFailure</Code>");
    expect(answer.body).toContain("while handling DescribeDBInstances: cannot read properties of undefined. This is a bug in the fake, not in your request.");
    expect(reported).toHaveLength(1);
    expect(reported[0]![0]).toBeInstanceOf(TypeError);
    expect(reported[0]![1]).toBe("DescribeDBInstances");
  });

  it("answers an output XML cannot carry as an InternalFailure too", async () => {
    const backend = new RecordingBackend().answer("DescribeDBInstances", { Marker: Number.POSITIVE_INFINITY });
    const answer = await answerQuery(backend, describeInstances, () => {});
    expect(answer.status).toBe(500);
    expect(answer.body).toContain("Marker is Infinity");
  });

  it("refuses an operation the backend does not implement without calling it", async () => {
    const backend = new RecordingBackend(["DescribeDBClusters"]);
    const answer = await answerQuery(backend, describeInstances, () => {});
    expect(answer.status).toBe(400);
    expect(answer.body).toContain("<Code>InvalidAction</Code>");
    expect(answer.body).toContain("does not implement DescribeDBInstances");
    expect(backend.calls).toEqual([]);
  });

  it("does not call the backend for a request it refuses", async () => {
    const backend = new RecordingBackend();
    const answer = await answerQuery(backend, "Action=SwitchoverBlueGreenDeployment&Version=2014-10-31", () => {});
    expect(answer.status).toBe(400);
    expect(answer.body).toContain("<Code>MissingParameter</Code><Message>The request must contain the parameter BlueGreenDeploymentIdentifier</Message>");
    expect(backend.calls).toEqual([]);
  });
});

describe("faults through the SDK's own parser", () => {
  const backend = new RecordingBackend();
  const client = inMemoryRdsClient(backend);
  afterAll(() => client.destroy());

  it("arrive as the modeled exception class, matched on the wire code", async () => {
    backend.answer("DescribeDBInstances", () => {
      throw new RdsFault("DBInstanceNotFound", "DBInstance db-1 not found.", 404);
    });
    const error = await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "db-1" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DBInstanceNotFoundFault);
    expect(error).toMatchObject({ name: "DBInstanceNotFoundFault", message: "DBInstance db-1 not found.", $fault: "client", $metadata: { httpStatusCode: 404 } });
  });

  it("and the common codes as RDSServiceException named by the code", async () => {
    backend.answer("DescribeDBInstances", () => {
      throw new RdsFault("InvalidParameterCombination", "Both or neither.", 400);
    });
    const combination = await client.send(new DescribeDBInstancesCommand({})).catch((e: unknown) => e);
    expect(combination).toBeInstanceOf(RDSServiceException);
    expect(combination).toMatchObject({ name: "InvalidParameterCombination", message: "Both or neither.", $metadata: { httpStatusCode: 400 } });
  });
});
