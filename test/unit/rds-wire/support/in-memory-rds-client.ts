import { Readable } from "node:stream";
import { RDSClient } from "@aws-sdk/client-rds";
import type { RdsBackend } from "../../../../fakes/rds/api/rds-backend.ts";
import { answerQuery } from "../../../../fakes/rds/wire/query-exchange.ts";

/**
 * A real RDSClient whose HTTP handler hands the serialized request straight to the wire layer and
 * its XML answer straight back: the SDK's own serializer and parser run, no socket is opened.
 * Fast enough for property tests; RdsHttpServer is covered by the integration tests.
 */
export function inMemoryRdsClient(backend: RdsBackend): RDSClient {
  return new RDSClient({
    region: "us-east-1",
    endpoint: "http://rds.in-memory.invalid",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: { body?: unknown }) {
        const answer = await answerQuery(backend, String(request.body ?? ""), () => {});
        return {
          response: {
            statusCode: answer.status,
            headers: { "content-type": "text/xml", "x-amzn-requestid": answer.requestId },
            body: Readable.from([Buffer.from(answer.body)]),
          },
        };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs: () => ({}),
    },
  });
}
