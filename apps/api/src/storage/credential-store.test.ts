import { ProviderType } from "@acp/proto";
import { describe, expect, it } from "vitest";
import { credentialInput, secretPatch } from "../testing/credential-test-fixtures.js";
import { testBackends } from "../testing/test-databases.js";
import { steppedClock, useTestStore } from "../testing/test-store.js";
import { byCreateTimeAndId } from "./keyset-page.js";
import type { CredentialRecord, OwnerFilter, ProviderFilter } from "./records.js";
import { NameTakenError } from "./store.js";

const clock = steppedClock();

describe.each(testBackends)("credentials on $name", (backend) => {
  const ctx = useTestStore(backend, { now: clock.now });
  const owner = () => ctx().store.users.create({ name: "alice", admin: false });

  it("inserts and reads back every field", async () => {
    clock.step = 1;
    const alice = await owner();
    const input = credentialInput(alice.id, { allowInsecure: true, summary: new Uint8Array() });
    const inserted = await ctx().store.credentials.insert(input);
    expect(inserted).toEqual({ ...input, createTime: inserted.createTime, updateTime: inserted.createTime });
    expect(inserted.summary).toEqual(new Uint8Array());
    expect(await ctx().store.credentials.get(input.id)).toEqual(inserted);
    expect(await ctx().store.credentials.getByName(alice.id, "prod")).toEqual(inserted);
    expect(await ctx().store.credentials.get("cred_missing")).toBeUndefined();
    expect(await ctx().store.credentials.getByName(alice.id, "other")).toBeUndefined();
  });

  it("keeps names unique per owner only", async () => {
    const alice = await owner();
    const bob = await ctx().store.users.create({ name: "bob", admin: false });
    const { credentials } = ctx().store;
    await credentials.insert(credentialInput(alice.id, { name: "prod" }));
    await credentials.insert(credentialInput(bob.id, { name: "prod" }));
    const error = await credentials.insert(credentialInput(alice.id, { name: "prod" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NameTakenError);
    expect(error).toMatchObject({ entity: "credential", takenName: "prod" });
  });

  it("pages through everyone's credentials in (create time, id) order, even with equal create times", async () => {
    clock.step = 1;
    const alice = await owner();
    const bob = await ctx().store.users.create({ name: "bob", admin: false });
    clock.step = 0;
    const inserted: CredentialRecord[] = [];
    for (let i = 0; i < 7; i++) {
      const ownerId = i % 2 === 0 ? alice.id : bob.id;
      inserted.push(
        await ctx().store.credentials.insert(credentialInput(ownerId, { name: `c${i}`, provider: 1 + (i % 3) })),
      );
    }
    clock.step = 1;
    inserted.push(await ctx().store.credentials.insert(credentialInput(alice.id, { name: "later" })));
    expect(new Set(inserted.slice(0, 7).map((c) => c.createTime.getTime())).size).toBe(1);

    const seen: CredentialRecord[] = [];
    let after: CredentialRecord | undefined;
    for (;;) {
      const page = await ctx().store.credentials.list({
        owner: { all: true },
        provider: { all: true },
        after,
        limit: 3,
      });
      seen.push(...page);
      if (page.length < 3) break;
      after = page[page.length - 1];
    }
    expect(seen.map((c) => c.id)).toEqual([...inserted].sort(byCreateTimeAndId).map((c) => c.id));
    expect(seen.at(-1)?.name).toBe("later");
  });

  it("filters by owner and by provider", async () => {
    const alice = await owner();
    const bob = await ctx().store.users.create({ name: "bob", admin: false });
    const { credentials } = ctx().store;
    const [one, two] = [ProviderType.GITHUB, ProviderType.GITLAB];
    const a1 = await credentials.insert(credentialInput(alice.id, { name: "a1", provider: one }));
    const a2 = await credentials.insert(credentialInput(alice.id, { name: "a2", provider: two }));
    const b1 = await credentials.insert(credentialInput(bob.id, { name: "b1", provider: one }));
    const all = { all: true } as const;
    const ids = async (owner: OwnerFilter, provider: ProviderFilter) =>
      (await credentials.list({ owner, provider, after: undefined, limit: 10 })).map((c) => c.id);
    expect(await ids({ ownerId: alice.id }, all)).toEqual([a1.id, a2.id]);
    expect(await ids(all, { provider: one })).toEqual([a1.id, b1.id]);
    expect(await ids({ ownerId: alice.id }, { provider: two })).toEqual([a2.id]);
    expect(await ids({ ownerId: bob.id }, { provider: two })).toEqual([]);
    expect(await credentials.list({ owner: all, provider: all, after: undefined, limit: 0 })).toEqual([]);
  });

  it("updates only the patched fields and strictly bumps the update time", async () => {
    const alice = await owner();
    const { credentials } = ctx().store;
    const before = await credentials.insert(credentialInput(alice.id));
    clock.step = 0;
    const renamed = await credentials.update(before.id, {
      name: "renamed",
      labels: {},
      revalidated: { url: before.url, email: before.email, allowInsecure: true, summary: before.summary },
    });
    const resealed = await credentials.update(
      before.id,
      secretPatch(renamed!, { keyId: "k2", sealed: new Uint8Array([9]) }),
    );
    clock.step = 1;
    expect(renamed).toEqual({
      ...before,
      name: "renamed",
      labels: {},
      allowInsecure: true,
      updateTime: renamed?.updateTime,
    });
    expect(renamed!.updateTime.getTime()).toBeGreaterThan(before.updateTime.getTime());
    // The clock stood still, yet the second update is still later than the first.
    expect(resealed!.updateTime.getTime()).toBeGreaterThan(renamed!.updateTime.getTime());
    expect(resealed?.secret).toEqual({ keyId: "k2", sealed: new Uint8Array([9]) });
    expect(resealed?.createTime).toEqual(before.createTime);
    expect(await credentials.get(before.id)).toEqual(resealed);
    expect(await credentials.update("cred_missing", { name: "x" })).toBeUndefined();
  });

  it("refuses an update to a taken name with NameTakenError", async () => {
    const alice = await owner();
    const { credentials } = ctx().store;
    await credentials.insert(credentialInput(alice.id, { name: "one" }));
    const two = await credentials.insert(credentialInput(alice.id, { name: "two" }));
    const error = await credentials.update(two.id, { name: "one" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NameTakenError);
    expect(error).toMatchObject({ entity: "credential", takenName: "one" });
    expect((await credentials.get(two.id))?.name).toBe("two");
  });

  it("deletes", async () => {
    const alice = await owner();
    const { credentials } = ctx().store;
    const row = await credentials.insert(credentialInput(alice.id));
    expect(await credentials.delete(row.id)).toBe(true);
    expect(await credentials.delete(row.id)).toBe(false);
    expect(await credentials.get(row.id)).toBeUndefined();
  });

  it("reports the key ids in use", async () => {
    const alice = await owner();
    const { credentials } = ctx().store;
    expect(await credentials.keyIdsInUse()).toEqual([]);
    for (const [name, keyId] of [
      ["a", "k2"],
      ["b", "k1"],
      ["c", "k2"],
    ] as const) {
      await credentials.insert(credentialInput(alice.id, { name, secret: { keyId, sealed: new Uint8Array([1]) } }));
    }
    expect(await credentials.keyIdsInUse()).toEqual(["k1", "k2"]);
  });

  it("lists secrets under other keys and swaps them only while unchanged", async () => {
    const alice = await owner();
    const { credentials } = ctx().store;
    const old = { keyId: "old", sealed: new Uint8Array([1, 1]) };
    const a = await credentials.insert(credentialInput(alice.id, { name: "a", provider: 3, secret: old }));
    const b = await credentials.insert(credentialInput(alice.id, { name: "b", secret: old }));
    await credentials.insert(
      credentialInput(alice.id, { name: "c", secret: { keyId: "new", sealed: new Uint8Array([2]) } }),
    );

    const listed = await credentials.listSealedWithOtherKey("new", 10);
    expect(listed).toEqual(
      [
        { id: a.id, provider: 3, secret: old },
        { id: b.id, provider: 1, secret: old },
      ].sort((x, y) => (x.id < y.id ? -1 : 1)),
    );
    expect(await credentials.listSealedWithOtherKey("new", 1)).toHaveLength(1);

    const next = { keyId: "new", sealed: new Uint8Array([3, 3]) };
    expect(await credentials.replaceSecret(a.id, old, next)).toBe(true);
    expect((await credentials.get(a.id))?.secret).toEqual(next);
    expect((await credentials.get(a.id))?.updateTime).toEqual(a.updateTime);

    // A concurrent update got there first: the swap must lose.
    const concurrent = { keyId: "new", sealed: new Uint8Array([4]) };
    await credentials.update(b.id, secretPatch(b, concurrent));
    expect(await credentials.replaceSecret(b.id, old, next)).toBe(false);
    expect((await credentials.get(b.id))?.secret).toEqual(concurrent);
    // Same key id but different bytes is still a mismatch.
    expect(await credentials.replaceSecret(b.id, { keyId: "new", sealed: new Uint8Array([5]) }, next)).toBe(false);
    expect(await credentials.replaceSecret("cred_missing", old, next)).toBe(false);
    expect(await credentials.listSealedWithOtherKey("new", 10)).toEqual([]);
  });
});
