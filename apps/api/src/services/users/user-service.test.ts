import { CredentialService, UserService } from "@acp/proto";
import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { expectCode } from "../../testing/expect-connect-error.js";
import { useTestApi } from "../../testing/test-api.js";
import { testBackends } from "../../testing/test-databases.js";

describe.each(testBackends)("UserService on $name", (backend) => {
  const api = useTestApi(backend);
  const users = (token: string | undefined) => api.client(UserService, token);

  it("tells callers who they are, and refuses anonymous callers", async () => {
    expect((await users(api.tokens.alice).getCurrentUser({})).user).toMatchObject({ name: "alice", admin: false });
    await expectCode(users(undefined).getCurrentUser({}), Code.Unauthenticated);
  });

  it("lets only admins create and list users; the new user's token works at once", async () => {
    await expectCode(users(api.tokens.alice).createUser({ name: "mallory" }), Code.PermissionDenied);
    await expectCode(users(api.tokens.alice).listUsers({}), Code.PermissionDenied);
    const created = await users(api.tokens.admin).createUser({ name: "dave" });
    expect(created.token).toMatch(/^acp_[A-Za-z0-9_-]{43}$/);
    expect((await users(created.token).getCurrentUser({})).user?.name).toBe("dave");
    const names = (await users(api.tokens.admin).listUsers({})).users.map((u) => u.name);
    expect(names).toEqual(expect.arrayContaining(["admin", "alice", "bob", "dave"]));
    await expectCode(users(api.tokens.admin).createUser({ name: "dave" }), Code.AlreadyExists);
    const bad = await expectCode(users(api.tokens.admin).createUser({ name: "Not A Name" }), Code.InvalidArgument);
    expect(bad.rawMessage).toMatch(/^invalid request: name: /);
  });

  it("issues, lists and revokes a caller's own tokens; a revoked token stops working", async () => {
    const issued = await users(api.tokens.bob).createApiToken({ description: "laptop" });
    expect(issued.apiToken).toMatchObject({ userId: api.userIds.bob, description: "laptop" });
    const listed = (await users(api.tokens.bob).listApiTokens({})).apiTokens;
    expect(listed.map((t) => t.id)).toContain(issued.apiToken!.id);
    expect(JSON.stringify(listed.map((t) => t.description))).not.toContain(issued.token);

    const revoked = await users(api.tokens.bob).revokeApiToken({ id: issued.apiToken!.id });
    expect(revoked.apiToken?.revokeTime).toBeDefined();
    await expectCode(api.client(CredentialService, issued.token).listCredentials({}), Code.Unauthenticated);
  });

  it("keeps other users' tokens out of reach unless the caller is an admin", async () => {
    const bobs = await users(api.tokens.bob).createApiToken({ description: "ci" });
    await expectCode(users(api.tokens.alice).listApiTokens({ userId: api.userIds.bob }), Code.PermissionDenied);
    await expectCode(users(api.tokens.alice).createApiToken({ userId: api.userIds.bob }), Code.PermissionDenied);
    await expectCode(users(api.tokens.alice).revokeApiToken({ id: bobs.apiToken!.id }), Code.NotFound);
    const forBob = await users(api.tokens.admin).createApiToken({ userId: api.userIds.bob, description: "by admin" });
    expect(forBob.apiToken?.userId).toBe(api.userIds.bob);
    await users(api.tokens.admin).revokeApiToken({ id: bobs.apiToken!.id });
    await expectCode(users(api.tokens.admin).listApiTokens({ userId: "usr_missing" }), Code.NotFound);
  });
});
