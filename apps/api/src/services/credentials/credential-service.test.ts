import { CredentialSchema, CredentialService, ProviderType } from "@acp/proto";
import { create, toJsonString } from "@bufbuild/protobuf";
import { FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import type { CredentialId } from "../../storage/index.js";
import { expectCode } from "../../testing/expect-connect-error.js";
import { useTestApi } from "../../testing/test-api.js";
import { testBackends } from "../../testing/test-databases.js";

const mask = (...paths: string[]) => create(FieldMaskSchema, { paths });

describe.each(testBackends)("CredentialService on $name", (backend) => {
  const api = useTestApi(backend);
  const alice = () => api.client(CredentialService, api.tokens.alice);

  it("creates, reads, updates and deletes a credential; the secret is write-only", async () => {
    const { credential } = await alice().createCredential({
      name: "ci-bot",
      provider: ProviderType.GITHUB,
      secret: "ghp_first0000000000000000000000000000",
      description: "CI pushes",
      labels: { team: "infra" },
    });
    expect(credential).toMatchObject({ name: "ci-bot", provider: ProviderType.GITHUB, ownerId: api.userIds.alice });
    expect(toJsonString(CredentialSchema, credential!)).not.toContain("ghp_first");

    const byName = await alice().getCredential({ lookup: { case: "name", value: "ci-bot" } });
    expect(byName.credential?.id).toBe(credential!.id);
    const byId = await alice().getCredential({ lookup: { case: "id", value: credential!.id } });
    expect(byId.credential?.labels).toEqual({ team: "infra" });

    const secret = await alice().getCredentialSecret({ id: credential!.id });
    expect(secret).toMatchObject({
      secret: "ghp_first0000000000000000000000000000",
      provider: ProviderType.GITHUB,
      credentialId: credential!.id,
    });

    const before = (await api.store.credentials.get(credential!.id as CredentialId))!.secret.sealed;
    const updated = await alice().updateCredential({
      id: credential!.id,
      updateMask: mask("secret", "description"),
      secret: "ghp_second000000000000000000000000000",
      description: "rotated",
    });
    expect(updated.credential).toMatchObject({ description: "rotated", name: "ci-bot" });
    expect((await api.store.credentials.get(credential!.id as CredentialId))!.secret.sealed).not.toEqual(before);
    expect((await alice().getCredentialSecret({ id: credential!.id })).secret).toBe(
      "ghp_second000000000000000000000000000",
    );

    await alice().deleteCredential({ id: credential!.id });
    await expectCode(alice().getCredential({ lookup: { case: "id", value: credential!.id } }), Code.NotFound);
  });

  it("refuses a second credential with a name the owner already uses, but not another owner's", async () => {
    const input = { name: "dup", provider: ProviderType.GITLAB, secret: "glpat-aaaaaaaaaaaaaaaaaaaa" };
    await alice().createCredential(input);
    const err = await expectCode(alice().createCredential(input), Code.AlreadyExists);
    expect(err.rawMessage).toMatch(/"dup"/);
    await api.client(CredentialService, api.tokens.bob).createCredential(input);
  });

  it("renaming onto a taken name is AlreadyExists and changes nothing", async () => {
    const a = (await alice().createCredential({ name: "ren-a", provider: ProviderType.GITHUB, secret: "tok-a" }))
      .credential!;
    await alice().createCredential({ name: "ren-b", provider: ProviderType.GITHUB, secret: "tok-b" });
    await expectCode(
      alice().updateCredential({ id: a.id, updateMask: mask("name"), name: "ren-b" }),
      Code.AlreadyExists,
    );
    expect((await alice().getCredential({ lookup: { case: "id", value: a.id } })).credential?.name).toBe("ren-a");
  });

  it("pages in a stable order with a provider filter, and refuses a token reused for another query", async () => {
    const bob = api.client(CredentialService, api.tokens.bob);
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      created.push(
        (
          await bob.createCredential({
            name: `page-${i}`,
            provider: ProviderType.JIRA,
            secret: `tok${i}`,
            url: "https://example.atlassian.net",
            email: "bob@example.com",
          })
        ).credential!.id,
      );
    }
    const seen: string[] = [];
    let pageToken = "";
    let pages = 0;
    do {
      const page = await bob.listCredentials({ pageSize: 2, pageToken, provider: ProviderType.JIRA });
      seen.push(...page.credentials.map((c) => c.id));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken !== "");
    expect(seen).toEqual(created);
    expect(pages).toBe(3);

    const first = await bob.listCredentials({ pageSize: 2, provider: ProviderType.JIRA });
    const err = await expectCode(
      bob.listCredentials({ pageSize: 2, pageToken: first.nextPageToken }),
      Code.InvalidArgument,
    );
    expect(err.rawMessage).toMatch(/page_token/);
    await expectCode(bob.listCredentials({ pageSize: 1001 }), Code.InvalidArgument);
  });

  it("lets only admins list every owner's credentials", async () => {
    await expectCode(alice().listCredentials({ allOwners: true }), Code.PermissionDenied);
    const all = await api
      .client(CredentialService, api.tokens.admin)
      .listCredentials({ allOwners: true, pageSize: 1000 });
    const owners = new Set(all.credentials.map((c) => c.ownerId));
    expect(owners).toEqual(new Set([api.userIds.alice, api.userIds.bob]));
  });

  it("refuses to change the provider through the update mask", async () => {
    const c = (await alice().createCredential({ name: "fixed", provider: ProviderType.GITHUB, secret: "tok" }))
      .credential!;
    const err = await expectCode(
      alice().updateCredential({ id: c.id, updateMask: mask("provider") }),
      Code.InvalidArgument,
    );
    expect(err.rawMessage).toMatch(/provider cannot change/);
    await expectCode(alice().updateCredential({ id: c.id }), Code.InvalidArgument);
  });
});
