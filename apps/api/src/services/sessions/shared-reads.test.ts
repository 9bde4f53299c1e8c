import { BindingTier, ProviderType } from "@acp/proto";
import { describe, expect, it } from "vitest";
import { createAesGcmSecretBox, createAuditHasher, type SecretBox } from "../../crypto/index.js";
import type { BindingTarget, ProjectId, SessionRecord, Store } from "../../storage/index.js";
import { credentialInput, sessionInput } from "../../testing/credential-test-fixtures.js";
import { testBackends } from "../../testing/test-databases.js";
import { randomKeyring } from "../../testing/test-keyrings.js";
import { useTestStore } from "../../testing/test-store.js";
import { createCredentialOpener } from "./credential-opener.js";
import { readSession } from "./read-session.js";
import { createSharedReads } from "./shared-reads.js";

/** The store and box, counting the project reads and the secrets opened. */
function counted(store: Store, box: SecretBox, hash: (value: string) => string) {
  const counts = { projectReads: 0, opened: 0 };
  const bindings: Store["bindings"] = Object.create(store.bindings);
  bindings.listForProject = (projectId) => {
    counts.projectReads += 1;
    return store.bindings.listForProject(projectId);
  };
  const countingBox: SecretBox = Object.create(box);
  countingBox.open = (sealed, context) => {
    counts.opened += 1;
    return box.open(sealed, context);
  };
  return { counts, store: { bindings }, opener: createCredentialOpener(countingBox, hash) };
}

describe.each(testBackends)("shared stream reads on $name", (backend) => {
  const ctx = useTestStore(backend);
  const keyring = randomKeyring(["k1"]);
  const box = createAesGcmSecretBox(keyring);
  const hasher = createAuditHasher(keyring);
  const hash = (value: string) => hasher.hash(value);

  /** A project with sessions with and without an agent, one of them with a binding of its own. */
  async function world() {
    const { store } = ctx();
    const alice = await store.users.create({ name: "alice", admin: false });
    const project = await store.projects.insert({ name: "web", description: "", ownerId: alice.id });
    const other = await store.projects.insert({ name: "api", description: "", ownerId: alice.id });
    const credential = async (name: string, provider: ProviderType, target: BindingTarget) => {
      const url = `https://${name}.example.test`;
      const input = credentialInput(alice.id, { name, provider, url, summary: new Uint8Array() });
      const stored = await store.credentials.insert({
        ...input,
        secret: box.seal(`secret of ${name}`, { credentialId: input.id, provider }),
      });
      await store.bindings.insert({ credentialId: stored.id, provider, target, creatorId: alice.id });
      return stored;
    };
    const session = (projectId: ProjectId, agent = "") =>
      store.sessions.insert(sessionInput(projectId, alice.id, { agent }));
    const plain = [await session(project.id), await session(project.id), await session(project.id)];
    const fixer = await session(project.id, "fixer");
    const own = await session(project.id);
    const elsewhere = await session(other.id);
    await credential("gh", ProviderType.GITHUB, { tier: BindingTier.PROJECT, projectId: project.id });
    await credential("gl", ProviderType.GITLAB, { tier: BindingTier.GLOBAL });
    await credential("gl-fixer", ProviderType.GITLAB, {
      tier: BindingTier.AGENT,
      projectId: project.id,
      agent: "fixer",
    });
    await credential("gh-own", ProviderType.GITHUB, {
      tier: BindingTier.SESSION,
      sessionId: own.id,
      projectId: project.id,
    });
    return { plain, fixer, own, elsewhere };
  }

  const secrets = (snapshot: { credentials: readonly { secret: string }[] }) =>
    snapshot.credentials.map((c) => c.secret);

  it("resolves every session as its own read does, from one read of its project and one opening of each secret", async () => {
    const w = await world();
    const counting = counted(ctx().store, box, hash);
    const shared = createSharedReads({ ...counting, changeCount: () => 1 });
    const sessions: SessionRecord[] = [...w.plain, w.fixer, w.own, w.elsewhere];
    for (const session of sessions) {
      const { fingerprint, resolution, credentials, valueHmacs, candidates } = await shared.read(session);
      expect({ fingerprint, resolution, credentials, valueHmacs, candidates }).toEqual(
        await readSession(ctx().store, createCredentialOpener(box, hash), session),
      );
    }
    expect(secrets(await shared.read(w.plain[0]!))).toEqual(["secret of gh", "secret of gl"]);
    expect(secrets(await shared.read(w.fixer))).toEqual(["secret of gl-fixer", "secret of gh"]);
    expect(secrets(await shared.read(w.own))).toEqual(["secret of gh-own", "secret of gl"]);
    expect(secrets(await shared.read(w.elsewhere))).toEqual(["secret of gl"]);
    // One read per project; each secret opened once however many sessions hold it.
    expect(counting.counts).toEqual({ projectReads: 2, opened: 4 });
    // Sessions whose candidates are the same share the snapshot itself.
    expect(await shared.read(w.plain[1]!)).toBe(await shared.read(w.plain[2]!));
  });

  it("reads afresh once another change has been heard of, or the kept reads have expired", async () => {
    const w = await world();
    const counting = counted(ctx().store, box, hash);
    let change = 1;
    const shared = createSharedReads({ ...counting, changeCount: () => change, ttlMs: 60_000 });
    await shared.read(w.plain[0]!);
    await shared.read(w.plain[1]!);
    expect(counting.counts.projectReads).toBe(1);

    const bound = await ctx().store.bindings.listForProject(w.plain[0]!.projectId);
    const gh = bound.find((b) => b.credential.name === "gh")!;
    await ctx().store.bindings.delete(gh.binding.id);
    // Not yet heard of: the streams woken by the last change still share what it read.
    expect(secrets(await shared.read(w.plain[2]!))).toEqual(["secret of gh", "secret of gl"]);
    change = 2;
    expect(secrets(await shared.read(w.plain[2]!))).toEqual(["secret of gl"]);
    expect(counting.counts.projectReads).toBe(2);

    const expiring = createSharedReads({ ...counting, changeCount: () => change, ttlMs: 1 });
    await expiring.read(w.plain[0]!);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expiring.read(w.plain[0]!);
    expect(counting.counts.projectReads).toBe(4);
  });

  it("does not share a read that failed", async () => {
    const w = await world();
    const counting = counted(ctx().store, box, hash);
    let failing = true;
    const inner = counting.store.bindings.listForProject;
    counting.store.bindings.listForProject = (projectId) =>
      failing ? Promise.reject(new Error("database unreachable")) : inner(projectId);
    const shared = createSharedReads({ ...counting, changeCount: () => 1 });
    await expect(shared.read(w.plain[0]!)).rejects.toThrow("database unreachable");
    failing = false;
    expect(secrets(await shared.read(w.plain[0]!))).toEqual(["secret of gh", "secret of gl"]);
  });
});
