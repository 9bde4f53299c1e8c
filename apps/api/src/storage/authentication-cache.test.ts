// Verified tokens kept in memory must stop working as soon as the database
// says so: at once in the process that revoked, within a second in every
// other process on the database, and never past a session's expiry.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sessionInput } from "../testing/credential-test-fixtures.js";
import { testBackends } from "../testing/test-databases.js";
import { useTestStore } from "../testing/test-store.js";
import { openBackend, openStore } from "./open-store.js";

const clock = { millis: 0 };

/** Polls until `check` holds, failing after a second: the bound a revoke must meet. */
async function withinOneSecond(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 1_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("still accepted a second later");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(testBackends)("the token cache on $name", (backend) => {
  // On both backends, with the limits set here rather than tokenCacheLimits.
  const ttlMillis = 5_000;
  const ctx = useTestStore(backend, { tokenCache: { ttlMillis, clock: () => clock.millis } });

  /** Writes behind the store's back, as another process would, so only a cached answer still accepts. */
  async function behindTheStore(write: (db: Awaited<ReturnType<typeof openBackend>>["db"]) => Promise<unknown>) {
    const opened = await openBackend(ctx().database.config);
    try {
      await write(opened.db);
    } finally {
      await opened.db.destroy();
    }
  }

  async function seeded() {
    const { store } = ctx();
    const alice = await store.users.create({ name: "alice", admin: false });
    const tokenHash = randomBytes(32);
    const token = await store.tokens.create({ userId: alice.id, description: "ci", tokenHash });
    const project = await store.projects.insert({ name: "web", description: "", ownerId: alice.id });
    const input = sessionInput(project.id, alice.id, { expireTime: new Date(Date.now() + 3_600_000) });
    const session = await store.sessions.insert(input);
    return { tokenHash, token, project, session, runnerHash: input.runnerTokenHash };
  }

  it("serves a verified API token from memory, and refuses it the moment this process revokes it", async () => {
    const { store } = ctx();
    const w = await seeded();
    expect((await store.tokens.authenticate(w.tokenHash))?.token.id).toBe(w.token.id);
    await behindTheStore((db) => db.updateTable("api_tokens").set({ revoke_time: 1 }).execute());
    // Still accepted: the answer came from memory.
    expect((await store.tokens.authenticate(w.tokenHash))?.token.id).toBe(w.token.id);
    await store.tokens.revoke(w.token.id);
    expect(await store.tokens.authenticate(w.tokenHash)).toBeUndefined();
  });

  it("reads the database again once the time to live is up", async () => {
    const { store } = ctx();
    const w = await seeded();
    clock.millis = 0;
    await store.tokens.authenticate(w.tokenHash);
    await store.sessions.authenticateRunner(w.runnerHash, new Date());
    // Another process revoked and ended, and this one did not hear of it.
    await behindTheStore(async (db) => {
      await db.updateTable("api_tokens").set({ revoke_time: 1 }).execute();
      await db.updateTable("sessions").set({ state: 2, end_time: 1 }).execute();
    });
    expect(await store.tokens.authenticate(w.tokenHash)).toBeDefined();
    clock.millis = ttlMillis;
    expect(await store.tokens.authenticate(w.tokenHash)).toBeUndefined();
    expect(await store.sessions.authenticateRunner(w.runnerHash, new Date())).toBeUndefined();
  });

  it("never serves a cached runner token past its session's expiry, nor after the session ends", async () => {
    const { store } = ctx();
    const w = await seeded();
    expect((await store.sessions.authenticateRunner(w.runnerHash, new Date()))?.id).toBe(w.session.id);
    const afterExpiry = new Date(w.session.expireTime.getTime() + 1);
    expect(await store.sessions.authenticateRunner(w.runnerHash, afterExpiry)).toBeUndefined();
    expect((await store.sessions.authenticateRunner(w.runnerHash, new Date()))?.id).toBe(w.session.id);
    await store.sessions.end(w.session.id, new Date());
    expect(await store.sessions.authenticateRunner(w.runnerHash, new Date())).toBeUndefined();
  });

  it("refuses a cached runner token the moment its project is deleted", async () => {
    const { store } = ctx();
    const w = await seeded();
    expect(await store.sessions.authenticateRunner(w.runnerHash, new Date())).toBeDefined();
    await store.projects.delete(w.project.id);
    expect(await store.sessions.authenticateRunner(w.runnerHash, new Date())).toBeUndefined();
  });

  // PostgreSQL's other process hears of it by NOTIFY; SQLite's, which no
  // notice reaches, by its cache's own half-second time to live (tokenCacheLimits).
  it("refuses a token within a second in another process on the database once it is revoked or its session ends", async () => {
    const { store } = ctx();
    const w = await seeded();
    const other = await openStore(ctx().database.config);
    try {
      expect(await other.tokens.authenticate(w.tokenHash)).toBeDefined();
      expect(await other.sessions.authenticateRunner(w.runnerHash, new Date())).toBeDefined();
      await store.tokens.revoke(w.token.id);
      await withinOneSecond(async () => (await other.tokens.authenticate(w.tokenHash)) === undefined);
      await store.sessions.end(w.session.id, new Date());
      // The session service announces an end; the store leaves that to it.
      await store.changes.publish({ kind: "session", sessionId: w.session.id });
      await withinOneSecond(
        async () => (await other.sessions.authenticateRunner(w.runnerHash, new Date())) === undefined,
      );
    } finally {
      await other.close();
    }
  });
});
