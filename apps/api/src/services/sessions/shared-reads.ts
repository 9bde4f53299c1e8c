import {
  appliesToSession,
  type BoundCredential,
  type ProjectId,
  type SessionRecord,
  type Store,
} from "../../storage/index.js";
import type { CredentialOpener } from "./credential-opener.js";
import { type SessionSnapshot, snapshotOf } from "./read-session.js";

/**
 * What the streams woken by one change share. A rotation wakes every stream
 * of a project at once, and their candidates differ only by their session's
 * and agent's own bindings. So the project's candidates are read once per
 * change, and each session takes its own from them by the rule
 * listForSession selects by; sessions whose candidates come out the same
 * share one resolution by the same rules, and the secrets it opened. Every
 * stream still records its own reads and sends its own message.
 */
export interface SharedReads {
  read(session: SessionRecord): Promise<SessionSnapshot>;
}

export interface SharedReadsDeps {
  readonly store: Pick<Store, "bindings">;
  readonly opener: CredentialOpener;
  /**
   * How many changes this process has heard of. A read started once it
   * reached n saw every change counted up to n, so what it found serves
   * every stream woken by them, until the count moves on.
   */
  readonly changeCount: () => number;
  /** The longest anything is kept, plaintext included, even with no further change. */
  readonly ttlMs?: number;
}

/** One project's reads since the last change. */
interface ProjectReads {
  readonly candidates: Promise<readonly BoundCredential[]>;
  /** By the binding ids of the candidates each resolves. */
  readonly snapshots: Map<string, SessionSnapshot>;
}

export function createSharedReads(deps: SharedReadsDeps): SharedReads {
  const ttlMs = deps.ttlMs ?? 1_000;
  let current: { readonly change: number; readonly projects: Map<ProjectId, ProjectReads> } | undefined;

  const projectReads = (projectId: ProjectId): ProjectReads => {
    const change = deps.changeCount();
    if (current?.change !== change) {
      const fresh = { change, projects: new Map<ProjectId, ProjectReads>() };
      current = fresh;
      setTimeout(() => {
        if (current === fresh) current = undefined;
      }, ttlMs).unref();
    }
    const { projects } = current;
    let reads = projects.get(projectId);
    if (reads === undefined) {
      const candidates = deps.store.bindings.listForProject(projectId);
      const entry: ProjectReads = { candidates, snapshots: new Map() };
      // A read that failed is not shared: the next stream tries afresh.
      candidates.catch(() => {
        if (projects.get(projectId) === entry) projects.delete(projectId);
      });
      projects.set(projectId, entry);
      reads = entry;
    }
    return reads;
  };

  return {
    async read(session) {
      const reads = projectReads(session.projectId);
      const candidates = (await reads.candidates).filter((c) => appliesToSession(c.binding.target, session));
      const key = candidates.map((c) => c.binding.id).join();
      let snapshot = reads.snapshots.get(key);
      if (snapshot === undefined) {
        snapshot = snapshotOf(candidates, deps.opener);
        reads.snapshots.set(key, snapshot);
      }
      return snapshot;
    },
  };
}
