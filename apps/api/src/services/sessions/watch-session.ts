import { SessionState, type WatchSessionCredentialsResponse, WatchSessionCredentialsResponseSchema } from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import type { CredentialId, SessionId, SessionRecord, Store } from "../../storage/index.js";
import type { AuditContext, AuditTrail } from "../audit/audit-trail.js";
import type { CredentialOpener } from "./credential-opener.js";
import { readSession, type SessionSnapshot } from "./read-session.js";
import type { RereadLimit } from "./reread-limit.js";
import { secretReads } from "./secret-reads.js";
import type { SessionEvents } from "./session-events.js";
import { isLive, sessionToProto } from "./session-to-proto.js";
import type { SharedReads } from "./shared-reads.js";

const maxTimerMs = 2 ** 31 - 1;

export interface WatchDeps {
  readonly store: Pick<Store, "bindings" | "sessions">;
  readonly opener: CredentialOpener;
  readonly shared: SharedReads;
  readonly audit: AuditTrail;
  readonly events: SessionEvents;
  readonly now: () => Date;
  readonly rereads: RereadLimit;
}

/**
 * The runner's stream: the full set at once, then again whenever a change
 * that may concern the session arrives and the set really differs, then a
 * final ENDED when the session ends or expires. Changes that arrive while a
 * set is being read are folded into one more read, so none is lost and a
 * burst costs one read.
 */
export async function* watchSession(
  deps: WatchDeps,
  initial: SessionRecord,
  audit: AuditContext,
  signal: AbortSignal,
): AsyncGenerator<WatchSessionCredentialsResponse> {
  let dirty = true;
  let wake: (() => void) | undefined;
  let candidates: ReadonlySet<CredentialId> = new Set();
  const changed = () => {
    dirty = true;
    wake?.();
  };
  const stopWatching = deps.events.watch({ scope: initial, candidates: () => candidates, changed });
  // Expiry is a change nobody announces. Re-armed on every pass, because a
  // timer cannot wait longer than about 24.8 days.
  let expiry: NodeJS.Timeout | undefined;
  const armExpiry = () => {
    clearTimeout(expiry);
    const remaining = initial.expireTime.getTime() - deps.now().getTime();
    expiry = setTimeout(changed, Math.min(Math.max(0, remaining) + 5, maxTimerMs));
  };
  signal.addEventListener("abort", changed, { once: true });
  try {
    let sent: string | undefined;
    while (!signal.aborted) {
      if (!dirty) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      if (signal.aborted) return;
      dirty = false;
      armExpiry();
      const pass = await deps.rereads.run(() => reread(deps, initial.id, sent === undefined));
      if (pass.snapshot === undefined) {
        yield create(WatchSessionCredentialsResponseSchema, {
          state: SessionState.ENDED,
          ...(pass.session ? { session: sessionToProto(pass.session, pass.now) } : {}),
        });
        return;
      }
      const { session, now, snapshot } = pass;
      candidates = snapshot.candidates;
      if (snapshot.fingerprint === sent) continue;
      // Fail closed: a set whose reads cannot be recorded is not sent.
      await deps.audit.recordAll(audit, secretReads(snapshot, session));
      sent = snapshot.fingerprint;
      yield create(WatchSessionCredentialsResponseSchema, {
        credentials: [...snapshot.credentials],
        state: SessionState.RUNNING,
        session: sessionToProto(session, now, snapshot.resolution),
      });
    }
  } finally {
    clearTimeout(expiry);
    signal.removeEventListener("abort", changed);
    stopWatching();
  }
}

/** One pass over a session: its row as it now is, and its set while it is live. */
type Pass =
  | { readonly session: SessionRecord; readonly now: Date; readonly snapshot: SessionSnapshot }
  | { readonly session: SessionRecord | undefined; readonly now: Date; readonly snapshot: undefined };

/**
 * The first set is read afresh; each later one, woken by a change, shares
 * that change's reads with the other streams it woke.
 */
async function reread(deps: WatchDeps, id: SessionId, first: boolean): Promise<Pass> {
  const session = await deps.store.sessions.get(id);
  const now = deps.now();
  if (session === undefined || !isLive(session, now)) return { session, now, snapshot: undefined };
  const snapshot = first ? await readSession(deps.store, deps.opener, session) : await deps.shared.read(session);
  return { session, now, snapshot };
}
