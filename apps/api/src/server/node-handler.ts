import type * as http from "node:http";
import type * as http2 from "node:http2";
import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import {
  Code,
  ConnectError,
  type ConnectRouter,
  type ConnectRouterOptions,
  type ContextValues,
  createConnectRouter,
  createContextValues,
} from "@connectrpc/connect";
import type { UniversalHandler, UniversalServerRequest, UniversalServerResponse } from "@connectrpc/connect/protocol";
import { codeFromHttpStatus, codeToString } from "@connectrpc/connect/protocol-connect";
import {
  compressionBrotli,
  compressionGzip,
  universalRequestFromNodeRequest,
  universalResponseToNodeResponse,
} from "@connectrpc/connect-node";
import type { LogFields, Logger } from "../logging/logger.js";
import { type Principal, peerKey, principalKey } from "../services/index.js";
import { tapChunks } from "./chunk-tap.js";
import { universalRequestFromHttp2 } from "./http2-universal-request.js";
import { sanitizeInternalStatus } from "./internal-error-status.js";
import { guardJsonDepth } from "./json-depth-guard.js";
import { reclassifyParseError } from "./parse-error-status.js";
import { createByteBudget } from "./request-byte-budget.js";
import { rewriteErrorStatus, type StatusRewrite, type WireStatus } from "./wire-error-status.js";

export type NodeHandler = (
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
) => void;

export interface NodeHandlerOptions extends ConnectRouterOptions {
  readonly routes: (router: ConnectRouter) => void;
  readonly logger: Logger;
  /**
   * The caller, from the headers alone (undefined for a public service);
   * throws a ConnectError to refuse. It runs before any byte of the body is
   * read, so a caller without a token cannot make the server buffer or parse.
   */
  readonly admit: (service: string, authorization: string | null) => Promise<Principal | undefined>;
  /** Deepest JSON nesting a request may have; checked on the bytes, before parsing. */
  readonly maxJsonDepth: number;
  /** Request bytes all calls in flight may hold together. */
  readonly maxBufferedRequestBytes: number;
}

/**
 * connectNodeAdapter, plus: admission on the headers before the body, a JSON
 * depth check before parsing, one step between the router and the wire (see
 * rewriteErrorStatus), and exactly one "rpc" log line per call with the code
 * the client really received, whether the call reached a handler or was
 * refused by the protocol layer (a parse error, 415, a size limit) or by
 * serialization.
 */
