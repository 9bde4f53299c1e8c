import { AuditAction, ProjectRole, SessionService } from "@acp/proto";
import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import { Code, ConnectError } from "@connectrpc/connect";
import type { SecretBox } from "../../crypto/index.js";
import { type MemberRole, newSessionId, parseId, type SessionRecord, type Store } from "../../storage/index.js";
import { type AuditTrail, auditContext } from "../audit/audit-trail.js";
import { requireRunner, requireUser, type UserPrincipal } from "../auth/principal.js";
import { newRunnerToken } from "../auth/runner-tokens.js";
import { withFieldLimits } from "../check-request.js";
import { cutPage, pageLimit, pageStart } from "../list-page.js";
import { findProject } from "../projects/find-project.js";
import { requireRole } from "../projects/project-access.js";
import { invalidArgument, notFound, throwIfViolations } from "../request-errors.js";
import { validateName } from "../validate-name.js";
import { createCredentialOpener } from "./credential-opener.js";
import { readSession } from "./read-session.js";
import { createRereadLimit } from "./reread-limit.js";
import { resolveSession } from "./resolve-session.js";
import { secretReads } from "./secret-reads.js";
import type { SessionEvents } from "./session-events.js";
import { isLive, sessionToProto } from "./session-to-proto.js";
import { sessionTtlMs } from "./session-ttl.js";
import { createSharedReads } from "./shared-reads.js";
import { watchSession } from "./watch-session.js";

export interface SessionServiceDeps {
  readonly store: Store;
  readonly box: SecretBox;
  readonly audit: AuditTrail;
  readonly events: SessionEvents;
  readonly maxSessionTtlMs: number;
  readonly now: () => Date;
  /** Aborted when the server starts to shut down: open change streams then end with Unavailable, so runners reconnect to another replica. */
  readonly shutdown: AbortSignal;
}

// Enough to keep both cores busy with re-reads, few enough that other calls get turns.
const streamRereadConcurrency = 8;

