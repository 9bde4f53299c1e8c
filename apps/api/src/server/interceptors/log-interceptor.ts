import { performance } from "node:perf_hooks";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import type { Logger } from "../../logging/logger.js";
import { type Principal, principalKey } from "../../services/index.js";

/**
 * One line per RPC with method, code, duration and principal. Only these
 * fields are logged: never messages, headers or payloads, which is what keeps
 * secrets out of logs by construction.
 */
export function logInterceptor(logger: Logger): Interceptor {
  return (next) => async (req) => {
    const start = performance.now();
    let code = "ok";
    try {
      return await next(req);
    } catch (err) {
      code = Code[ConnectError.from(err).code] ?? "unknown";
      throw err;
    } finally {
      logger.info("rpc", {
        method: `/${req.service.typeName}/${req.method.name}`,
        protocol: req.requestMethod === "GET" ? "connect-get" : protocolOf(req.header.get("content-type")),
        code: code.replace(/[A-Z]/g, (c, i: number) => (i ? "_" : "") + c.toLowerCase()),
        duration_ms: Math.round((performance.now() - start) * 100) / 100,
        principal: principalId(req.contextValues.get(principalKey)),
      });
    }
  };
}

/** A user's id, or a runner's session id: ids only, never a token. */
function principalId(principal: Principal | undefined): string | undefined {
  if (principal === undefined) return undefined;
  return principal.kind === "user" ? principal.user.id : principal.session.id;
}

function protocolOf(contentType: string | null): string {
  if (!contentType) return "unknown";
  if (contentType.startsWith("application/grpc-web")) return "grpc-web";
  if (contentType.startsWith("application/grpc")) return "grpc";
  return "connect";
}
