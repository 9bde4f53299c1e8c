import { ProjectRole } from "@acp/proto";
import { Code, ConnectError } from "@connectrpc/connect";
import type { MemberRole, ProjectRecord, ProjectStore } from "../../storage/index.js";
import type { UserPrincipal } from "../auth/principal.js";
import { notFound } from "../request-errors.js";

const roleName: Readonly<Record<MemberRole, string>> = {
  [ProjectRole.VIEWER]: "viewer",
  [ProjectRole.EDITOR]: "editor",
  [ProjectRole.OWNER]: "owner",
};

/** How the caller named what they asked for, so a refusal can repeat exactly that and nothing more. */
export interface AskedFor {
  readonly what: string;
  readonly ref: string;
}

/**
 * Requires the caller to hold at least `least` in the project; admins pass.
 * Someone who is not a member at all gets the same NotFound as for something
 * that does not exist, naming only what they sent, so neither the project's
 * existence nor its name is disclosed; a member with too low a role gets
 * PermissionDenied naming the role needed.
 */
export async function requireRole(
  projects: ProjectStore,
  principal: UserPrincipal,
  project: ProjectRecord,
  least: MemberRole,
  action: string,
  asked: AskedFor,
): Promise<void> {
  if (principal.user.admin) return;
  const member = await projects.getMember(project.id, principal.user.id);
  if (!member) throw notFound(asked.what, asked.ref);
  if (member.role < least) {
    throw new ConnectError(
      `${action} needs the ${roleName[least]} role in project "${project.name}"; your role is ${roleName[member.role]}`,
      Code.PermissionDenied,
    );
  }
}

/** Whether the caller may see the project at all (any role, or admin). */
export async function canSee(
  projects: ProjectStore,
  principal: UserPrincipal,
  project: ProjectRecord,
): Promise<boolean> {
  return principal.user.admin || (await projects.getMember(project.id, principal.user.id)) !== undefined;
}
