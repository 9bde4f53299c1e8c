import { randomBytes } from "node:crypto";
import { ProjectRole, SessionState } from "@acp/proto";
import { describe, expect, it } from "vitest";
import { sessionInput } from "../testing/credential-test-fixtures.js";
import { testBackends } from "../testing/test-databases.js";
import { steppedClock, useTestStore } from "../testing/test-store.js";
import type { SessionQuery, SessionRecord } from "./access-records.js";
import { byCreateTimeAndId } from "./keyset-page.js";
import { StorageError } from "./storage-error.js";

const clock = steppedClock();

describe.each(testBackends)("sessions on $name", (backend) => {
  const ctx = useTestStore(backend, { now: clock.now });

  async function world() {
    const { store } = ctx();
    const alice = await store.users.create({ name: "alice", admin: false });
    const bob = await store.users.create({ name: "bob", admin: false });
    const web = await store.projects.insert({ name: "web", description: "", ownerId: alice.id });
    const api = await store.projects.insert({ name: "api", description: "", ownerId: bob.id });
    return { alice, bob, web, api };
  }

  it("counts a lifetime from the create time it stamps, so expiry minus creation is exact", async () => {
    clock.step = 7;
    const { alice, web } = await world();
    const created = await ctx().store.sessions.insert(
      sessionInput(web.id, alice.id, { expireTime: { afterCreateMs: 5_400_000 } }),
    );
    expect(created.expireTime.getTime() - created.createTime.getTime()).toBe(5_400_000);
  });

  it("inserts a running session and reads back every field but the token hash", async () => {
    clock.step = 1;
    const { alice, web } = await world();
    const input = sessionInput(web.id, alice.id, {
      agent: "fixer",
      name: "nightly",
      expireTime: new Date(Date.UTC(2026, 5, 1)),
    });
    const created = await ctx().store.sessions.insert(input);
    expect(created).toEqual({
      id: input.id,
      projectId: web.id,
      agent: "fixer",
      name: "nightly",
      state: SessionState.RUNNING,
      creatorId: alice.id,
      createTime: new Date(clock.millis),
      expireTime: input.expireTime,
      endTime: undefined,
    });
    expect(await ctx().store.sessions.get(input.id)).toEqual(created);
    expect(await ctx().store.sessions.get("ses_missing")).toBeUndefined();
  });

  it("refuses a runner token hash already in use as a StorageError, not a taken name", async () => {
    const { alice, web } = await world();
    const input = sessionInput(web.id, alice.id);
    await ctx().store.sessions.insert(input);
    const error = await ctx()
      .store.sessions.insert(sessionInput(web.id, alice.id, { runnerTokenHash: input.runnerTokenHash }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
  });

  it("ends a session once: the first end time stays, later ends return it unchanged", async () => {
    const { alice, web } = await world();
    const { sessions } = ctx().store;
    const running = await sessions.insert(sessionInput(web.id, alice.id));
    const first = new Date(Date.UTC(2026, 1, 1));
    const ended = await sessions.end(running.id, first);
    expect(ended).toEqual({ ...running, state: SessionState.ENDED, endTime: first });
    expect(await sessions.end(running.id, new Date(Date.UTC(2026, 1, 2)))).toEqual(ended);
    expect(await sessions.get(running.id)).toEqual(ended);
    expect(await sessions.end("ses_missing", first)).toBeUndefined();
  });

  it("authenticates a runner only while its session runs and has not expired", async () => {
    const { alice, web } = await world();
    const { sessions } = ctx().store;
    const expireTime = new Date(Date.UTC(2026, 2, 1));
    const hash = new Uint8Array(randomBytes(32));
    const session = await sessions.insert(sessionInput(web.id, alice.id, { runnerTokenHash: hash, expireTime }));
    const before = new Date(expireTime.getTime() - 1);
    expect(await sessions.authenticateRunner(new Uint8Array(hash), before)).toEqual(session);
    expect(await sessions.authenticateRunner(hash, expireTime)).toBeUndefined();
    expect(await sessions.authenticateRunner(new Uint8Array(randomBytes(32)), before)).toBeUndefined();

    const otherHash = new Uint8Array(randomBytes(32));
    const other = await sessions.insert(sessionInput(web.id, alice.id, { runnerTokenHash: otherHash, expireTime }));
    await sessions.end(other.id, new Date(Date.UTC(2026, 1, 1)));
    expect(await sessions.authenticateRunner(otherHash, before)).toBeUndefined();
  });

  it("pages through sessions in (create time, id) order, by project and by membership", async () => {
    clock.step = 1;
    const { alice, bob, web, api } = await world();
    const { store } = ctx();
    await store.projects.setMember(api.id, alice.id, ProjectRole.VIEWER);
    const carol = await store.users.create({ name: "carol", admin: false });
    clock.step = 0;
    const made: SessionRecord[] = [];
    for (let i = 0; i < 7; i++)
      made.push(await store.sessions.insert(sessionInput(i % 3 === 0 ? api.id : web.id, alice.id)));
    clock.step = 1;
    made.push(await store.sessions.insert(sessionInput(web.id, alice.id)));
    // A session of a deleted project stays, and is seen only by those who see everything.
    const gone = await store.projects.insert({ name: "gone", description: "", ownerId: alice.id });
    made.push(await store.sessions.insert(sessionInput(gone.id, alice.id)));
    await store.projects.delete(gone.id);
    const sorted = [...made].sort(byCreateTimeAndId);

    const pages = async (filter: Pick<SessionQuery, "project" | "member">) => {
      const seen: SessionRecord[] = [];
      let after: SessionRecord | undefined;
      for (;;) {
        const page = await store.sessions.list({ ...filter, after, limit: 3 });
        seen.push(...page);
        if (page.length < 3) return seen.map((s) => s.id);
        after = page.at(-1);
      }
    };
    const ids = (keep: (s: SessionRecord) => boolean) => sorted.filter(keep).map((s) => s.id);
    const all = { all: true } as const;
    expect(await pages({ project: all, member: all })).toEqual(ids(() => true));
    expect(await pages({ project: { projectId: web.id }, member: all })).toEqual(ids((s) => s.projectId === web.id));
    expect(await pages({ project: all, member: { memberId: alice.id } })).toEqual(ids((s) => s.projectId !== gone.id));
    expect(await pages({ project: all, member: { memberId: bob.id } })).toEqual(ids((s) => s.projectId === api.id));
    expect(await pages({ project: { projectId: web.id }, member: { memberId: bob.id } })).toEqual([]);
    expect(await pages({ project: all, member: { memberId: carol.id } })).toEqual([]);
    expect(await store.sessions.list({ project: all, member: all, after: undefined, limit: 0 })).toEqual([]);
  });
});