export function createSessionService(serviceDeps: SessionServiceDeps): ServiceImpl<typeof SessionService> {
  const opener = createCredentialOpener(serviceDeps.box, (value) => serviceDeps.audit.hash(value));
  const deps = {
    ...serviceDeps,
    opener,
    rereads: createRereadLimit(streamRereadConcurrency),
    shared: createSharedReads({ store: serviceDeps.store, opener, changeCount: serviceDeps.events.changeCount }),
  };
  const { store, now } = deps;

  /** A session the caller may see: a member of its project (any role) or an admin; NotFound otherwise. */
  const visibleSession = async (principal: UserPrincipal, ref: string, least: MemberRole, action: string) => {
    if (ref === "") throw invalidArgument([{ field: "id", description: "must not be empty" }]);
    const id = parseId("session", ref);
    const session = id && (await store.sessions.get(id));
    if (!session) throw notFound("session", ref);
    const project = await store.projects.get(session.projectId);
    if (project) await requireRole(store.projects, principal, project, least, action, { what: "session", ref });
    else if (!principal.user.admin) throw notFound("session", ref);
    return session;
  };

  /** The runner's own session; naming another is PermissionDenied. */
  const ownSession = (ctx: HandlerContext, requested: string): SessionRecord => {
    const { session } = requireRunner(ctx);
    if (requested !== "" && requested !== session.id) {
      throw new ConnectError("a runner token reads only its own session", Code.PermissionDenied);
    }
    return session;
  };

  return withFieldLimits(SessionService, {
    async createSession(req, ctx) {
      const principal = requireUser(ctx);
      const project = await findProject(store.projects, req.projectId);
      await requireRole(store.projects, principal, project, ProjectRole.EDITOR, "starting a session", {
        what: "project",
        ref: req.projectId,
      });
      throwIfViolations([
        ...(req.name === "" ? [] : validateName(req.name)),
        ...(req.agent === "" ? [] : validateName(req.agent, "agent")),
      ]);
      const ttlMs = sessionTtlMs(req.ttl, deps.maxSessionTtlMs);
      const runner = newRunnerToken();
      const session = await store.sessions.insert({
        id: newSessionId(),
        projectId: project.id,
        agent: req.agent,
        name: req.name,
        creatorId: principal.user.id,
        runnerTokenHash: runner.hash,
        expireTime: { afterCreateMs: ttlMs },
      });
      await deps.audit.record(auditContext(ctx), {
        action: AuditAction.SESSION_CREATE,
        projectId: project.id,
        sessionId: session.id,
      });
      const resolution = resolveSession(await store.bindings.listForSession(session));
      return { session: sessionToProto(session, now(), resolution), runnerToken: runner.token };
    },

    async getSession(req, ctx) {
      const session = await visibleSession(requireUser(ctx), req.id, ProjectRole.VIEWER, "viewing a session");
      // Members see which credential won per provider, never a secret.
      const resolution = resolveSession(await store.bindings.listForSession(session));
      return { session: sessionToProto(session, now(), resolution) };
    },

    async listSessions(req, ctx) {
      const principal = requireUser(ctx);
      const limit = pageLimit(req.pageSize);
      const project = req.projectId === "" ? undefined : await findProject(store.projects, req.projectId);
      if (project) {
        await requireRole(store.projects, principal, project, ProjectRole.VIEWER, "listing sessions", {
          what: "project",
          ref: req.projectId,
        });
      }
      const member = principal.user.admin ? ({ all: true } as const) : { memberId: principal.user.id };
      const query = JSON.stringify(["sessions", project?.id ?? "*", "memberId" in member ? member.memberId : "*"]);
      const after = pageStart(req.pageToken, query, "session");
      const rows = await store.sessions.list({
        project: project ? { projectId: project.id } : { all: true },
        member,
        after: after && { createTime: after.time, id: after.id },
        limit: limit + 1,
      });
      const { page, nextPageToken } = cutPage(rows, limit, query, (s) => ({ time: s.createTime, id: s.id }));
      return { sessions: page.map((s) => sessionToProto(s, now())), nextPageToken };
    },

    async endSession(req, ctx) {
      const found = await visibleSession(requireUser(ctx), req.id, ProjectRole.EDITOR, "ending a session");
      const ended = (await store.sessions.end(found.id, now())) ?? found;
      if (found.state !== ended.state) {
        await deps.audit.record(auditContext(ctx), {
          action: AuditAction.SESSION_END,
          projectId: ended.projectId,
          sessionId: ended.id,
        });
        await deps.events.sessionEnded(ended.id);
      }
      return { session: sessionToProto(ended, now()) };
    },

    async getSessionCredentials(req, ctx) {
      const session = ownSession(ctx, req.sessionId);
      const snapshot = await readSession(store, opener, session);
      // Fail closed: nothing is returned unless every read is recorded.
      await deps.audit.recordAll(auditContext(ctx), secretReads(snapshot, session));
      return { credentials: [...snapshot.credentials], session: sessionToProto(session, now(), snapshot.resolution) };
    },

    watchSessionCredentials(req, ctx) {
      const session = ownSession(ctx, req.sessionId);
      if (!isLive(session, now())) throw new ConnectError("the session has ended", Code.Unauthenticated);
      return endOnShutdown(
        watchSession(deps, session, auditContext(ctx), AbortSignal.any([ctx.signal, deps.shutdown])),
        deps.shutdown,
      );
    },
  });
}

/**
 * The stream as it is, until shutdown: then Unavailable, which gRPC and
 * Connect clients treat as "retry", instead of an end the runner could take
 * for a finished session.
 */
async function* endOnShutdown<T>(stream: AsyncGenerator<T>, shutdown: AbortSignal): AsyncGenerator<T> {
  yield* stream;
  if (shutdown.aborted) throw new ConnectError("the server is shutting down; reconnect", Code.Unavailable);
}
