import { ProjectRole, ProjectService, SessionService, SessionState } from "@acp/proto";
import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { projectWithEditors, startSession } from "../../testing/access-fixtures.js";
import { expectCode } from "../../testing/expect-connect-error.js";
import { useTestApi } from "../../testing/test-api.js";
import { testBackends } from "../../testing/test-databases.js";

describe.each(testBackends)("ProjectService on $name", (backend) => {
  const api = useTestApi(backend);
  const projects = (token: string) => api.client(ProjectService, token);

  it("answers a non-member with the same NotFound as for nothing, repeating only what was sent", async () => {
    const { project } = await projects(api.tokens.admin).createProject({ name: "secret-codename" });
    const byId = await expectCode(projects(api.tokens.bob).getProject({ id: project!.id }), Code.NotFound);
    expect(byId.rawMessage).toBe(`project "${project!.id}" not found`);
    const missing = await expectCode(projects(api.tokens.bob).getProject({ id: "prj_doesnotexist" }), Code.NotFound);
    expect(missing.rawMessage).toBe('project "prj_doesnotexist" not found');
    const session = await expectCode(
      api.client(SessionService, api.tokens.bob).createSession({ projectId: project!.id }),
      Code.NotFound,
    );
    expect(session.rawMessage).not.toContain("secret-codename");
  });

  it("keeps at least one owner, changes roles in place, and names the role a member lacks", async () => {
    const { project } = await projects(api.tokens.admin).createProject({ name: "owned", ownerId: "alice" });
    const alice = projects(api.tokens.alice);
    const last = await expectCode(
      alice.removeProjectMember({ projectId: "owned", userId: "alice" }),
      Code.FailedPrecondition,
    );
    expect(last.rawMessage).toMatch(/must keep at least one owner/);
    await expectCode(
      alice.addProjectMember({ projectId: "owned", userId: "alice", role: ProjectRole.VIEWER }),
      Code.FailedPrecondition,
    );
    await alice.addProjectMember({ projectId: project!.id, userId: "bob", role: ProjectRole.VIEWER });
    const denied = await expectCode(
      api.client(SessionService, api.tokens.bob).createSession({ projectId: "owned" }),
      Code.PermissionDenied,
    );
    expect(denied.rawMessage).toBe('starting a session needs the editor role in project "owned"; your role is viewer');
    const promoted = await alice.addProjectMember({
      projectId: "owned",
      userId: api.userIds.bob,
      role: ProjectRole.OWNER,
    });
    expect(promoted.member).toMatchObject({ userName: "bob", role: ProjectRole.OWNER });
    await alice.removeProjectMember({ projectId: "owned", userId: "alice" });
    const members = await projects(api.tokens.bob).listProjectMembers({ projectId: "owned" });
    expect(members.members.map((m) => [m.userName, m.role])).toEqual([["bob", ProjectRole.OWNER]]);
    await expectCode(alice.getProject({ id: "owned" }), Code.NotFound);
  });

  it("ends the project's sessions when it is deleted", async () => {
    const project = await projectWithEditors(api, "short-project");
    const { session, runnerToken } = await startSession(api, api.tokens.bob, project.id);
    await expectCode(projects(api.tokens.bob).deleteProject({ id: project.id }), Code.PermissionDenied);
    await projects(api.tokens.admin).deleteProject({ id: "short-project" });
    await expectCode(api.client(SessionService, runnerToken).getSessionCredentials({}), Code.Unauthenticated);
    const ended = await api.store.sessions.get(session.id as `ses_${string}`);
    expect(ended?.state).toBe(SessionState.ENDED);
    await expectCode(projects(api.tokens.admin).getProject({ id: "short-project" }), Code.NotFound);
  });
});
