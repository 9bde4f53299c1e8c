import type { ServiceImpl } from "@connectrpc/connect";
import type { UserService } from "@acp/proto";
import { parseId, type Store, type UserRecord } from "../../storage/index.js";
import { issueApiToken, revokeApiToken } from "../auth/api-tokens.js";
import { type Principal, requireAdmin, requirePrincipal } from "../auth/principal.js";
import { notFound, throwIfViolations } from "../request-errors.js";
import { createUserWithToken } from "./create-user.js";
import { findUser } from "./find-user.js";
import { apiTokenToProto, userToProto } from "./user-to-proto.js";

export function createUserService(store: Store): ServiceImpl<typeof UserService> {
  // Callers manage their own tokens; only admins reach other users'.
  const tokenOwner = async (principal: Principal, ref: string): Promise<UserRecord> => {
    if (ref === "" || ref === principal.user.id || ref === principal.user.name) return principal.user;
    requireAdmin(principal, "manage another user's tokens");
    return findUser(store.users, ref, "user_id");
  };

  return {
    getCurrentUser(_req, ctx) {
      return { user: userToProto(requirePrincipal(ctx).user) };
    },

    async createUser(req, ctx) {
      requireAdmin(requirePrincipal(ctx), "create users");
      const created = await createUserWithToken(store, { name: req.name, admin: req.admin, tokenDescription: "initial token" });
      return { user: userToProto(created.user), token: created.token };
    },

    async listUsers(_req, ctx) {
      requireAdmin(requirePrincipal(ctx), "list users");
      return { users: (await store.users.list()).map(userToProto) };
    },

    async createApiToken(req, ctx) {
      const user = await tokenOwner(requirePrincipal(ctx), req.userId);
      const issued = await issueApiToken(store.tokens, user.id, req.description);
      return { apiToken: apiTokenToProto(issued.record), token: issued.token };
    },

    async listApiTokens(req, ctx) {
      const user = await tokenOwner(requirePrincipal(ctx), req.userId);
      return { apiTokens: (await store.tokens.list(user.id)).map(apiTokenToProto) };
    },

    async revokeApiToken(req, ctx) {
      const principal = requirePrincipal(ctx);
      if (req.id === "") throwIfViolations([{ field: "id", description: "must not be empty" }]);
      const id = parseId("apiToken", req.id);
      const token = id && (await store.tokens.get(id));
      if (!token || (token.userId !== principal.user.id && !principal.user.admin)) throw notFound("API token", req.id);
      return { apiToken: apiTokenToProto(await revokeApiToken(store.tokens, token.id)) };
    },
  };
}
