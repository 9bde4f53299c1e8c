import type { Interceptor } from "@connectrpc/connect";

/** Sets the Authorization header on every call of a connect-node client. */
export function authorizationHeader(authorization: string): Interceptor {
  return (next) => (req) => {
    req.header.set("authorization", authorization);
    return next(req);
  };
}
