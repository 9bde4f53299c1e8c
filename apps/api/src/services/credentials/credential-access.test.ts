import { CredentialService, ProviderType } from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import { type Client, Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { expectCode } from "../../testing/expect-connect-error.js";
import { useTestApi } from "../../testing/test-api.js";
import { testBackends } from "../../testing/test-databases.js";
import { issueApiToken } from "../auth/api-tokens.js";

type Caller = "owner" | "other" | "admin" | "anonymous";
type Rpc = (client: Client<typeof CredentialService>, id: string) => Promise<unknown>;

// Each RPC against a fresh credential of alice's; delete last so it runs on its own row.
const rpcs: Record<string, Rpc> = {
  getCredential: (c, id) => c.getCredential({ lookup: { case: "id", value: id } }),
  getCredentialSecret: (c, id) => c.getCredentialSecret({ id }),
  updateCredential: (c, id) =>
    c.updateCredential({ id, updateMask: create(FieldMaskSchema, { paths: ["description"] }), description: "changed" }),
  deleteCredential: (c, id) => c.deleteCredential({ id }),
  listCredentials: (c) => c.listCredentials({}),
  createCredential: (c) =>
    c.createCredential({
      name: `made-${Math.random().toString(36).slice(2, 8)}`,
      provider: ProviderType.GITHUB,
      secret: "tok",
    }),
};

const expected: Record<Caller, Code | "ok"> = {
  owner: "ok",
  admin: "ok",
  other: Code.NotFound,
  anonymous: Code.Unauthenticated,
};

describe.each(testBackends)("credential access on $name", (backend) => {
  const api = useTestApi(backend);

  const tokenOf = (caller: Caller) =>
    caller === "owner"
      ? api.tokens.alice
      : caller === "other"
        ? api.tokens.bob
        : caller === "admin"
          ? api.tokens.admin
          : undefined;

  for (const [rpc, call] of Object.entries(rpcs)) {
    for (const caller of ["owner", "other", "admin", "anonymous"] as const) {
      const scoped = rpc === "listCredentials" || rpc === "createCredential";
      const outcome = scoped && caller !== "anonymous" ? "ok" : expected[caller];
      it(`${rpc} by ${caller}: ${outcome === "ok" ? "allowed" : Code[outcome]}`, async () => {
        const owned = await api.client(CredentialService, api.tokens.alice).createCredential({
          name: `acl-${rpc.toLowerCase()}-${caller}`,
          provider: ProviderType.GITHUB,
          secret: "ghp_acl",
        });
        const id = owned.credential!.id;
        const client = api.client(CredentialService, tokenOf(caller));
        if (outcome === "ok") {
          const result = await call(client, id);
          if (rpc === "listCredentials") {
            const ids = (result as { credentials: Array<{ id: string }> }).credentials.map((c) => c.id);
            // Listing is scoped to the caller: alice sees hers, bob and the admin see their own only.
            expect(ids.includes(id)).toBe(caller === "owner");
          }
        } else {
          const err = await expectCode(call(client, id), outcome);
          if (outcome === Code.NotFound) {
            // A non-owner learns nothing: the credential is still there, unchanged.
            const after = await api
              .client(CredentialService, api.tokens.alice)
              .getCredential({ lookup: { case: "id", value: id } });
            expect(after.credential?.description).toBe("");
            expect(err.rawMessage).not.toMatch(/permission|owner/i);
          }
        }
      });
    }
  }

  it("a revoked token is refused", async () => {
    const { token } = await issueApiToken(api.store.tokens, api.userIds.bob, "short-lived");
    const client = api.client(CredentialService, token);
    await client.listCredentials({});
    const tokenId = (await api.store.tokens.list(api.userIds.bob)).find((t) => t.description === "short-lived")!.id;
    await api.store.tokens.revoke(tokenId);
    await expectCode(client.listCredentials({}), Code.Unauthenticated);
  });

  it("a malformed Authorization header is Unauthenticated without echoing it", async () => {
    const res = await fetch(`${api.url}/acp.credentials.v1.CredentialService/ListCredentials`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Token hunter2-very-secret" },
      body: "{}",
    });
    const text = await res.text();
    expect(res.status).toBe(401);
    expect(text).toMatch(/unauthenticated/);
    expect(text).not.toContain("hunter2");
  });
});
