import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import type { ApiTokenStore } from "../../storage/store.js";
import { hashApiToken } from "../../services/api-tokens.js";
import { principalKey } from "../principal.js";

const bearer = /^Bearer ([A-Za-z0-9_-]{16,256})$/;

/**
 * Every RPC of a guarded service needs a valid, unrevoked API token. Failures
 * say what is wrong with the header but never echo it.
 */
export function authInterceptor(tokens: ApiTokenStore, isPublic: (typeName: string) => boolean): Interceptor {
  return (next) => async (req) => {
    if (isPublic(req.service.typeName)) return next(req);
    const header = req.header.get("authorization");
    if (!header) {
      throw new ConnectError("missing Authorization header; send \"Authorization: Bearer <token>\"", Code.Unauthenticated);
    }
    const match = bearer.exec(header);
    if (!match) {
      throw new ConnectError("malformed Authorization header; expected \"Bearer <token>\"", Code.Unauthenticated);
    }
    const found = await tokens.authenticate(hashApiToken(match[1]!));
    if (!found) throw new ConnectError("invalid or revoked API token", Code.Unauthenticated);
    req.contextValues.set(principalKey, { user: found.user, tokenId: found.token.id });
    return next(req);
  };
}
