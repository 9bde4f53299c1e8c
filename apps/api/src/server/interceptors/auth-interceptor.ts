import type { Interceptor } from "@connectrpc/connect";
import { type Authenticator, authenticateBearer, principalKey } from "../../services/index.js";

/** Every RPC of a guarded service runs with the caller established from its bearer token. */
export function authInterceptor(auth: Authenticator, isPublic: (typeName: string) => boolean): Interceptor {
  return (next) => async (req) => {
    if (isPublic(req.service.typeName)) return next(req);
    req.contextValues.set(principalKey, await authenticateBearer(auth, req.header.get("authorization")));
    return next(req);
  };
}
