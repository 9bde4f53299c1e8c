import type { Interceptor } from "@connectrpc/connect";
import { authenticateBearer, principalKey } from "../../services/index.js";
import type { ApiTokenStore } from "../../storage/index.js";

/** Every RPC of a guarded service runs with the caller established from its bearer token. */
export function authInterceptor(tokens: ApiTokenStore, isPublic: (typeName: string) => boolean): Interceptor {
  return (next) => async (req) => {
    if (isPublic(req.service.typeName)) return next(req);
    req.contextValues.set(principalKey, await authenticateBearer(tokens, req.header.get("authorization")));
    return next(req);
  };
}