export function createNodeHandler(options: NodeHandlerOptions): NodeHandler {
  const { routes, logger, admit, maxJsonDepth, maxBufferedRequestBytes, ...routerOptions } = options;
  const budget = createByteBudget(maxBufferedRequestBytes);
  const readMaxBytes = routerOptions.readMaxBytes ?? Number.MAX_SAFE_INTEGER;
  // Compressed requests are read; answers go out uncompressed. An answer
  // carries secrets beside text a caller can choose (a credential's name,
  // its notes), and compressing both under TLS lets the length tell the
  // secret byte by byte (BREACH); the few kilobytes saved are not worth it.
  const router = createConnectRouter({
    acceptCompression: [compressionGzip, compressionBrotli],
    compressMinBytes: Number.POSITIVE_INFINITY,
    ...routerOptions,
  });
  routes(router);
  const paths = new Map<string, UniversalHandler>(router.handlers.map((h) => [h.requestPath, h]));
  return (req, res) => {
    const start = performance.now();
    const protocol = req.method === "GET" ? "connect-get" : protocolOf(req.headers["content-type"]);
    const handler = paths.get(req.url?.split("?", 2)[0] ?? "");
    if (!handler) return rejectRequest(logger, res, { reason: "unknown path", protocol, code: "unimplemented" }, 404);
    const contextValues = createContextValues().set(peerKey, peerOf(req.socket));
    let uReq: UniversalServerRequest;
    try {
      uReq =
        "stream" in req
          ? universalRequestFromHttp2(req, contextValues)
          : universalRequestFromNodeRequest(req, res as http.ServerResponse, undefined, contextValues);
    } catch {
      // A Host or :authority that makes no URL: thrown out of this listener, it would end the process.
      return rejectRequest(logger, res, { reason: "malformed authority", protocol, code: "invalid_argument" }, 400);
    }
    const method = `/${handler.service.typeName}/${handler.method.name}`;
    let status: WireStatus | undefined;
    const sanitize = sanitizeInternalStatus(logger, handler.method.name);
    const rewrite: StatusRewrite = (s) => {
      status = sanitize(reclassifyParseError(s));
      return status;
    };
    let logged = false;
    const log = (code: string, extra?: LogFields) => {
      if (logged) return;
      logged = true;
      logger.info("rpc", {
        method,
        protocol,
        code,
        duration_ms: Math.round((performance.now() - start) * 100) / 100,
        principal: principalId(contextValues.get(principalKey)),
        ...extra,
      });
    };
    let release = () => {};
    admitted(uReq, handler.service.typeName, contextValues)
      .then(({ request, done }) => {
        release = done;
        return handler(request);
      })
      .then((uRes) => rewriteErrorStatus(uRes, rewrite))
      .then((uRes) =>
        universalResponseToNodeResponse(
          onEnd(uRes, (complete) => {
            release();
            if (!complete) return log("canceled");
            if (status) return log(codeToString(status.code));
            if (uRes.status < 300) return log("ok");
            log(codeToString(codeFromHttpStatus(uRes.status)), { http_status: uRes.status });
          }),
          res as http.ServerResponse,
        ),
      )
      .catch((reason: unknown) => {
        release();
        // Whatever failed, the client must not be left waiting on an open response.
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/json" });
          res.end('{"code":"internal","message":"internal error"}');
        } else if ("stream" in res) {
          res.stream.destroy();
        } else {
          res.destroy();
        }
        const code = ConnectError.from(reason).code;
        log(code === Code.Aborted || code === Code.Canceled ? "canceled" : "internal");
        if (code === Code.Aborted) return;
        logger.error("response failed", {
          method: handler.method.name,
          error: reason instanceof Error ? reason.name : typeof reason,
        });
      });
  };

  /**
   * The request as the router gets it: for a refused caller, a body that
   * fails with the refusal on its first read, and no length, so connect-es
   * neither reads nor allocates for it; for an admitted one, its body
   * metered against the budget and behind the depth check. The length is
   * dropped there too: connect-es would allocate all the bytes it promises
   * before the first one arrives.
   */
  async function admitted(
    uReq: UniversalServerRequest,
    service: string,
    contextValues: ContextValues,
  ): Promise<{ request: UniversalServerRequest; done: () => void }> {
    // Edited in place: either builder above makes these headers for this request alone.
    const header = uReq.header;
    const length = Number(header.get("content-length") ?? 0);
    header.delete("content-length");
    const refuse = (reason: unknown) => ({ request: { ...uReq, header, body: failing(reason) }, done: () => {} });
    try {
      contextValues.set(principalKey, await admit(service, uReq.header.get("authorization")));
    } catch (refusal) {
      return refuse(refusal);
    }
    if (length > readMaxBytes)
      return refuse(
        new ConnectError(
          `message size ${length} is larger than configured readMaxBytes ${readMaxBytes}`,
          Code.ResourceExhausted,
        ),
      );
    const metered = budget.meter(uReq.body as AsyncIterable<Uint8Array>);
    const type = header.get("content-type") ?? "";
    const plainJson = type.endsWith("json") && (header.get("content-encoding") ?? "identity") === "identity";
    const body = plainJson
      ? guardJsonDepth(metered.body, maxJsonDepth, !type.startsWith("application/json"))
      : metered.body;
    return { request: { ...uReq, header, body }, done: metered.release };
  }
}

/** Answers a request connect-es never sees; what the caller sent (a path, a host) is not logged. */
function rejectRequest(
  logger: Logger,
  res: http.ServerResponse | http2.Http2ServerResponse,
  fields: { readonly reason: string; readonly protocol: string; readonly code: string },
  httpStatus: number,
): void {
  logger.info("request rejected", { ...fields, http_status: httpStatus });
  res.writeHead(httpStatus);
  res.end();
}

// biome-ignore lint/correctness/useYield: it exists to fail on the first read.
async function* failing(reason: unknown): AsyncIterable<Uint8Array> {
  throw reason;
}

/** Calls done once the response body is written (true) or abandoned (false). */
function onEnd(res: UniversalServerResponse, done: (complete: boolean) => void): UniversalServerResponse {
  if (!res.body) {
    done(true);
    return res;
  }
  return { ...res, body: tapChunks(res.body, { end: done }) };
}

/** "address:port" of the other end, as the audit trail records it. */
function peerOf(socket: Socket): string {
  const address = socket.remoteAddress ?? "";
  const host = address.includes(":") ? `[${address}]` : address;
  return socket.remotePort === undefined ? host : `${host}:${socket.remotePort}`;
}

/** A user's id, or a runner's session id: ids only, never a token. */
function principalId(principal: Principal | undefined): string | undefined {
  if (principal === undefined) return undefined;
  return principal.kind === "user" ? principal.user.id : principal.session.id;
}

function protocolOf(contentType: string | undefined): string {
  if (!contentType) return "unknown";
  if (contentType.startsWith("application/grpc-web")) return "grpc-web";
  if (contentType.startsWith("application/grpc")) return "grpc";
  return "connect";
}
