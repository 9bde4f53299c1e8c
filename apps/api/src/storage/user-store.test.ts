import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { testBackends } from "../testing/test-databases.js";
import { useTestStore } from "../testing/test-store.js";
import { StorageError } from "./storage-error.js";
import { NameTakenError } from "./store.js";

describe.each(testBackends)("users and tokens on $name", (backend) => {
  const ctx = useTestStore(backend);

  it("creates users and finds them by id and name", async () => {
    const { users } = ctx().store;
    const alice = await users.create({ name: "alice", admin: true });
    const bob = await users.create({ name: "bob", admin: false });
    expect(alice.id).toMatch(/^usr_[a-z2-7]{26}$/);
    expect(alice).toMatchObject({ name: "alice", admin: true });
    expect(bob.admin).toBe(false);
    expect(await users.get(alice.id)).toEqual(alice);
    expect(await users.getByName("bob")).toEqual(bob);
    expect(await users.get("usr_missing")).toBeUndefined();
    expect(await users.getByName("carol")).toBeUndefined();
    expect(await users.count()).toBe(2);
    expect((await users.list()).map((u) => u.name).sort()).toEqual(["alice", "bob"]);
  });

  it("round-trips create time to the millisecond", async () => {
    const user = await ctx().store.users.create({ name: "alice", admin: false });
    const read = await ctx().store.users.get(user.id);
    expect(read?.createTime.getTime()).toBe(user.createTime.getTime());
    expect(read?.createTime).toBeInstanceOf(Date);
  });

  it("refuses a taken user name with NameTakenError", async () => {
    await ctx().store.users.create({ name: "alice", admin: false });
    const error = await ctx()
      .store.users.create({ name: "alice", admin: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NameTakenError);
    expect(error).toMatchObject({ entity: "user", takenName: "alice" });
    expect(await ctx().store.users.count()).toBe(1);
  });

  it("creates, lists and authenticates tokens by hash", async () => {
    const { users, tokens } = ctx().store;
    const alice = await users.create({ name: "alice", admin: true });
    const hash = randomBytes(32);
    const token = await tokens.create({ userId: alice.id, description: "laptop", tokenHash: hash });
    expect(token).toMatchObject({ userId: alice.id, description: "laptop", revokeTime: undefined });
    expect(token.id).toMatch(/^tok_[a-z2-7]{26}$/);
    expect(await tokens.get(token.id)).toEqual(token);

    const found = await tokens.authenticate(new Uint8Array(hash));
    expect(found).toEqual({ token, user: alice });
    expect(await tokens.authenticate(randomBytes(32))).toBeUndefined();

    const second = await tokens.create({ userId: alice.id, description: "ci", tokenHash: randomBytes(32) });
    expect((await tokens.list(alice.id)).map((t) => t.id).sort()).toEqual([token.id, second.id].sort());
    expect(await tokens.list("usr_nobody")).toEqual([]);
  });

  it("revokes a token once and stops authenticating it", async () => {
    const { users, tokens } = ctx().store;
    const alice = await users.create({ name: "alice", admin: false });
    const hash = randomBytes(32);
    const token = await tokens.create({ userId: alice.id, description: "", tokenHash: hash });

    const revoked = await tokens.revoke(token.id);
    expect(revoked?.revokeTime).toBeInstanceOf(Date);
    expect(await tokens.authenticate(hash)).toBeUndefined();
    expect(await tokens.get(token.id)).toEqual(revoked);

    const again = await tokens.revoke(token.id);
    expect(again?.revokeTime?.getTime()).toBe(revoked?.revokeTime?.getTime());
    expect(await tokens.revoke("tok_missing")).toBeUndefined();
  });

  it("reports a token for a missing user as a StorageError that names no SQL", async () => {
    const error = await ctx()
      .store.tokens.create({ userId: "usr_missing", description: "x", tokenHash: randomBytes(32) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(
      /^storage operation "tokens.create" failed \((SQLITE_CONSTRAINT_FOREIGNKEY|23503)\)$/,
    );
  });

  it("does not report a token hash collision as a taken name", async () => {
    const alice = await ctx().store.users.create({ name: "alice", admin: false });
    const hash = randomBytes(32);
    await ctx().store.tokens.create({ userId: alice.id, description: "a", tokenHash: hash });
    const error = await ctx()
      .store.tokens.create({ userId: alice.id, description: "b", tokenHash: hash })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
  });
});
