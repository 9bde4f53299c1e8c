import { Code } from "@connectrpc/connect";
import type { StatusRewrite } from "./wire-error-status.js";

const marker = "parse binary: ";

/**
 * connect-es reports an unparsable binary request as Internal ("parse binary:
 * …"), before any interceptor runs. That is the client's error, not ours:
 * connect-go and the gRPC spec say InvalidArgument.
 */
export const reclassifyParseError: StatusRewrite = (status) =>
  status.code === Code.Internal && status.message.startsWith(marker)
    ? { code: Code.InvalidArgument, message: `invalid request message: ${status.message.slice(marker.length)}` }
    : status;
