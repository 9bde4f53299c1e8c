import type { Interceptor } from "@connectrpc/connect";
import { type Authenticator, authenticateBearer, principalKey } from "../../services/index.js";

/**
 * Every RPC of a guarded service runs with a caller established from its
 * bearer token. The node handler normally established it from the headers
 * before the body was read; a request it could not admit arrives here only
 * when connect-es had no body to read (a Connect GET), and is refused here,
 * with the same answer.
 */
export function authInterceptor(auth: Authenticator, isPublic: (typeName: string) => boolean): Interceptor {
  // Not an async function: nearly every call is admitted already, and passes straight through.
  return (next) => (req) => {
    if (isPublic(req.service.typeName) || req.contextValues.get(principalKey) !== undefined) return next(req);
    return authenticateBearer(auth, req.header.get("authorization")).then((principal) => {
      req.contextValues.set(principalKey, principal);
      return next(req);
    });
  };
}
