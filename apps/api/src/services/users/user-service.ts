import { AuditAction, UserService } from "@acp/proto";
import type { ServiceImpl } from "@connectrpc/connect";
import { parseId, type Store, type UserRecord } from "../../storage/index.js";
import { type AuditTrail, auditContext } from "../audit/audit-trail.js";
import { issueApiToken, revokeApiToken } from "../auth/api-tokens.js";
import { requireAdmin, requireUser, type UserPrincipal } from "../auth/principal.js";
import { withFieldLimits } from "../check-request.js";
import { notFound, throwIfViolations } from "../request-errors.js";
import { createUserWithToken } from "./create-user.js";
import { findUser } from "./find-user.js";
import { apiTokenToProto, userToProto } from "./user-to-proto.js";

export function createUserService(store: Store, audit: AuditTrail): ServiceImpl<typeof UserService> {
  // Callers manage their own tokens; only admins reach other users'.
  const tokenOwner = async (principal: UserPrincipal, ref: string): Promise<UserRecord> => {
    if (ref === "" || ref === principal.user.id || ref === principal.user.name) return principal.user;
    requireAdmin(principal, "manage another user's tokens");
    return findUser(store.users, ref, "user_id");
  };

  return withFieldLimits(UserService, {
    getCurrentUser(_req, ctx) {
      return { user: userToProto(requireUser(ctx).user) };
    },

    async createUser(req, ctx) {
      requireAdmin(requireUser(ctx), "create users");
      const created = await createUserWithToken(store, {
        name: req.name,
        admin: req.admin,
        tokenDescription: "initial token",
      });
      await audit.record(auditContext(ctx), { action: AuditAction.USER_CREATE, userId: created.user.id });
      return { user: userToProto(created.user), token: created.token };
    },

    async listUsers(_req, ctx) {
      requireAdmin(requireUser(ctx), "list users");
      return { users: (await store.users.list()).map(userToProto) };
    },

    async createApiToken(req, ctx) {
      const user = await tokenOwner(requireUser(ctx), req.userId);
      const issued = await issueApiToken(store.tokens, user.id, req.description);
      await audit.record(auditContext(ctx), {
        action: AuditAction.TOKEN_ISSUE,
        userId: user.id,
        apiTokenId: issued.record.id,
      });
      return { apiToken: apiTokenToProto(issued.record), token: issued.token };
    },

    async listApiTokens(req, ctx) {
      const user = await tokenOwner(requireUser(ctx), req.userId);
      return { apiTokens: (await store.tokens.list(user.id)).map(apiTokenToProto) };
    },

    async revokeApiToken(req, ctx) {
      const principal = requireUser(ctx);
      if (req.id === "") throwIfViolations([{ field: "id", description: "must not be empty" }]);
      const id = parseId("apiToken", req.id);
      const token = id && (await store.tokens.get(id));
      if (!token || (token.userId !== principal.user.id && !principal.user.admin)) throw notFound("API token", req.id);
      const revoked = await revokeApiToken(store.tokens, token.id);
      await audit.record(auditContext(ctx), {
        action: AuditAction.TOKEN_REVOKE,
        userId: revoked.userId,
        apiTokenId: revoked.id,
      });
      return { apiToken: apiTokenToProto(revoked) };
    },
  });
}
