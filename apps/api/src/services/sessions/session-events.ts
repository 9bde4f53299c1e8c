import {
  appliesToSession,
  type BindingRecord,
  type Change,
  type ChangeNotifier,
  type CredentialId,
  type DeletedProject,
  type ProjectId,
  type SessionId,
  type SessionScope,
} from "../../storage/index.js";

/** What an open stream needs to hear about, read again at each change so it can shrink and grow. */
export interface WatchedSession {
  readonly scope: SessionScope;
  /** Every credential among the session's candidates last time it resolved, winners and losers. */
  candidates(): ReadonlySet<CredentialId>;
  /** The session may resolve differently now; re-read it. */
  changed(): void;
}

/**
 * The change stream's two ends: services announce what they changed, and
 * open streams hear about the changes that may concern them, from this
 * replica or any other, through the store's notifier.
 */
export interface SessionEvents {
  credentialChanged(credentialId: CredentialId): Promise<void>;
  bindingChanged(binding: BindingRecord): Promise<void>;
  sessionEnded(sessionId: SessionId): Promise<void>;
  projectDeleted(projectId: ProjectId, deleted: DeletedProject): Promise<void>;
  /** Returns the function that stops watching. */
  watch(session: WatchedSession): () => void;
  /** How many streams are watching, for tests and shutdown. */
  watching(): number;
  /**
   * How many changes (and resyncs) this process has heard of. A change is
   * heard of only once it is committed, so a read started after the count
   * reached n sees every change counted up to n.
   */
  changeCount(): number;
}

export function createSessionEvents(changes: ChangeNotifier): SessionEvents {
  const watchers = new Set<WatchedSession>();
  let heard = 0;
  const notify = (matches: (w: WatchedSession) => boolean) => {
    // Counted before any stream is woken, so each re-read looks for reads made since.
    heard += 1;
    for (const watcher of watchers) if (matches(watcher)) watcher.changed();
  };
  changes.subscribe((change) => notify((watcher) => concerns(change, watcher)));
  // Changes were missed while the channel was down: every stream re-reads.
  changes.onResync(() => notify(() => true));
  return {
    credentialChanged: (credentialId) => changes.publish({ kind: "credential", credentialId }),
    bindingChanged: (binding) =>
      changes.publish({ kind: "binding", credentialId: binding.credentialId, target: binding.target }),
    sessionEnded: (sessionId) => changes.publish({ kind: "session", sessionId }),
    async projectDeleted(projectId) {
      // One notice covers the project's sessions and every binding it took with it.
      await changes.publish({ kind: "project", projectId });
    },
    watch(session) {
      watchers.add(session);
      return () => watchers.delete(session);
    },
    watching: () => watchers.size,
    changeCount: () => heard,
  };
}

function concerns(change: Change, { scope, candidates }: WatchedSession): boolean {
  switch (change.kind) {
    case "credential":
      return candidates().has(change.credentialId);
    case "session":
      return change.sessionId === scope.id;
    case "project":
      return change.projectId === scope.projectId;
    case "binding":
      return appliesToSession(change.target, scope);
    case "token":
      // A revoked API token changes no session's set; a runner's token is its session's.
      return false;
  }
}
