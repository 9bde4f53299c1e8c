import type * as http from "node:http";
import { Code, ConnectError } from "@connectrpc/connect";
import { getAbortSignalReason, type UniversalClientFn } from "@connectrpc/connect/protocol";

/**
 * connect's HTTP client for HTTP/1.1 on node:http (node:https for an
 * https:// server), for connect's own Connect-protocol transport. It stands
 * in for connect-node's, whose module also loads node:http2, node:zlib and
 * the HTTP/2 session manager: ~6 ms of every acpctl command. HTTP/2 still
 * goes through connect-node (api-clients.ts).
 */
export function createHttp1Client(agent: http.Agent): UniversalClientFn {
  return (req) =>
    new Promise((resolve, reject) => {
      const url = new URL(req.url);
      // Loaded on first use: node:https brings TLS, which a plain http:// server never needs.
      const transport = process.getBuiltinModule(url.protocol === "https:" ? "node:https" : "node:http");
      const headers: Record<string, string> = {};
      req.header.forEach((value, key) => {
        headers[key] = value;
      });
      const request = transport.request(url, { method: req.method, headers, agent });
      const signal = req.signal;
      const fail = (reason: unknown): void => {
        request.destroy();
        reject(reason);
      };
      const onAbort = () => fail(getAbortSignalReason(signal!));
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      request.on("error", (error) => fail(nodeCallError(error)));
      request.on("response", (response) => {
        const header = new Headers();
        for (const [key, value] of Object.entries(response.headers)) {
          for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) header.append(key, one);
        }
        const trailer = new Headers();
        resolve({ status: response.statusCode ?? 0, header, body: responseBody(response, trailer, signal), trailer });
      });
      void sendBody(req.body, request).catch(fail);
    });
}

async function sendBody(body: AsyncIterable<Uint8Array> | undefined, request: http.ClientRequest): Promise<void> {
  if (body !== undefined) for await (const chunk of body) request.write(chunk);
  request.end();
}

async function* responseBody(
  response: http.IncomingMessage,
  trailer: Headers,
  signal: AbortSignal | undefined,
): AsyncIterable<Uint8Array> {
  try {
    for await (const chunk of response) {
      if (signal?.aborted) throw getAbortSignalReason(signal);
      yield chunk as Uint8Array;
    }
  } catch (error) {
    response.destroy();
    throw error instanceof ConnectError ? error : nodeCallError(error);
  }
  for (const [key, value] of Object.entries(response.trailers)) if (value !== undefined) trailer.set(key, value);
}

// Connection failures connect-node reports as Unavailable: the server was
// never reached. describeCallError names the server and suggests a login.
const unreachable = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH"]);

/**
 * A failed request as a ConnectError whose cause is the system error, as
 * connect-node's own client reports it: Unavailable when the server was never
 * reached, Aborted for a connection reset mid-call, Internal otherwise.
 */
export function nodeCallError(error: unknown): ConnectError {
  const code = (error as { code?: unknown } | undefined)?.code;
  const connectCode =
    typeof code === "string" && unreachable.has(code)
      ? Code.Unavailable
      : code === "ECONNRESET"
        ? Code.Aborted
        : Code.Internal;
  const converted = ConnectError.from(error, connectCode);
  if (converted !== error) converted.cause = error;
  return converted;
}
