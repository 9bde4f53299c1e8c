// Test support: fresh targets for the authorization matrix's destructive cells.
// Each such cell gets its own, made by someone allowed to, so every principal
// meets the same situation however the cells before it went.
import { CredentialService, ProjectRole, ProjectService, ProviderType, SessionService, UserService } from "@acp/proto";
import {
  type AuthorizationWorld,
  as,
  bindAsCredentialOwner,
  type Caller,
  type MatrixUser,
} from "./authorization-world.js";

/**
 * A credential of `owner`'s. GitLab, unlike C: the cells that bind these must
 * not take the GitHub slot C holds in S's resolved set.
 */
export async function freshCredential(world: AuthorizationWorld, owner: MatrixUser): Promise<string> {
  const { credential } = await as(world.api, CredentialService, owner).createCredential({
    name: world.fresh("credential"),
    provider: ProviderType.GITLAB,
    secret: "glpat-matrixthrowaway0000",
  });
  return credential!.id;
}

/** The caller's own fresh credential; a caller who is no user gets the credential owner's. */
export function callersCredential(world: AuthorizationWorld, caller: Caller): Promise<string> {
  return freshCredential(world, caller.user ?? world.users.credentialOwner);
}

/** A project whose members hold the roles they hold in P, and optionally the bystander as a viewer. */
export async function copyOfProject(world: AuthorizationWorld, withBystander = false): Promise<string> {
  const { users } = world;
  const { project } = await as(world.api, ProjectService, users.admin).createProject({
    name: world.fresh("project"),
    ownerId: users.projectOwner.id,
  });
  const members = as(world.api, ProjectService, users.projectOwner);
  const add = (user: MatrixUser, role: ProjectRole) =>
    members.addProjectMember({ projectId: project!.id, userId: user.id, role });
  await add(users.projectEditor, ProjectRole.EDITOR);
  await add(users.projectViewer, ProjectRole.VIEWER);
  if (withBystander) await add(users.bystander, ProjectRole.VIEWER);
  return project!.id;
}

/**
 * A binding of C in P: to an agent of P with a fresh name, since C is already
 * bound to P itself and no session in the matrix runs that agent.
 */
export function freshBindingOfC(world: AuthorizationWorld): Promise<string> {
  return bindAsCredentialOwner(world.api, world.users, world.project.id, {
    credentialId: world.credential.id,
    target: { case: "agent", value: { projectId: world.project.id, agent: world.fresh("agent") } },
  });
}

/** A running session in P, started by its editor. */
export async function freshSession(world: AuthorizationWorld): Promise<string> {
  const { session } = await as(world.api, SessionService, world.users.projectEditor).createSession({
    projectId: world.project.id,
    name: world.fresh("session"),
  });
  return session!.id;
}

/** A token `user` issued themselves, other than the one the cell calls with. */
export async function freshToken(world: AuthorizationWorld, user: MatrixUser): Promise<string> {
  const { apiToken } = await as(world.api, UserService, user).createApiToken({ description: world.fresh("token") });
  return apiToken!.id;
}

/** The caller's own fresh token; a caller who is no user has none, so it meets the bystander's. */
export function callersToken(world: AuthorizationWorld, caller: Caller): Promise<string> {
  return freshToken(world, caller.user ?? world.users.bystander);
}
