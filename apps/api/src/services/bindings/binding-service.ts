import { AuditAction, BindingService, BindingTier, ProjectRole } from "@acp/proto";
import type { ServiceImpl } from "@connectrpc/connect";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  type BindingRecord,
  BindingTakenError,
  type CredentialId,
  type CredentialRecord,
  parseId,
  type Store,
} from "../../storage/index.js";
import { type AuditTrail, auditContext } from "../audit/audit-trail.js";
import { requireUser, type UserPrincipal } from "../auth/principal.js";
import { withFieldLimits } from "../check-request.js";
import { findOwnByName, loadAccessible } from "../credentials/credential-access.js";
import { cutPage, pageLimit, pageStart } from "../list-page.js";
import { findProject } from "../projects/find-project.js";
import { canSee } from "../projects/project-access.js";
import { alreadyExists, invalidArgument, notFound } from "../request-errors.js";
import type { SessionEvents } from "../sessions/session-events.js";
import { bindingTarget } from "./binding-target.js";
import { bindingToProto } from "./binding-to-proto.js";

export interface BindingServiceDeps {
  readonly store: Store;
  readonly audit: AuditTrail;
  readonly events: SessionEvents;
  readonly now: () => Date;
}

export function createBindingService({
  store,
  audit,
  events,
  now,
}: BindingServiceDeps): ServiceImpl<typeof BindingService> {
  /** A credential named by id or, among the caller's own, by name. */
  const credentialRef = (principal: UserPrincipal, ref: string): Promise<CredentialRecord> => {
    if (ref === "")
      throw invalidArgument([{ field: "credential_id", description: "must name a credential by id or name" }]);
    return parseId("credential", ref)
      ? loadAccessible(store.credentials, principal, ref)
      : findOwnByName(store.credentials, principal, ref);
  };

  /** The project whose members may see or manage the binding; undefined for a global one. */
  const projectOf = (binding: BindingRecord) =>
    binding.target.tier === BindingTier.GLOBAL ? undefined : binding.target.projectId;

  /** May the caller see the binding: the credential's owner, an admin, or a member of the target's project. */
  const visibility = (principal: UserPrincipal) => {
    const owners = new Map<CredentialId, string | undefined>();
    const memberships = new Map<string, ProjectRole | undefined>();
    return async (binding: BindingRecord, least: ProjectRole): Promise<boolean> => {
      if (principal.user.admin) return true;
      if (!owners.has(binding.credentialId))
        owners.set(binding.credentialId, (await store.credentials.get(binding.credentialId))?.ownerId);
      if (owners.get(binding.credentialId) === principal.user.id) return true;
      const projectId = projectOf(binding);
      if (projectId === undefined) return false;
      if (!memberships.has(projectId))
        memberships.set(projectId, (await store.projects.getMember(projectId, principal.user.id))?.role);
      const role = memberships.get(projectId);
      return role !== undefined && role >= least;
    };
  };

  return withFieldLimits(BindingService, {
    async createBinding(req, ctx) {
      const principal = requireUser(ctx);
      const credential = await credentialRef(principal, req.credentialId);
      if (credential.ownerId !== principal.user.id) {
        throw new ConnectError("only the credential's owner may bind it", Code.PermissionDenied);
      }
      const target = await bindingTarget(store, principal, req.target, now());
      let binding: BindingRecord;
      try {
        binding = await store.bindings.insert({
          credentialId: credential.id,
          provider: credential.provider,
          target,
          creatorId: principal.user.id,
        });
      } catch (err) {
        if (err instanceof BindingTakenError)
          throw alreadyExists(`credential "${credential.name}" is already bound there`);
        throw err;
      }
      await audit.record(auditContext(ctx), {
        action: AuditAction.BIND,
        credential: { id: credential.id, ownerId: credential.ownerId, provider: credential.provider },
        bindingId: binding.id,
        ...(projectOf(binding) ? { projectId: projectOf(binding)! } : {}),
      });
      await events.bindingChanged(binding);
      return { binding: bindingToProto(binding) };
    },

    async listBindings(req, ctx) {
      const principal = requireUser(ctx);
      const limit = pageLimit(req.pageSize);
      const credential = req.credentialId === "" ? undefined : await credentialRef(principal, req.credentialId);
      const project = req.projectId === "" ? undefined : await findProject(store.projects, req.projectId);
      // A project the caller cannot see answers as one that does not exist, so listing is no existence test.
      if (project && !(await canSee(store.projects, principal, project))) throw notFound("project", req.projectId);
      const sessionId = req.sessionId === "" ? undefined : parseId("session", req.sessionId);
      if (req.sessionId !== "" && sessionId === undefined) throw notFound("session", req.sessionId);
      if (project && sessionId)
        throw invalidArgument([{ field: "session_id", description: "filter by project or by session, not both" }]);
      const query = JSON.stringify([
        "bindings",
        principal.user.id,
        credential?.id ?? "*",
        project?.id ?? "*",
        sessionId ?? "*",
      ]);
      const after = pageStart(req.pageToken, query, "binding");
      const rows = await store.bindings.list({
        credential: credential ? { credentialId: credential.id } : { all: true },
        scope: project ? { projectId: project.id } : sessionId ? { sessionId } : { all: true },
        after: after && { createTime: after.time, id: after.id },
        limit: limit + 1,
      });
      const { page, nextPageToken } = cutPage(rows, limit, query, (b) => ({ time: b.createTime, id: b.id }));
      const mayView = visibility(principal);
      const visible: BindingRecord[] = [];
      for (const binding of page) if (await mayView(binding, ProjectRole.VIEWER)) visible.push(binding);
      return { bindings: visible.map(bindingToProto), nextPageToken };
    },

    async deleteBinding(req, ctx) {
      const principal = requireUser(ctx);
      const id = parseId("binding", req.id);
      const binding = id && (await store.bindings.get(id));
      const mayManage = visibility(principal);
      if (!binding || !(await mayManage(binding, ProjectRole.VIEWER))) throw notFound("binding", req.id);
      if (!(await mayManage(binding, ProjectRole.EDITOR))) {
        throw new ConnectError(
          "unbinding needs the credential's owner, an editor of the project, or an admin",
          Code.PermissionDenied,
        );
      }
      const removed = await store.bindings.delete(binding.id);
      if (removed) {
        await audit.record(auditContext(ctx), {
          action: AuditAction.UNBIND,
          bindingId: removed.id,
          ...(projectOf(removed) ? { projectId: projectOf(removed)! } : {}),
        });
        await events.bindingChanged(removed);
      }
      return {};
    },
  });
}
