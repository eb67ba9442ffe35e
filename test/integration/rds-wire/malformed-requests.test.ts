import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RdsHttpServer } from "../../../fakes/rds/wire/rds-http-server.ts";
import { RecordingBackend } from "../../unit/rds-wire/support/recording-backend.ts";
import { errorParts, rawHeadOnly, rawRequest, type RawResponse } from "./support/raw-http.ts";

const MAX_BODY_BYTES = 4096;
const reported: Array<[unknown, string | undefined]> = [];
const backend = new RecordingBackend()
  .answer("DescribeDBClusters", { DBClusters: [{ DBClusterIdentifier: "mydb" }] })
  .answer("DescribeDBInstances", () => {
    throw new Error("the model tripped");
  });
// A small body limit, so the tests pass it without megabytes.
const server = new RdsHttpServer(backend, { maxBodyBytes: MAX_BODY_BYTES, onInternalError: (error, operation) => reported.push([error, operation]) });
let url: string;
let port: number;

beforeAll(async () => {
  ({ url, port } = await server.start());
});
afterAll(() => server.stop());

/** Every answer, good or bad, is XML with a request id in the header that matches the document's. */
function expectEnvelope(response: RawResponse, status: number, code?: string): void {
  expect(response.status).toBe(status);
  expect(response.headers["content-type"]).toBe("text/xml");
  expect(response.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
  expect(response.body).toContain(`<RequestId>${String(response.headers["x-amzn-requestid"])}</RequestId>`);
  if (code !== undefined) {
    expect(response.body).toMatch(/^<ErrorResponse xmlns="http:\/\/rds\.amazonaws\.com\/doc\/2014-10-31\/"><Error><Type>Sender<\/Type>/);
    expect(errorParts(response.body).code).toBe(code);
  }
}

describe("requests the fake refuses, each with the AWS error envelope and a 4xx, never a 500 or a hang", () => {
  it("no Action", async () => {
    expectEnvelope(await rawRequest(url, { body: "Version=2014-10-31&DBClusterIdentifier=x" }), 400, "MissingAction");
  });

  it("an empty body", async () => {
    expectEnvelope(await rawRequest(url, { body: "" }), 400, "MissingAction");
  });

  it("an unknown Action", async () => {
    const response = await rawRequest(url, { body: "Action=LaunchRocket&Version=2014-10-31" });
    expectEnvelope(response, 400, "InvalidAction");
    expect(errorParts(response.body).message).toBe("Could not find operation LaunchRocket for version 2014-10-31");
  });

  it("another API version", async () => {
    expectEnvelope(await rawRequest(url, { body: "Action=DescribeDBClusters&Version=2010-01-01" }), 400, "InvalidAction");
  });

  it("bad percent-encoding", async () => {
    expectEnvelope(await rawRequest(url, { body: "Action=DescribeDBClusters&Version=2014-10-31&DBClusterIdentifier=%E0%A4%A" }), 400, "MalformedQueryString");
  });

  it("a member of the wrong type, named in the message", async () => {
    const response = await rawRequest(url, { body: "Action=DescribeDBClusters&Version=2014-10-31&MaxRecords=twenty" });
    expectEnvelope(response, 400, "InvalidParameterValue");
    expect(errorParts(response.body).message).toContain("MaxRecords");
  });

  it("a missing required member", async () => {
    const response = await rawRequest(url, { body: "Action=DeleteBlueGreenDeployment&Version=2014-10-31&DeleteTarget=true" });
    expectEnvelope(response, 400, "MissingParameter");
    expect(errorParts(response.body).message).toBe("The request must contain the parameter BlueGreenDeploymentIdentifier");
  });

  it("a body larger than the limit, announced by Content-Length: answered before it is sent", async () => {
    const response = await rawHeadOnly(port, `POST / HTTP/1.1\r\nHost: fake\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n`);
    expectEnvelope(response, 400, "RequestEntityTooLarge");
  });

  it("a body larger than the limit, streamed without a length: answered once the limit is passed", async () => {
    const response = await rawRequest(url, {
      headers: { "transfer-encoding": "chunked" },
      body: `Action=DescribeDBClusters&Version=2014-10-31&Marker=${"x".repeat(MAX_BODY_BYTES)}`,
      endBody: false,
    });
    expectEnvelope(response, 400, "RequestEntityTooLarge");
  });

  it("a body that never ends: cut off after the timeout", async () => {
    // Its own server with a short cut-off: the test waits for the answer, whenever it comes, and asserts no duration.
    const impatient = new RdsHttpServer(backend, { bodyTimeoutMs: 200 });
    const { url: impatientUrl } = await impatient.start();
    try {
      const response = await rawRequest(impatientUrl, { headers: { "content-length": "1000" }, body: "Action=DescribeDBClusters&Version=20", endBody: false });
      expectEnvelope(response, 400, "RequestTimeout");
      expect(response.headers.connection).toBe("close");
    } finally {
      await impatient.stop();
    }
  });

  it("a method the Query protocol does not use", async () => {
    const response = await rawRequest(url, { method: "PUT", body: "Action=DescribeDBClusters&Version=2014-10-31" });
    expectEnvelope(response, 405, "InvalidHttpRequest");
    expect(response.headers.allow).toBe("POST, GET");
  });

  it("a backend that throws something other than an RdsFault: 500 InternalFailure, reported, and the server goes on", async () => {
    const response = await rawRequest(url, { body: "Action=DescribeDBInstances&Version=2014-10-31" });
    expect(response.status).toBe(500);
    expect(response.body).toContain("<Type>Receiver</Type><Code>InternalFailure</Code>");
    expect(errorParts(response.body).message).toContain("This is a bug in the fake, not in your request.");
    expect(reported.at(-1)?.[1]).toBe("DescribeDBInstances");
    expectEnvelope(await rawRequest(url, { body: "Action=DescribeDBClusters&Version=2014-10-31" }), 200);
  });
});

describe("requests the fake takes", () => {
  it("a signed POST: the signature is not checked", async () => {
    const response = await rawRequest(url, {
      headers: { authorization: "AWS4-HMAC-SHA256 Credential=x/20240506/us-east-1/rds/aws4_request, SignedHeaders=host, Signature=nonsense", "x-amz-date": "20240506T070809Z" },
      body: "Action=DescribeDBClusters&Version=2014-10-31",
    });
    expectEnvelope(response, 200);
    expect(response.body).toContain("<DBClusters><DBCluster><DBClusterIdentifier>mydb</DBClusterIdentifier></DBCluster></DBClusters>");
  });

  it("a GET with the parameters in the query string", async () => {
    const response = await rawRequest(url, { method: "GET", path: "/?Action=DescribeDBClusters&Version=2014-10-31&MaxRecords=20" });
    expectEnvelope(response, 200);
    expect(response.body).toMatch(/^<DescribeDBClustersResponse xmlns="http:\/\/rds\.amazonaws\.com\/doc\/2014-10-31\/"><DescribeDBClustersResult>/);
    expect(backend.lastInput("DescribeDBClusters")).toEqual({ MaxRecords: 20 });
  });

  it("a POST with parameters in both the query string and the body", async () => {
    await rawRequest(url, { path: "/?Action=DescribeDBClusters", body: "Version=2014-10-31&DBClusterIdentifier=mydb" });
    expect(backend.lastInput("DescribeDBClusters")).toEqual({ DBClusterIdentifier: "mydb" });
  });

  it("a body just under the limit", async () => {
    const prefix = "Action=DescribeDBClusters&Version=2014-10-31&Marker=";
    const response = await rawRequest(url, { body: prefix + "m".repeat(MAX_BODY_BYTES - prefix.length) });
    expectEnvelope(response, 200);
  });

  it("the AWS CLI's content type with a charset", async () => {
    const response = await rawRequest(url, { headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }, body: "Action=DescribeDBClusters&Version=2014-10-31" });
    expectEnvelope(response, 200);
  });
});

