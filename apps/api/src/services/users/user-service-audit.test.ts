import { AuditAction, UserService } from "@acp/proto";
import { describe, expect, it } from "vitest";
import type { UserId } from "../../storage/index.js";
import { storedAuditEvents } from "../../testing/audit-events.js";
import { useTestApi } from "../../testing/test-api.js";
import { testBackends } from "../../testing/test-databases.js";

describe.each(testBackends)("UserService audit trail on $name", (backend) => {
  const api = useTestApi(backend);
  const users = (token: string) => api.client(UserService, token);
  const rpc = (method: string) => `/acp.users.v1.UserService/${method}`;

  it("records a user's creation and a token's issue and revocation, never the token", async () => {
    const created = await users(api.tokens.admin).createUser({ name: "erin" });
    const issued = await users(created.token).createApiToken({ description: "laptop" });
    await users(api.tokens.admin).revokeApiToken({ id: issued.apiToken!.id });

    const erin = created.user!.id as UserId;
    const events = (await storedAuditEvents(api.audit.store)).filter((e) => e.userId === erin);
    expect(events).toEqual([
      expect.objectContaining({
        action: AuditAction.USER_CREATE,
        rpc: rpc("CreateUser"),
        principal: { userId: api.userIds.admin },
      }),
      expect.objectContaining({
        action: AuditAction.TOKEN_ISSUE,
        rpc: rpc("CreateApiToken"),
        principal: { userId: erin },
        apiTokenId: issued.apiToken!.id,
      }),
      expect.objectContaining({
        action: AuditAction.TOKEN_REVOKE,
        rpc: rpc("RevokeApiToken"),
        principal: { userId: api.userIds.admin },
        apiTokenId: issued.apiToken!.id,
      }),
    ]);
    expect(events.every((e) => e.credentialId === "" && e.valueHmac === "" && e.outcome === "ok")).toBe(true);
    const stored = JSON.stringify(events);
    expect(stored).not.toContain(created.token);
    expect(stored).not.toContain(issued.token);
  });
});
