import type { ServiceImpl } from "@connectrpc/connect";
import { Code, ConnectError } from "@connectrpc/connect";
import { UserService } from "@acp/proto";
import { NameTakenError, type Store } from "../../storage/store.js";
import { type Principal, requireAdmin, requirePrincipal } from "../../server/principal.js";
import { issueApiToken } from "../api-tokens.js";
import { checkName } from "../resource-name.js";
import { notFound, throwIfViolations } from "../request-errors.js";
import { apiTokenToProto, userToProto } from "./user-to-proto.js";

const maxTokenDescription = 256;

export function createUserService(store: Store): ServiceImpl<typeof UserService> {
  // Callers manage their own tokens; only admins reach other users'.
  const resolveUser = async (principal: Principal, userId: string) => {
    if (userId === "" || userId === principal.user.id) return principal.user;
    requireAdmin(principal, "manage another user's tokens");
    const user = await store.users.get(userId);
    if (!user) throw notFound("user", userId);
    return user;
  };

  return {
    getCurrentUser(_req, ctx) {
      return { user: userToProto(requirePrincipal(ctx).user) };
    },

    async createUser(req, ctx) {
      requireAdmin(requirePrincipal(ctx), "create users");
      throwIfViolations(checkName(req.name));
      try {
        const user = await store.users.create({ name: req.name, admin: req.admin });
        const issued = await issueApiToken(store.tokens, user.id, "initial token");
        return { user: userToProto(user), token: issued.token };
      } catch (err) {
        if (err instanceof NameTakenError) {
          throw new ConnectError(`a user named ${JSON.stringify(req.name)} already exists`, Code.AlreadyExists);
        }
        throw err;
      }
    },

    async listUsers(_req, ctx) {
      requireAdmin(requirePrincipal(ctx), "list users");
      return { users: (await store.users.list()).map(userToProto) };
    },

    async createApiToken(req, ctx) {
      if (req.description.length > maxTokenDescription) {
        throwIfViolations([{ field: "description", description: `must be at most ${maxTokenDescription} characters` }]);
      }
      const user = await resolveUser(requirePrincipal(ctx), req.userId);
      const issued = await issueApiToken(store.tokens, user.id, req.description);
      return { apiToken: apiTokenToProto(issued.record), token: issued.token };
    },

    async listApiTokens(req, ctx) {
      const user = await resolveUser(requirePrincipal(ctx), req.userId);
      return { apiTokens: (await store.tokens.list(user.id)).map(apiTokenToProto) };
    },

    async revokeApiToken(req, ctx) {
      const principal = requirePrincipal(ctx);
      if (req.id === "") throwIfViolations([{ field: "id", description: "must not be empty" }]);
      const token = await store.tokens.get(req.id);
      if (!token || (token.userId !== principal.user.id && !principal.user.admin)) throw notFound("API token", req.id);
      const revoked = await store.tokens.revoke(token.id);
      if (!revoked) throw notFound("API token", req.id);
      return { apiToken: apiTokenToProto(revoked) };
    },
  };
}