describe("stop()", () => {
  it("closes idle keep-alive connections and leaves nothing listening", async () => {
    const own = new RdsHttpServer(new RecordingBackend());
    const { port: ownPort } = await own.start();
    const agent = new http.Agent({ keepAlive: true });
    const idleSocket = await new Promise<net.Socket>((resolve, reject) => {
      const request = http.request({ host: "127.0.0.1", port: ownPort, method: "POST", agent }, (response) => {
        response.resume();
        response.on("end", () => resolve(request.socket!));
      });
      request.on("error", reject);
      request.end("Action=DescribeDBClusters&Version=2014-10-31");
    });
    // The response is complete; the agent keeps the connection open for the next request.
    expect(idleSocket.destroyed).toBe(false);
    const closed = new Promise<void>((resolve) => idleSocket.once("close", () => resolve()));
    await own.stop();
    await closed;
    agent.destroy();
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect(ownPort, "127.0.0.1");
      socket.on("connect", () => {
        socket.destroy();
        resolve("connected");
      });
      socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    });
    expect(refused).toBe("ECONNREFUSED");
  });

  it("can be called twice, and start() twice is refused", async () => {
    const own = new RdsHttpServer(new RecordingBackend());
    await own.start();
    await expect(own.start()).rejects.toThrow("already started");
    await own.stop();
    await own.stop();
  });
});
