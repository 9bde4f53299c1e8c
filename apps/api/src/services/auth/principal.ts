import { Code, ConnectError, createContextKey, type HandlerContext } from "@connectrpc/connect";
import type { ApiTokenId, SessionRecord, UserRecord } from "../../storage/index.js";

/** A person or a script, through an API token. */
export interface UserPrincipal {
  readonly kind: "user";
  readonly user: UserRecord;
  readonly tokenId: ApiTokenId;
}

/** A session's runner, through its runner token: it may read that session's credentials and nothing else. */
export interface RunnerPrincipal {
  readonly kind: "runner";
  readonly session: SessionRecord;
}

/** Who is calling, as established from the bearer token before any handler runs. */
export type Principal = UserPrincipal | RunnerPrincipal;

export const principalKey = createContextKey<Principal | undefined>(undefined, {
  description: "authenticated caller",
});

/** The caller's address as the server saw it, for the audit trail. */
export const peerKey = createContextKey<string>("", { description: "caller address" });

function principalOf(ctx: HandlerContext): Principal {
  const principal = ctx.values.get(principalKey);
  // The auth interceptor guards every authenticated service; reaching here
  // without a principal means a route was registered outside that guard.
  if (!principal) throw new ConnectError("authentication required", Code.Unauthenticated);
  return principal;
}

/** Every RPC but the runner's two: a runner token gets PermissionDenied. */
export function requireUser(ctx: HandlerContext): UserPrincipal {
  const principal = principalOf(ctx);
  if (principal.kind !== "user") {
    throw new ConnectError("a runner token may only read its own session's credentials", Code.PermissionDenied);
  }
  return principal;
}

/** The runner's RPCs: a user token never reads through them. */
export function requireRunner(ctx: HandlerContext): RunnerPrincipal {
  const principal = principalOf(ctx);
  if (principal.kind !== "runner") {
    throw new ConnectError(
      "only a session's runner token may call this; user tokens read secrets with GetCredentialSecret",
      Code.PermissionDenied,
    );
  }
  return principal;
}

export function requireAdmin(principal: UserPrincipal, action: string): void {
  if (!principal.user.admin) {
    throw new ConnectError(`only an admin may ${action}`, Code.PermissionDenied);
  }
}
