// Test support: the one fixture every cell of the authorization matrix runs
// against, built through the API wherever the API allows it.

import {
  BindingService,
  type CreateBindingRequestSchema,
  CredentialService,
  ProjectRole,
  ProjectService,
  ProviderType,
  SessionService,
  UserService,
} from "@acp/proto";
import type { DescService, MessageInitShape } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import { newRunnerToken } from "../services/index.js";
import { newSessionId, type ProjectId, type UserId } from "../storage/index.js";
import { isUserPrincipal, type PrincipalName, type UserPrincipalName } from "./authorization-principals.js";
import type { TestApi } from "./test-api.js";

export interface MatrixUser {
  readonly id: UserId;
  readonly name: string;
  readonly token: string;
}

/** Who a cell calls as: its token, and its user when it is one. */
export interface Caller {
  readonly name: PrincipalName;
  readonly token: string | undefined;
  readonly user: MatrixUser | undefined;
}

export interface Named {
  readonly id: string;
  readonly name: string;
}

export interface AuthorizationWorld {
  readonly api: TestApi;
  /** The user principals, and a bystander who is none of them: "another user" of the token RPCs. */
  readonly users: Readonly<Record<UserPrincipalName | "bystander", MatrixUser>>;
  /** P: owner, editor and viewer are its members; C is bound to it; S runs in it. */
  readonly project: Named;
  /** P2: none of the user principals but the admin may see it; S2 runs in it. */
  readonly otherProject: Named;
  /** C, owned by the credential owner, who holds no role anywhere. */
  readonly credential: Named & { readonly secret: string };
  /** C's project-tier binding to P. */
  readonly bindingId: string;
  readonly sessionId: string;
  readonly otherSessionId: string;
  readonly callers: Readonly<Record<PrincipalName, Caller>>;
  /** A name nothing has used yet, for cells that create something named. */
  fresh(kind: string): string;
}

/** A client of `service` as `user`. */
export function as<S extends DescService>(api: TestApi, service: S, user: MatrixUser): Client<S> {
  return api.client(service, user.token);
}

/**
 * Binds one of the credential owner's credentials to a target in P. Binding
 * needs the binder to own the credential and be an editor of the target's
 * project, while the matrix wants the credential owner to hold no role; so an
 * admin makes them an editor of P just for the bind and removes them right
 * after. Choosing this over a separate project P0 keeps C bound where S's
 * runner reads it.
 */
export async function bindAsCredentialOwner(
  api: TestApi,
  users: AuthorizationWorld["users"],
  projectId: string,
  request: MessageInitShape<typeof CreateBindingRequestSchema>,
): Promise<string> {
  const members = as(api, ProjectService, users.admin);
  const owner = users.credentialOwner;
  await members.addProjectMember({ projectId, userId: owner.id, role: ProjectRole.EDITOR });
  try {
    const { binding } = await as(api, BindingService, owner).createBinding(request);
    return binding!.id;
  } finally {
    await members.removeProjectMember({ projectId, userId: owner.id });
  }
}

export async function buildAuthorizationWorld(api: TestApi): Promise<AuthorizationWorld> {
  let counter = 0;
  const fresh = (kind: string) => `matrix-${kind}-${++counter}`;
  const admin: MatrixUser = { id: api.userIds.admin, name: "admin", token: api.tokens.admin };
  const bystander: MatrixUser = { id: api.userIds.alice, name: "alice", token: api.tokens.alice };
  const newUser = async (name: string): Promise<MatrixUser> => {
    const { user, token } = await as(api, UserService, admin).createUser({ name, admin: false });
    return { id: user!.id as UserId, name, token };
  };
  const users = {
    plain: await newUser("matrix-plain"),
    credentialOwner: await newUser("matrix-credential-owner"),
    projectOwner: await newUser("matrix-project-owner"),
    projectEditor: await newUser("matrix-project-editor"),
    projectViewer: await newUser("matrix-project-viewer"),
    admin,
    bystander,
  };

  const projects = as(api, ProjectService, admin);
  const project = (await projects.createProject({ name: "matrix-p", ownerId: users.projectOwner.id })).project!;
  const asOwner = as(api, ProjectService, users.projectOwner);
  await asOwner.addProjectMember({ projectId: project.id, userId: users.projectEditor.id, role: ProjectRole.EDITOR });
  await asOwner.addProjectMember({ projectId: project.id, userId: users.projectViewer.id, role: ProjectRole.VIEWER });
  const otherProject = (await projects.createProject({ name: "matrix-p2" })).project!;

  const secret = "ghp_matrixcredentialc000000000000000000";
  const { credential } = await as(api, CredentialService, users.credentialOwner).createCredential({
    name: "matrix-c",
    provider: ProviderType.GITHUB,
    secret,
  });
  const bindingId = await bindAsCredentialOwner(api, users, project.id, {
    credentialId: credential!.id,
    target: { case: "projectId", value: project.id },
  });

  const sessions = as(api, SessionService, users.projectEditor);
  const session = await sessions.createSession({ projectId: project.id, name: "matrix-s" });
  const otherSession = await as(api, SessionService, admin).createSession({
    projectId: otherProject.id,
    name: "matrix-s2",
  });
  const ended = await sessions.createSession({ projectId: project.id, name: "matrix-ended" });
  await sessions.endSession({ id: ended.session!.id });
  // The API never issues an already expired token, so this session is written to the store.
  const expired = newRunnerToken();
  await api.store.sessions.insert({
    id: newSessionId(),
    projectId: project.id as ProjectId,
    agent: "",
    name: "matrix-expired",
    creatorId: users.projectEditor.id,
    runnerTokenHash: expired.hash,
    expireTime: new Date(Date.now() - 60_000),
  });
  const tokens = as(api, UserService, users.plain);
  const { apiToken, token: revoked } = await tokens.createApiToken({ description: "revoked at once" });
  await tokens.revokeApiToken({ id: apiToken!.id });

  const tokenOf: Record<PrincipalName, string | undefined> = {
    none: undefined,
    malformed: "!!!",
    revoked,
    expiredRunner: expired.token,
    endedRunner: ended.runnerToken,
    plain: users.plain.token,
    credentialOwner: users.credentialOwner.token,
    projectOwner: users.projectOwner.token,
    projectEditor: users.projectEditor.token,
    projectViewer: users.projectViewer.token,
    admin: admin.token,
    runner: session.runnerToken,
    otherRunner: otherSession.runnerToken,
  };
  const callers = Object.fromEntries(
    Object.entries(tokenOf).map(([key, token]) => {
      const name = key as PrincipalName;
      return [name, { name, token, user: isUserPrincipal(name) ? users[name] : undefined }];
    }),
  ) as Record<PrincipalName, Caller>;

  return {
    api,
    users,
    project,
    otherProject,
    credential: { id: credential!.id, name: credential!.name, secret },
    bindingId,
    sessionId: session.session!.id,
    otherSessionId: otherSession.session!.id,
    callers,
    fresh,
  };
}
