import { randomBytes } from "node:crypto";
import { Code } from "@connectrpc/connect";
import type { Logger } from "../logging/logger.js";
import type { StatusRewrite } from "./wire-error-status.js";

const sanitized = /^internal error \(ref [0-9a-f]{12}\)$/;

/**
 * The error interceptor turns a handler's failure into "internal error (ref
 * …)", but some Internal errors arise outside it: a response that fails to
 * serialize ("Invalid string length"), or connect-es itself. Their raw text
 * never reaches the client; the log line keeps the reference and no detail.
 */
export function sanitizeInternalStatus(logger: Logger, method: string): StatusRewrite {
  return (status) => {
    if (status.code !== Code.Internal || sanitized.test(status.message)) return status;
    const ref = randomBytes(6).toString("hex");
    logger.error("internal error", { ref, method, error: "outside the handler" });
    return { code: Code.Internal, message: `internal error (ref ${ref})` };
  };
}
