import { Code } from "@connectrpc/connect";
import type { StatusRewrite } from "./wire-error-status.js";

// What the decoders put after these prefixes quotes the request: V8's JSON
// error cites the body's first characters, protobuf-es formats the offending
// value, a key or an enum name. Only schema names (identifiers) are kept.
const binaryMarker = "parse binary: ";
const jsonDecode = /^cannot decode (message|field|enum) ([A-Za-z_][\w.]*) from JSON: /;

/**
 * connect-es reports an unparsable binary request as Internal ("parse binary:
 * …"), before any interceptor runs. That is the client's error, not ours:
 * connect-go and the gRPC spec say InvalidArgument. Either decoder's message
 * is replaced by a fixed one naming at most the schema element, so no byte
 * of the body comes back (to a caller that may not even be authenticated).
 */
export const reclassifyParseError: StatusRewrite = (status) => {
  if (status.code === Code.Internal && status.message.startsWith(binaryMarker))
    return { code: Code.InvalidArgument, message: "invalid request message: not a valid protobuf binary message" };
  const json = status.code === Code.InvalidArgument ? jsonDecode.exec(status.message) : null;
  if (json)
    return { code: Code.InvalidArgument, message: `invalid request message: cannot decode ${json[1]} ${json[2]}` };
  return status;
};
