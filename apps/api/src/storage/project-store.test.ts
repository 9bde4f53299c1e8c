import { BindingTier, ProjectRole, SessionState } from "@acp/proto";
import { describe, expect, it } from "vitest";
import { credentialInput, sessionInput } from "../testing/credential-test-fixtures.js";
import { testBackends } from "../testing/test-databases.js";
import { steppedClock, useTestStore } from "../testing/test-store.js";
import type { BindingRecord, BindingTarget, MemberFilter, ProjectRecord } from "./access-records.js";
import type { UserId } from "./ids.js";
import { byCreateTimeAndId } from "./keyset-page.js";
import { StorageError } from "./storage-error.js";
import { NameTakenError } from "./store.js";

const clock = steppedClock();

describe.each(testBackends)("projects on $name", (backend) => {
  const ctx = useTestStore(backend, { now: clock.now });
  const user = (name: string) => ctx().store.users.create({ name, admin: false });
  const project = (name: string, ownerId: UserId) =>
    ctx().store.projects.insert({ name, description: `${name}!`, ownerId });

  it("creates a project whose creator is its one owner, and finds it by id and name", async () => {
    clock.step = 1;
    const alice = await user("alice");
    const created = await project("web", alice.id);
    expect(created).toEqual({ id: created.id, name: "web", description: "web!", createTime: created.createTime });
    expect(created.id).toMatch(/^prj_[a-z2-7]{26}$/);
    const { projects } = ctx().store;
    expect(await projects.get(created.id)).toEqual(created);
    expect(await projects.getByName("web")).toEqual(created);
    expect(await projects.get("prj_missing")).toBeUndefined();
    expect(await projects.getByName("api")).toBeUndefined();
    const owner = {
      projectId: created.id,
      userId: alice.id,
      userName: "alice",
      role: ProjectRole.OWNER,
      createTime: created.createTime,
    };
    expect(await projects.listMembers(created.id)).toEqual([owner]);
    expect(await projects.getMember(created.id, alice.id)).toEqual(owner);
    expect(await projects.listMembers("prj_missing")).toEqual([]);
  });

  it("refuses a taken name with NameTakenError, and a failed insert leaves neither project nor member", async () => {
    const alice = await user("alice");
    const bob = await user("bob");
    const first = await project("web", alice.id);
    const error = await project("web", bob.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NameTakenError);
    expect(error).toMatchObject({ entity: "project", takenName: "web" });
    expect(await ctx().store.projects.listMembers(first.id)).toHaveLength(1);

    // The project row goes in first; the owner's foreign key fails after it.
    const orphan = await project("api", "usr_missing").catch((e: unknown) => e);
    expect(orphan).toBeInstanceOf(StorageError);
    expect((orphan as Error).message).toMatch(
      /^storage operation "projects.insert" failed \((SQLITE_CONSTRAINT_FOREIGNKEY|23503)\)$/,
    );
    expect(await ctx().store.projects.getByName("api")).toBeUndefined();
    const all = await ctx().store.projects.list({ member: { all: true }, after: undefined, limit: 10 });
    expect(all.map((p) => p.name)).toEqual(["web"]);
  });

  it("pages through all projects, or a member's, in (create time, id) order even with equal create times", async () => {
    clock.step = 1;
    const alice = await user("alice");
    const bob = await user("bob");
    clock.step = 0;
    const created: ProjectRecord[] = [];
    for (let i = 0; i < 7; i++) created.push(await project(`p${i}`, i % 2 === 0 ? alice.id : bob.id));
    clock.step = 1;
    created.push(await project("later", bob.id));
    // Bob also joins one of Alice's projects: membership, not ownership, is what a filter means.
    await ctx().store.projects.setMember(created[0]!.id, bob.id, ProjectRole.VIEWER);

    const pages = async (member: MemberFilter) => {
      const seen: ProjectRecord[] = [];
      let after: ProjectRecord | undefined;
      for (;;) {
        const page = await ctx().store.projects.list({ member, after, limit: 3 });
        seen.push(...page);
        if (page.length < 3) return seen.map((p) => p.name);
        after = page.at(-1);
      }
    };
    const sorted = [...created].sort(byCreateTimeAndId);
    expect(await pages({ all: true })).toEqual(sorted.map((p) => p.name));
    expect(await pages({ memberId: alice.id })).toEqual(
      sorted.filter((p) => ["p0", "p2", "p4", "p6"].includes(p.name)).map((p) => p.name),
    );
    expect(await pages({ memberId: bob.id })).toEqual(
      sorted.filter((p) => ["p0", "p1", "p3", "p5", "later"].includes(p.name)).map((p) => p.name),
    );
    expect(await pages({ memberId: "usr_nobody" })).toEqual([]);
    expect(await ctx().store.projects.list({ member: { all: true }, after: undefined, limit: 0 })).toEqual([]);
  });

  it("adds a member, changes their role keeping their create time, and reports a missing project", async () => {
    clock.step = 1;
    const alice = await user("alice");
    const bob = await user("bob");
    const { projects } = ctx().store;
    const web = await project("web", alice.id);
    const added = await projects.setMember(web.id, bob.id, ProjectRole.VIEWER);
    if (!added.ok) throw new Error("expected the member to be added");
    expect(added.value).toMatchObject({ projectId: web.id, userId: bob.id, userName: "bob", role: ProjectRole.VIEWER });
    const promoted = await projects.setMember(web.id, bob.id, ProjectRole.EDITOR);
    expect(promoted).toEqual({ ok: true, value: { ...added.value, role: ProjectRole.EDITOR } });
    expect(await projects.setMember(web.id, bob.id, ProjectRole.EDITOR)).toEqual(promoted);
    expect((await projects.listMembers(web.id)).map((m) => [m.userName, m.role])).toEqual([
      ["alice", ProjectRole.OWNER],
      ["bob", ProjectRole.EDITOR],
    ]);
    expect(await projects.setMember("prj_missing", bob.id, ProjectRole.VIEWER)).toEqual({
      ok: false,
      reason: "missing",
    });
    expect(await projects.getMember(web.id, "usr_nobody")).toBeUndefined();
  });

  it("never lets the last owner be demoted or removed", async () => {
    const alice = await user("alice");
    const bob = await user("bob");
    const carol = await user("carol");
    const { projects } = ctx().store;
    const web = await project("web", alice.id);
    const lastOwner = { ok: false, reason: "last-owner" };
    expect(await projects.setMember(web.id, alice.id, ProjectRole.EDITOR)).toEqual(lastOwner);
    expect(await projects.removeMember(web.id, alice.id)).toEqual(lastOwner);
    expect(await projects.setMember(web.id, alice.id, ProjectRole.OWNER)).toMatchObject({ ok: true });

    await projects.setMember(web.id, carol.id, ProjectRole.EDITOR);
    await projects.setMember(web.id, bob.id, ProjectRole.OWNER);
    expect(await projects.setMember(web.id, alice.id, ProjectRole.VIEWER)).toMatchObject({ ok: true });
    // Bob is now the last owner, whatever other members there are.
    expect(await projects.removeMember(web.id, bob.id)).toEqual(lastOwner);
    expect(await projects.setMember(web.id, bob.id, ProjectRole.EDITOR)).toEqual(lastOwner);

    const removed = await projects.removeMember(web.id, carol.id);
    expect(removed).toEqual({
      ok: true,
      value: expect.objectContaining({ userId: carol.id, role: ProjectRole.EDITOR }),
    });
    expect(await projects.removeMember(web.id, carol.id)).toEqual({ ok: false, reason: "missing" });
    expect(await projects.removeMember("prj_missing", carol.id)).toEqual({ ok: false, reason: "missing" });
    expect((await projects.listMembers(web.id)).map((m) => [m.userName, m.role])).toEqual([
      ["alice", ProjectRole.VIEWER],
      ["bob", ProjectRole.OWNER],
    ]);
  });

  it("lets exactly one of two owners demoting or removing each other at once succeed", async () => {
    const alice = await user("alice");
    const bob = await user("bob");
    const { projects } = ctx().store;
    // Several rounds, as one interleaving proves little; each round is a fresh pair of owners.
    for (let round = 0; round < 12; round++) {
      const p = await project(`race${round}`, alice.id);
      await projects.setMember(p.id, bob.id, ProjectRole.OWNER);
      const [first, second] =
        round % 2 === 0
          ? await Promise.all([
              projects.setMember(p.id, alice.id, ProjectRole.EDITOR),
              projects.setMember(p.id, bob.id, ProjectRole.VIEWER),
            ])
          : await Promise.all([projects.removeMember(p.id, alice.id), projects.removeMember(p.id, bob.id)]);
      expect([first.ok, second.ok].sort()).toEqual([false, true]);
      expect([first, second].find((r) => !r.ok)).toEqual({ ok: false, reason: "last-owner" });
      const owners = (await projects.listMembers(p.id)).filter((m) => m.role === ProjectRole.OWNER);
      expect(owners).toHaveLength(1);
    }
  });

  it("deletes a project: ends its running sessions, takes every binding of it, its members and itself, and nothing else", async () => {
    clock.step = 1;
    const alice = await user("alice");
    const bob = await user("bob");
    const { store } = ctx();
    const web = await project("web", alice.id);
    const api = await project("api", alice.id);
    await store.projects.setMember(web.id, bob.id, ProjectRole.EDITOR);
    const credential = await store.credentials.insert(credentialInput(alice.id));
    const running = await store.sessions.insert(sessionInput(web.id, alice.id, { agent: "fixer" }));
    const ended = await store.sessions.insert(sessionInput(web.id, alice.id));
    const endedAt = new Date(clock.millis);
    await store.sessions.end(ended.id, endedAt);
    const elsewhere = await store.sessions.insert(sessionInput(api.id, alice.id));
    const bind = (target: BindingTarget) =>
      store.bindings.insert({
        credentialId: credential.id,
        provider: credential.provider,
        target,
        creatorId: alice.id,
      });
    const doomed: BindingRecord[] = [
      await bind({ tier: BindingTier.PROJECT, projectId: web.id }),
      await bind({ tier: BindingTier.AGENT, projectId: web.id, agent: "fixer" }),
      await bind({ tier: BindingTier.SESSION, sessionId: running.id, projectId: web.id }),
      await bind({ tier: BindingTier.SESSION, sessionId: ended.id, projectId: web.id }),
    ];
    const kept: BindingRecord[] = [
      await bind({ tier: BindingTier.PROJECT, projectId: api.id }),
      await bind({ tier: BindingTier.SESSION, sessionId: elsewhere.id, projectId: api.id }),
      await bind({ tier: BindingTier.GLOBAL }),
    ];

    const deleteTime = clock.millis + clock.step;
    const deleted = await store.projects.delete(web.id);
    expect(deleted).toEqual({ endedSessionIds: [running.id], deletedBindings: [...doomed].sort(byCreateTimeAndId) });
    expect(await store.projects.get(web.id)).toBeUndefined();
    expect(await store.projects.getMember(web.id, bob.id)).toBeUndefined();
    expect(await store.projects.listMembers(web.id)).toEqual([]);
    for (const b of doomed) expect(await store.bindings.get(b.id)).toBeUndefined();
    for (const b of kept) expect(await store.bindings.get(b.id)).toEqual(b);
    expect(await store.sessions.get(running.id)).toMatchObject({
      state: SessionState.ENDED,
      endTime: new Date(deleteTime),
    });
    expect(await store.sessions.get(ended.id)).toMatchObject({ state: SessionState.ENDED, endTime: endedAt });
    expect(await store.sessions.get(elsewhere.id)).toMatchObject({ state: SessionState.RUNNING, endTime: undefined });
    expect(await store.projects.get(api.id)).toEqual(api);
    expect(await store.projects.listMembers(api.id)).toHaveLength(1);

    expect(await store.projects.delete(web.id)).toBeUndefined();
    // The name is free again, and the new project starts with nothing of the old.
    const again = await project("web", bob.id);
    expect(
      await store.bindings.list({
        credential: { all: true },
        scope: { projectId: again.id },
        after: undefined,
        limit: 10,
      }),
    ).toEqual([]);
  });
});
