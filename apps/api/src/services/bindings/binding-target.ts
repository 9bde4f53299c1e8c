import { BindingTier, type CreateBindingRequest, ProjectRole } from "@acp/proto";
import { Code, ConnectError } from "@connectrpc/connect";
import { type BindingTarget, type ProjectRecord, parseId, type Store } from "../../storage/index.js";
import { requireAdmin, type UserPrincipal } from "../auth/principal.js";
import { findProject } from "../projects/find-project.js";
import { type AskedFor, requireRole } from "../projects/project-access.js";
import { invalidArgument, notFound, throwIfViolations } from "../request-errors.js";
import { isLive } from "../sessions/session-to-proto.js";
import { validateName } from "../validate-name.js";

/**
 * The target a CreateBinding names, checked against who may bind there: an
 * editor or above of the target's project, or an admin for a global binding.
 */
export async function bindingTarget(
  store: Store,
  principal: UserPrincipal,
  target: CreateBindingRequest["target"],
  now: Date,
): Promise<BindingTarget> {
  const editorOf = (project: ProjectRecord, asked: AskedFor) =>
    requireRole(store.projects, principal, project, ProjectRole.EDITOR, "binding to it", asked);
  switch (target.case) {
    case "sessionId": {
      const id = parseId("session", target.value);
      const session = id && (await store.sessions.get(id));
      if (!session) throw notFound("session", target.value);
      const project = await store.projects.get(session.projectId);
      if (!project) throw notFound("session", target.value);
      await editorOf(project, { what: "session", ref: target.value });
      if (!isLive(session, now)) throw new ConnectError(`session ${session.id} has ended`, Code.FailedPrecondition);
      return { tier: BindingTier.SESSION, sessionId: session.id, projectId: session.projectId };
    }
    case "agent": {
      throwIfViolations(validateName(target.value.agent, "agent.agent"));
      const project = await findProject(store.projects, target.value.projectId, "agent.project_id");
      await editorOf(project, { what: "project", ref: target.value.projectId });
      return { tier: BindingTier.AGENT, projectId: project.id, agent: target.value.agent };
    }
    case "projectId": {
      const project = await findProject(store.projects, target.value);
      await editorOf(project, { what: "project", ref: target.value });
      return { tier: BindingTier.PROJECT, projectId: project.id };
    }
    case "global":
      requireAdmin(principal, "bind a credential to every session");
      return { tier: BindingTier.GLOBAL };
    default:
      throw invalidArgument([{ field: "target", description: "set session_id, agent, project_id or global" }]);
  }
}
