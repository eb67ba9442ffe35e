import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RdsBackend } from "../api/rds-backend.ts";
import { reportInternalError, type InternalErrorListener } from "./internal-error-report.ts";
import { answerQuery, faultAnswer, type QueryAnswer } from "./query-exchange.ts";
import { internalFailure, methodNotAllowed, requestTimeout, requestTooLarge } from "./query-faults.ts";
import { readRequestBody } from "./request-body.ts";

export interface RdsHttpServerOptions {
  /** Default 127.0.0.1: the fake is for this machine's tests, not for a network. */
  host?: string;
  /** Default 0: any free port, read it from start(). */
  port?: number;
  /** Larger bodies get a 400. Default 1 MiB; the biggest real RDS request is a few KiB. */
  maxBodyBytes?: number;
  /** A body not complete this long after its request began is cut off with a 400. Default 10 s. */
  bodyTimeoutMs?: number;
  /** Told about every 500 InternalFailure with its cause. Default: console.error, so a bug in the fake is seen. */
  onInternalError?: InternalErrorListener;
}

export interface RdsEndpoint {
  /** Give this to clients as their endpoint: `new RDSClient({ endpoint: url })`, `aws --endpoint-url url`. */
  readonly url: string;
  readonly port: number;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_BODY_TIMEOUT_MS = 10_000;
// Clients' agents keep idle connections for reuse indefinitely; a request sent on one just as the
// server closes it fails with ECONNRESET. Node's 5 s default makes that race common in long tests,
// a minute makes it rare, and stop() closes every connection anyway.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * The fake RDS control plane over HTTP, speaking the Query protocol that @aws-sdk/client-rds,
 * the AWS CLI and boto3 use: POST / with a form body (or GET with a query string), XML answers.
 *
 * The SigV4 `authorization` header is accepted without verification: the fake runs on the user's
 * machine for the user's tests, holds no secrets, and the credentials are whatever the user
 * configured (often dummies), so checking signatures would only break clients, never protect anything.
 */
export class RdsHttpServer {
  readonly #backend: RdsBackend;
  readonly #host: string;
  readonly #port: number;
  readonly #maxBodyBytes: number;
  readonly #bodyTimeoutMs: number;
  readonly #onInternalError: InternalErrorListener;
  #server: Server | undefined;

  constructor(backend: RdsBackend, options: RdsHttpServerOptions = {}) {
    this.#backend = backend;
    this.#host = options.host ?? "127.0.0.1";
    this.#port = options.port ?? 0;
    this.#maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.#bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
    this.#onInternalError = options.onInternalError ?? reportInternalError;
  }

  async start(): Promise<RdsEndpoint> {
    if (this.#server !== undefined) throw new Error("RdsHttpServer.start(): the server is already started; stop() it first.");
    const server = createServer((request, response) => void this.#serve(request, response));
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.#port, this.#host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.#server = server;
    const { port } = server.address() as AddressInfo;
    const host = this.#host.includes(":") ? `[${this.#host}]` : this.#host;
    return { url: `http://${host}:${port}`, port };
  }

  /** Stops listening and closes every connection, idle or busy; resolves when nothing is left. */
  async stop(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  async #serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // A client may vanish mid-answer; there is nobody left to tell.
    request.on("error", () => {});
    response.on("error", () => {});
    try {
      // Every body is read within the limits, even one about to be refused, so none can hold a socket open.
      const body = await readRequestBody(request, { maxBytes: this.#maxBodyBytes, timeoutMs: this.#bodyTimeoutMs });
      if (body.kind === "aborted") return;
      if (body.kind === "timed-out") {
        send(response, faultAnswer(requestTimeout(this.#bodyTimeoutMs)), { Connection: "close" });
        return;
      }
      if (request.method !== "POST" && request.method !== "GET") {
        send(response, faultAnswer(methodNotAllowed(request.method ?? "")), { Allow: "POST, GET" });
        return;
      }
      if (body.kind === "too-large") {
        send(response, faultAnswer(requestTooLarge(this.#maxBodyBytes)));
        return;
      }
      send(response, await answerQuery(this.#backend, formTextOf(request.url ?? "/", body.text), this.#onInternalError));
    } catch (error) {
      // answerQuery never throws; this is the transport itself failing. Still an answer, never a crash.
      this.#onInternalError(error, undefined);
      send(response, faultAnswer(internalFailure(undefined, error)));
    }
  }
}

/** The Query protocol allows parameters in the URL and in the body; the body's win when both name one. */
function formTextOf(url: string, body: string): string {
  const question = url.indexOf("?");
  const query = question === -1 ? "" : url.slice(question + 1);
  if (query === "") return body;
  return body === "" ? query : `${query}&${body}`;
}

function send(response: ServerResponse, answer: QueryAnswer, extraHeaders: Record<string, string> = {}): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(answer.status, {
    "Content-Type": "text/xml",
    "Content-Length": Buffer.byteLength(answer.body),
    "x-amzn-RequestId": answer.requestId,
    ...extraHeaders,
  });
  response.end(answer.body);
}
