import * as http2 from "node:http2";

/** One raw answer: what h2load counts, plus the trailers and body it does not look at. */
export interface ProbeAnswer {
  readonly status: number;
  /** From the trailers, or from the headers of a trailers-only answer; undefined outside gRPC. */
  readonly grpcStatus: string | undefined;
  /** The content-encoding response header, if any: the body is then compressed. */
  readonly contentEncoding: string | undefined;
  readonly body: Uint8Array;
}

/**
 * POSTs `body` to `path` with exactly the headers h2load will send, over a
 * connection of its own, and returns the whole answer. h2load checks only
 * the HTTP status, so this is where the body and grpc-status of the very
 * request being timed are seen.
 */
export async function probe(
  url: string,
  path: string,
  headers: Readonly<Record<string, string>>,
  body: Uint8Array,
  timeoutMs = 10_000,
): Promise<ProbeAnswer> {
  const session = http2.connect(url);
  try {
    return await new Promise<ProbeAnswer>((resolve, reject) => {
      session.once("error", reject);
      const request = session.request({ ":method": "POST", ":path": path, ...headers });
      request.setTimeout(timeoutMs, () => request.close(http2.constants.NGHTTP2_CANCEL));
      const chunks: Buffer[] = [];
      let status = 0;
      let grpcStatus: string | undefined;
      let contentEncoding: string | undefined;
      const grpcStatusOf = (h: http2.IncomingHttpHeaders) => {
        const value = h["grpc-status"];
        if (value !== undefined) grpcStatus = String(value);
      };
      request.on("response", (h) => {
        status = Number(h[":status"]);
        contentEncoding = h["content-encoding"];
        grpcStatusOf(h);
      });
      request.on("trailers", grpcStatusOf);
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.once("error", reject);
      request.once("close", () => {
        if (status === 0) reject(new Error(`no answer to ${path} within ${timeoutMs} ms`));
        else resolve({ status, grpcStatus, contentEncoding, body: Buffer.concat(chunks) });
      });
      request.end(body);
    });
  } finally {
    session.close();
  }
}
