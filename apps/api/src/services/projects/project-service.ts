import { AuditAction, ProjectRole, ProjectService } from "@acp/proto";
import type { ServiceImpl } from "@connectrpc/connect";
import { Code, ConnectError } from "@connectrpc/connect";
import { type MemberRole, NameTakenError, type ProjectRecord, type Store } from "../../storage/index.js";
import { type AuditTrail, auditContext } from "../audit/audit-trail.js";
import { requireAdmin, requireUser } from "../auth/principal.js";
import { withFieldLimits } from "../check-request.js";
import { cutPage, pageLimit, pageStart } from "../list-page.js";
import { alreadyExists, invalidArgument, notFound, throwIfViolations } from "../request-errors.js";
import type { SessionEvents } from "../sessions/session-events.js";
import { findUser } from "../users/find-user.js";
import { validateName } from "../validate-name.js";
import { findProject } from "./find-project.js";
import { canSee, requireRole } from "./project-access.js";
import { memberToProto, projectToProto } from "./project-to-proto.js";

function memberRole(role: ProjectRole): MemberRole {
  if (role === ProjectRole.UNSPECIFIED || ProjectRole[role] === undefined) {
    throw invalidArgument([
      { field: "role", description: "must be PROJECT_ROLE_VIEWER, PROJECT_ROLE_EDITOR or PROJECT_ROLE_OWNER" },
    ]);
  }
  return role;
}

const lastOwner = (project: string) =>
  new ConnectError(
    `project "${project}" must keep at least one owner; add another owner first`,
    Code.FailedPrecondition,
  );

export function createProjectService(
  store: Store,
  audit: AuditTrail,
  events: SessionEvents,
): ServiceImpl<typeof ProjectService> {
  const { projects } = store;
  return withFieldLimits(ProjectService, {
    async createProject(req, ctx) {
      const principal = requireUser(ctx);
      requireAdmin(principal, "create projects");
      throwIfViolations(validateName(req.name));
      const owner = req.ownerId === "" ? principal.user : await findUser(store.users, req.ownerId, "owner_id");
      let project: ProjectRecord;
      try {
        project = await projects.insert({ name: req.name, description: req.description, ownerId: owner.id });
      } catch (err) {
        if (err instanceof NameTakenError)
          throw alreadyExists(`a project named ${JSON.stringify(req.name)} already exists`);
        throw err;
      }
      await audit.record(auditContext(ctx), {
        action: AuditAction.PROJECT_CREATE,
        projectId: project.id,
        userId: owner.id,
      });
      return { project: projectToProto(project) };
    },

    async getProject(req, ctx) {
      const principal = requireUser(ctx);
      const project = await findProject(projects, req.id, "id");
      await requireRole(projects, principal, project, ProjectRole.VIEWER, "viewing the project", {
        what: "project",
        ref: req.id,
      });
      return { project: projectToProto(project) };
    },

    async listProjects(req, ctx) {
      const principal = requireUser(ctx);
      const limit = pageLimit(req.pageSize);
      const member = principal.user.admin ? ({ all: true } as const) : { memberId: principal.user.id };
      const query = JSON.stringify(["projects", "memberId" in member ? member.memberId : "*"]);
      const after = pageStart(req.pageToken, query, "project");
      const rows = await projects.list({
        member,
        after: after && { createTime: after.time, id: after.id },
        limit: limit + 1,
      });
      const { page, nextPageToken } = cutPage(rows, limit, query, (p) => ({ time: p.createTime, id: p.id }));
      return { projects: page.map(projectToProto), nextPageToken };
    },

    async deleteProject(req, ctx) {
      const principal = requireUser(ctx);
      const project = await findProject(projects, req.id, "id");
      await requireRole(projects, principal, project, ProjectRole.OWNER, "deleting the project", {
        what: "project",
        ref: req.id,
      });
      const deleted = await projects.delete(project.id);
      if (deleted) {
        await audit.record(auditContext(ctx), { action: AuditAction.PROJECT_DELETE, projectId: project.id });
        await events.projectDeleted(project.id, deleted);
      }
      return {};
    },

    async addProjectMember(req, ctx) {
      const principal = requireUser(ctx);
      const role = memberRole(req.role);
      const project = await findProject(projects, req.projectId);
      await requireRole(projects, principal, project, ProjectRole.OWNER, "managing members", {
        what: "project",
        ref: req.projectId,
      });
      const user = await findUser(store.users, req.userId, "user_id");
      const changed = await projects.setMember(project.id, user.id, role);
      if (!changed.ok) {
        if (changed.reason === "last-owner") throw lastOwner(project.name);
        throw new ConnectError(`project "${project.name}" was deleted`, Code.NotFound);
      }
      await audit.record(auditContext(ctx), { action: AuditAction.MEMBER_ADD, projectId: project.id, userId: user.id });
      return { member: memberToProto(changed.value) };
    },

    async removeProjectMember(req, ctx) {
      const principal = requireUser(ctx);
      const project = await findProject(projects, req.projectId);
      await requireRole(projects, principal, project, ProjectRole.OWNER, "managing members", {
        what: "project",
        ref: req.projectId,
      });
      const user = await findUser(store.users, req.userId, "user_id");
      const removed = await projects.removeMember(project.id, user.id);
      if (!removed.ok) {
        if (removed.reason === "last-owner") throw lastOwner(project.name);
        throw new ConnectError(`${user.name} is not a member of project "${project.name}"`, Code.NotFound);
      }
      await audit.record(auditContext(ctx), {
        action: AuditAction.MEMBER_REMOVE,
        projectId: project.id,
        userId: user.id,
      });
      return {};
    },

    async listProjectMembers(req, ctx) {
      const principal = requireUser(ctx);
      const project = await findProject(projects, req.projectId);
      if (!(await canSee(projects, principal, project))) throw notFound("project", req.projectId);
      return { members: (await projects.listMembers(project.id)).map(memberToProto) };
    },
  });
}
