// Test support for the access model: a kubeconfig that validates, and the
// project, membership, binding and session calls the suites repeat.
import {
  BindingService,
  CredentialService,
  ProjectRole,
  ProjectService,
  type ProviderType,
  SessionService,
} from "@acp/proto";
import type { TestApi } from "./test-api.js";

export { tokenKubeconfig } from "@acp/kubeconfig/test-corpus";

/** A project created by the admin, with alice and bob as editors. */
export async function projectWithEditors(api: TestApi, name: string) {
  const projects = api.client(ProjectService, api.tokens.admin);
  const { project } = await projects.createProject({ name });
  for (const userId of [api.userIds.alice, api.userIds.bob]) {
    await projects.addProjectMember({ projectId: project!.id, userId, role: ProjectRole.EDITOR });
  }
  return project!;
}

export async function createCredential(
  api: TestApi,
  token: string,
  name: string,
  provider: ProviderType,
  secret: string,
) {
  const { credential } = await api.client(CredentialService, token).createCredential({ name, provider, secret });
  return credential!;
}

export async function bindToProject(api: TestApi, token: string, credentialId: string, projectId: string) {
  const { binding } = await api
    .client(BindingService, token)
    .createBinding({ credentialId, target: { case: "projectId", value: projectId } });
  return binding!;
}

export async function startSession(api: TestApi, token: string, projectId: string, extra: { agent?: string } = {}) {
  const created = await api.client(SessionService, token).createSession({ projectId, ...extra });
  return { session: created.session!, runnerToken: created.runnerToken };
}
