import http from "node:http";
import net from "node:net";

export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/**
 * One HTTP request as an arbitrary client might send it, without the SDK's care. With `endBody:
 * false` the body is written but never finished, as a stalled or malicious client would.
 */
export function rawRequest(
  url: string,
  request: { method?: string; path?: string; headers?: http.OutgoingHttpHeaders; body?: string | Buffer; endBody?: boolean },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      new URL(request.path ?? "/", url),
      { method: request.method ?? "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...request.headers }, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") });
          outgoing.destroy();
        });
      },
    );
    outgoing.on("error", reject);
    if (request.body !== undefined) outgoing.write(request.body);
    if (request.endBody !== false) outgoing.end();
  });
}

/** Writes `head` (request line and headers, nothing more) on a bare socket and reads one whole response. */
export function rawHeadOnly(port: number, head: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(head));
    let received = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const text = received.toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      if (split === -1) return;
      const [statusLine, ...headerLines] = text.slice(0, split).split("\r\n");
      const headers: http.IncomingHttpHeaders = {};
      for (const line of headerLines) headers[line.slice(0, line.indexOf(":")).toLowerCase()] = line.slice(line.indexOf(":") + 1).trim();
      const body = received.subarray(Buffer.byteLength(text.slice(0, split + 4)));
      if (body.length < Number(headers["content-length"])) return;
      socket.destroy();
      resolve({ status: Number(statusLine!.split(" ")[1]), headers, body: body.toString("utf8") });
    });
    socket.on("error", reject);
  });
}

/** The Code and RequestId of an ErrorResponse document. */
export function errorParts(body: string): { code: string | undefined; message: string | undefined; requestId: string | undefined } {
  return {
    code: /<Code>([^<]*)<\/Code>/.exec(body)?.[1],
    message: /<Message>([^<]*)<\/Message>/.exec(body)?.[1],
    requestId: /<RequestId>([^<]*)<\/RequestId>/.exec(body)?.[1],
  };
}
