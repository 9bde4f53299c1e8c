import { Code, ConnectError, createContextKey, type HandlerContext } from "@connectrpc/connect";
import type { ApiTokenId, UserRecord } from "../../storage/index.js";

/** Who is calling, as established from the bearer token before any handler runs. */
export interface Principal {
  readonly user: UserRecord;
  readonly tokenId: ApiTokenId;
}

export const principalKey = createContextKey<Principal | undefined>(undefined, {
  description: "authenticated caller",
});

export function requirePrincipal(ctx: HandlerContext): Principal {
  const principal = ctx.values.get(principalKey);
  // The auth interceptor guards every authenticated service; reaching here
  // without a principal means a route was registered outside that guard.
  if (!principal) throw new ConnectError("authentication required", Code.Unauthenticated);
  return principal;
}

export function requireAdmin(principal: Principal, action: string): void {
  if (!principal.user.admin) {
    throw new ConnectError(`only an admin may ${action}`, Code.PermissionDenied);
  }
}
