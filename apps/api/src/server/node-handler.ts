import type * as http from "node:http";
import type * as http2 from "node:http2";
import type { Socket } from "node:net";
import {
  Code,
  ConnectError,
  type ConnectRouter,
  type ConnectRouterOptions,
  createConnectRouter,
  createContextValues,
} from "@connectrpc/connect";
import type { UniversalHandler } from "@connectrpc/connect/protocol";
import {
  compressionBrotli,
  compressionGzip,
  universalRequestFromNodeRequest,
  universalResponseToNodeResponse,
} from "@connectrpc/connect-node";
import type { Logger } from "../logging/logger.js";
import { peerKey } from "../services/index.js";
import { reclassifyParseError } from "./parse-error-status.js";
import { rewriteErrorStatus } from "./wire-error-status.js";

export type NodeHandler = (
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
) => void;

/**
 * connectNodeAdapter, plus one step between the router and the wire (see
 * rewriteErrorStatus), and failures reported through our logger by name
 * only instead of console.error with the raw reason.
 */
export function createNodeHandler(
  options: ConnectRouterOptions & { routes: (router: ConnectRouter) => void; logger: Logger },
): NodeHandler {
  const { routes, logger, ...routerOptions } = options;
  const router = createConnectRouter({ acceptCompression: [compressionGzip, compressionBrotli], ...routerOptions });
  routes(router);
  const paths = new Map<string, UniversalHandler>(router.handlers.map((h) => [h.requestPath, h]));
  return (req, res) => {
    const handler = paths.get(req.url?.split("?", 2)[0] ?? "");
    if (!handler) {
      res.writeHead(404);
      res.end();
      return;
    }
    const contextValues = createContextValues().set(peerKey, peerOf(req.socket));
    const uReq = universalRequestFromNodeRequest(
      req as http.IncomingMessage,
      res as http.ServerResponse,
      undefined,
      contextValues,
    );
    handler(uReq)
      .then((uRes) => rewriteErrorStatus(uRes, reclassifyParseError))
      .then((uRes) => universalResponseToNodeResponse(uRes, res as http.ServerResponse))
      .catch((reason: unknown) => {
        // Whatever failed, the client must not be left waiting on an open response.
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/json" });
          res.end('{"code":"internal","message":"internal error"}');
        } else if ("stream" in res) {
          res.stream.destroy();
        } else {
          res.destroy();
        }
        if (ConnectError.from(reason).code === Code.Aborted) return;
        logger.error("response failed", {
          method: handler.method.name,
          error: reason instanceof Error ? reason.name : typeof reason,
        });
      });
  };
}

/** "address:port" of the other end, as the audit trail records it. */
function peerOf(socket: Socket): string {
  const address = socket.remoteAddress ?? "";
  const host = address.includes(":") ? `[${address}]` : address;
  return socket.remotePort === undefined ? host : `${host}:${socket.remotePort}`;
}
