import { BindingTier, ProviderType } from "@acp/proto";
import { CompiledQuery, type Kysely, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { credentialInput, sessionInput } from "../testing/credential-test-fixtures.js";
import { testBackends } from "../testing/test-databases.js";
import { steppedClock, useTestStore } from "../testing/test-store.js";
import type { BindingQuery, BindingRecord, BindingTarget, SessionScope } from "./access-records.js";
import { BindingTakenError } from "./access-store.js";
import { appliesToSession } from "./binding-target.js";
import type { Database } from "./database-schema.js";
import type { CredentialId, ProjectId, UserId } from "./ids.js";
import { byCreateTimeAndId } from "./keyset-page.js";
import { bindingsForProject, bindingsForSession } from "./kysely-binding-store.js";
import { openBackend } from "./open-store.js";
import { StorageError } from "./storage-error.js";

const clock = steppedClock();

describe.each(testBackends)("bindings on $name", (backend) => {
  const ctx = useTestStore(backend, { now: clock.now });

  /** Alice with two projects, each with a session of agent "fixer" and one of no agent, and two credentials. */
  async function world() {
    const { store } = ctx();
    const alice = await store.users.create({ name: "alice", admin: false });
    const web = await store.projects.insert({ name: "web", description: "", ownerId: alice.id });
    const api = await store.projects.insert({ name: "api", description: "", ownerId: alice.id });
    const session = async (projectId: typeof web.id, agent: string): Promise<SessionScope> => {
      const { id } = await store.sessions.insert(sessionInput(projectId, alice.id, { agent }));
      return { id, projectId, agent };
    };
    return {
      alice,
      web,
      api,
      webFixer: await session(web.id, "fixer"),
      webPlain: await session(web.id, ""),
      apiFixer: await session(api.id, "fixer"),
      github: await store.credentials.insert(credentialInput(alice.id, { name: "gh", provider: ProviderType.GITHUB })),
      gitlab: await store.credentials.insert(credentialInput(alice.id, { name: "gl", provider: ProviderType.GITLAB })),
    };
  }

  function binder(creatorId: UserId) {
    return (credential: { id: CredentialId; provider: ProviderType }, target: BindingTarget) =>
      ctx().store.bindings.insert({ credentialId: credential.id, provider: credential.provider, target, creatorId });
  }

  it("stores each tier's target, reads it back and deletes it once", async () => {
    clock.step = 1;
    const w = await world();
    const bind = binder(w.alice.id);
    const targets: BindingTarget[] = [
      { tier: BindingTier.SESSION, sessionId: w.webFixer.id, projectId: w.web.id },
      { tier: BindingTier.AGENT, projectId: w.web.id, agent: "fixer" },
      { tier: BindingTier.PROJECT, projectId: w.web.id },
      { tier: BindingTier.GLOBAL },
    ];
    for (const target of targets) {
      const created = await bind(w.github, target);
      expect(created).toEqual({
        id: created.id,
        credentialId: w.github.id,
        provider: ProviderType.GITHUB,
        target,
        creatorId: w.alice.id,
        createTime: new Date(clock.millis),
      });
      expect(created.id).toMatch(/^bnd_[a-z2-7]{26}$/);
      expect(await ctx().store.bindings.get(created.id)).toEqual(created);
      expect(await ctx().store.bindings.delete(created.id)).toEqual(created);
      expect(await ctx().store.bindings.delete(created.id)).toBeUndefined();
      expect(await ctx().store.bindings.get(created.id)).toBeUndefined();
    }
  });

  it("refuses the same credential on the same target with BindingTakenError, and only that", async () => {
    const w = await world();
    const bind = binder(w.alice.id);
    const targets: BindingTarget[] = [
      { tier: BindingTier.SESSION, sessionId: w.webFixer.id, projectId: w.web.id },
      { tier: BindingTier.AGENT, projectId: w.web.id, agent: "fixer" },
      { tier: BindingTier.PROJECT, projectId: w.web.id },
      { tier: BindingTier.GLOBAL },
    ];
    for (const target of targets) {
      await bind(w.github, target);
      const error = await bind(w.github, target).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BindingTakenError);
      expect(error).toMatchObject({ tier: target.tier });
      // Another credential on the same target is a different binding.
      await bind(w.gitlab, target);
    }
    // Same tier, other targets: another session, agent and project.
    await bind(w.github, { tier: BindingTier.SESSION, sessionId: w.webPlain.id, projectId: w.web.id });
    await bind(w.github, { tier: BindingTier.AGENT, projectId: w.web.id, agent: "fixer2" });
    await bind(w.github, { tier: BindingTier.AGENT, projectId: w.api.id, agent: "fixer" });
    await bind(w.github, { tier: BindingTier.PROJECT, projectId: w.api.id });
    const all = await ctx().store.bindings.list({
      credential: { all: true },
      scope: { all: true },
      after: undefined,
      limit: 100,
    });
    expect(all).toHaveLength(12);
  });

  it("refuses a provider not the credential's, a target outside its tier, a session's wrong project", async () => {
    const w = await world();
    const { bindings } = ctx().store;
    const wrongProvider = await bindings
      .insert({
        credentialId: w.github.id,
        provider: ProviderType.GITLAB,
        target: { tier: BindingTier.GLOBAL },
        creatorId: w.alice.id,
      })
      .catch((e: unknown) => e);
    expect(wrongProvider).toBeInstanceOf(StorageError);
    const noAgent = await binder(w.alice.id)(w.github, {
      tier: BindingTier.AGENT,
      projectId: w.web.id,
      agent: "",
    }).catch((e: unknown) => e);
    expect(noAgent).toBeInstanceOf(StorageError);
    expect((noAgent as Error).message).toMatch(
      /^storage operation "bindings.insert" failed \((SQLITE_CONSTRAINT_CHECK|23514)\)$/,
    );
    const noProject = await binder(w.alice.id)(w.github, { tier: BindingTier.PROJECT, projectId: "prj_missing" }).catch(
      (e: unknown) => e,
    );
    expect(noProject).toBeInstanceOf(StorageError);
    const otherProject = await binder(w.alice.id)(w.github, {
      tier: BindingTier.SESSION,
      sessionId: w.webFixer.id,
      projectId: w.api.id,
    }).catch((e: unknown) => e);
    expect(otherProject).toBeInstanceOf(StorageError);
    expect((otherProject as Error).message).toMatch(/\((SQLITE_CONSTRAINT_FOREIGNKEY|23503)\)$/);
  });

  it("lists for a session exactly the bindings that apply to it, in (tier, create time, id) order", async () => {
    clock.step = 1;
    const w = await world();
    const bind = binder(w.alice.id);
    // Frozen time within each group, so the id alone orders its members.
    const group = async (targets: BindingTarget[]) => {
      clock.step = 0;
      const made: BindingRecord[] = [];
      for (const [i, target] of targets.entries()) made.push(await bind(i % 2 === 0 ? w.github : w.gitlab, target));
      clock.step = 1;
      return made.sort(byCreateTimeAndId);
    };
    // Global first and session last, so creation order is not the answer.
    const global = await group([{ tier: BindingTier.GLOBAL }, { tier: BindingTier.GLOBAL }]);
    const webProject = await group([
      { tier: BindingTier.PROJECT, projectId: w.web.id },
      { tier: BindingTier.PROJECT, projectId: w.web.id },
    ]);
    const apiProject = await group([{ tier: BindingTier.PROJECT, projectId: w.api.id }]);
    const webFixerAgent = await group([
      { tier: BindingTier.AGENT, projectId: w.web.id, agent: "fixer" },
      { tier: BindingTier.AGENT, projectId: w.web.id, agent: "fixer" },
    ]);
    const otherAgents = await group([
      { tier: BindingTier.AGENT, projectId: w.web.id, agent: "other" },
      { tier: BindingTier.AGENT, projectId: w.api.id, agent: "fixer" },
    ]);
    const webFixerSession = await group([
      { tier: BindingTier.SESSION, sessionId: w.webFixer.id, projectId: w.web.id },
      { tier: BindingTier.SESSION, sessionId: w.webFixer.id, projectId: w.web.id },
    ]);
    const webPlainSession = await group([{ tier: BindingTier.SESSION, sessionId: w.webPlain.id, projectId: w.web.id }]);
    const apiSession = await group([{ tier: BindingTier.SESSION, sessionId: w.apiFixer.id, projectId: w.api.id }]);

    const forSession = async (scope: SessionScope) =>
      (await ctx().store.bindings.listForSession(scope)).map(({ binding, credential }) => {
        expect(credential.id).toBe(binding.credentialId);
        return binding;
      });
    expect(await forSession(w.webFixer)).toEqual([...webFixerSession, ...webFixerAgent, ...webProject, ...global]);
    expect(await forSession(w.webPlain)).toEqual([...webPlainSession, ...webProject, ...global]);
    const apiFixerAgent = otherAgents.filter(
      (b) => b.target.tier === BindingTier.AGENT && b.target.projectId === w.api.id,
    );
    expect(await forSession(w.apiFixer)).toEqual([...apiSession, ...apiFixerAgent, ...apiProject, ...global]);
    expect(await forSession({ id: "ses_other", projectId: "prj_other", agent: "fixer" })).toEqual(global);

    // A project's listing holds every one of its sessions', in the same order.
    const forProject = (projectId: ProjectId) => ctx().store.bindings.listForProject(projectId);
    expect((await forProject(w.api.id)).map((b) => b.binding)).toEqual([
      ...apiSession,
      ...apiFixerAgent,
      ...apiProject,
      ...global,
    ]);
    const otherWebSession: SessionScope = { id: "ses_other", projectId: w.web.id, agent: "" };
    for (const scope of [w.webFixer, w.webPlain, w.apiFixer, otherWebSession]) {
      const ofProject = await forProject(scope.projectId);
      expect(ofProject.filter((b) => appliesToSession(b.binding.target, scope))).toEqual(
        await ctx().store.bindings.listForSession(scope),
      );
    }
    expect((await forProject("prj_other")).map((b) => b.binding)).toEqual(global);

    const [bound] = await ctx().store.bindings.listForSession(w.webPlain);
    expect(bound?.credential).toEqual(await ctx().store.credentials.get(bound!.binding.credentialId));
  });

  it("lists for a session and for a project in one read that every term of which an index serves", async () => {
    const w = await world();
    const backendDb = await openBackend(ctx().database.config);
    try {
      const plan = await explain(backendDb.db, backend.name, bindingsForSession(backendDb.db, w.webFixer).compile());
      expect(plan).not.toMatch(backend.name === "sqlite" ? /SCAN b\b/ : /Seq Scan on bindings/);
      expect(plan).toMatch(/bindings_session_create_time_id_idx/);
      expect(plan).toMatch(/bindings_tier_project_agent_idx/);
      const projectPlan = await explain(
        backendDb.db,
        backend.name,
        bindingsForProject(backendDb.db, w.web.id).compile(),
      );
      expect(projectPlan).not.toMatch(backend.name === "sqlite" ? /SCAN b\b/ : /Seq Scan on bindings/);
      expect(projectPlan).toMatch(/bindings_project_create_time_id_idx/);
      expect(projectPlan).toMatch(/bindings_tier_project_agent_idx/);
    } finally {
      await backendDb.db.destroy();
    }
  });

  it("lists by credential and by scope, paging in (create time, id) order", async () => {
    clock.step = 1;
    const w = await world();
    const bind = binder(w.alice.id);
    clock.step = 0;
    const made = [
      await bind(w.github, { tier: BindingTier.SESSION, sessionId: w.webFixer.id, projectId: w.web.id }),
      await bind(w.gitlab, { tier: BindingTier.AGENT, projectId: w.web.id, agent: "fixer" }),
      await bind(w.github, { tier: BindingTier.PROJECT, projectId: w.web.id }),
      await bind(w.gitlab, { tier: BindingTier.PROJECT, projectId: w.api.id }),
      await bind(w.github, { tier: BindingTier.GLOBAL }),
    ];
    clock.step = 1;
    made.push(await bind(w.gitlab, { tier: BindingTier.GLOBAL }));
    const sorted = [...made].sort(byCreateTimeAndId);
    const pages = async (filter: Pick<BindingQuery, "credential" | "scope">) => {
      const seen: BindingRecord[] = [];
      let after: BindingRecord | undefined;
      for (;;) {
        const page = await ctx().store.bindings.list({ ...filter, after, limit: 2 });
        seen.push(...page);
        if (page.length < 2) return seen;
        after = page.at(-1);
      }
    };
    const all = { all: true } as const;
    const where = (keep: (b: BindingRecord) => boolean) => sorted.filter(keep);
    expect(await pages({ credential: all, scope: all })).toEqual(sorted);
    expect(await pages({ credential: { credentialId: w.github.id }, scope: all })).toEqual(
      where((b) => b.credentialId === w.github.id),
    );
    expect(await pages({ credential: all, scope: { projectId: w.web.id } })).toEqual(
      where((b) => b.target.tier !== BindingTier.GLOBAL && b.target.projectId === w.web.id),
    );
    expect(await pages({ credential: all, scope: { sessionId: w.webFixer.id } })).toEqual([made[0]]);
    expect(await pages({ credential: all, scope: { global: true } })).toEqual(
      where((b) => b.target.tier === BindingTier.GLOBAL),
    );
    expect(await pages({ credential: { credentialId: w.gitlab.id }, scope: { projectId: w.web.id } })).toEqual([
      made[1],
    ]);
    expect(await pages({ credential: { credentialId: w.gitlab.id }, scope: { sessionId: w.webFixer.id } })).toEqual([]);
    expect(await ctx().store.bindings.list({ credential: all, scope: all, after: undefined, limit: 0 })).toEqual([]);
  });

  it("deletes a credential's bindings with the credential, and no one else's", async () => {
    const w = await world();
    const bind = binder(w.alice.id);
    const doomed = [
      await bind(w.github, { tier: BindingTier.GLOBAL }),
      await bind(w.github, { tier: BindingTier.PROJECT, projectId: w.web.id }),
    ];
    const kept = await bind(w.gitlab, { tier: BindingTier.GLOBAL });
    expect(await ctx().store.credentials.delete(w.github.id)).toBe(true);
    for (const b of doomed) expect(await ctx().store.bindings.get(b.id)).toBeUndefined();
    expect(await ctx().store.bindings.get(kept.id)).toEqual(kept);
    expect(await ctx().store.bindings.listForSession(w.webFixer)).toEqual([{ binding: kept, credential: w.gitlab }]);
  });
});

/** The query plan as text, with sequential scans priced out on PostgreSQL so that only an unindexable term would need one. */
async function explain(db: Kysely<Database>, backend: string, query: CompiledQuery): Promise<string> {
  const plan = (prefix: string) => CompiledQuery.raw(`${prefix} ${query.sql}`, [...query.parameters]);
  if (backend === "sqlite") {
    const { rows } = await db.executeQuery<{ detail: string }>(plan("explain query plan"));
    return rows.map((r) => r.detail).join("\n");
  }
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const { rows } = await trx.executeQuery<{ "QUERY PLAN": string }>(plan("explain"));
    return rows.map((r) => r["QUERY PLAN"]).join("\n");
  });
}
