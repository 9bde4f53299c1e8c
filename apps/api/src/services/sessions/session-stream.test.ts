import {
  AuditAction,
  AuditService,
  BindingService,
  CredentialService,
  ProjectService,
  ProviderType,
  SessionService,
  SessionState,
} from "@acp/proto";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  bindToProject,
  createCredential,
  projectWithEditors,
  startSession,
  tokenKubeconfig,
} from "../../testing/access-fixtures.js";
import { streamReader } from "../../testing/stream-reader.js";
import { useTestApi } from "../../testing/test-api.js";
import { testBackends } from "../../testing/test-databases.js";

describe.each(testBackends)("the session change stream on $name", (backend) => {
  const api = useTestApi(backend);
  /** A runner's stream, cancelled when the test ends however it ends, so the server can always close. */
  const watch = (runnerToken: string) => {
    const controller = new AbortController();
    onTestFinished(() => controller.abort());
    return streamReader(
      api.client(SessionService, runnerToken).watchSessionCredentials({}, { signal: controller.signal }),
    );
  };

  it("sends the set, then each change: a rotation, an unbind, a less specific replacement, and the end", async () => {
    const project = await projectWithEditors(api, "stream");
    const alices = await createCredential(
      api,
      api.tokens.alice,
      "cluster",
      ProviderType.KUBECONFIG,
      tokenKubeconfig("sha256~token-one"),
    );
    const binding = await bindToProject(api, api.tokens.alice, alices.id, project.id);
    const { session, runnerToken } = await startSession(api, api.tokens.bob, project.id);
    const stream = watch(runnerToken);
    const secrets = (m: { credentials: { secret: string }[] }) => m.credentials.map((c) => c.secret);

    const first = await stream.message("the initial set");
    expect(first.state).toBe(SessionState.RUNNING);
    expect(secrets(first).join()).toContain("sha256~token-one");

    await api.client(CredentialService, api.tokens.alice).updateCredential({
      id: alices.id,
      updateMask: { paths: ["secret"] },
      secret: tokenKubeconfig("sha256~token-two"),
    });
    const rotated = await stream.message("the rotated set");
    expect(secrets(rotated).join()).toContain("sha256~token-two");

    // A change that does not alter what the runner receives sends nothing.
    await api
      .client(CredentialService, api.tokens.alice)
      .updateCredential({ id: alices.id, updateMask: { paths: ["description"] }, description: "x" });

    await api.client(BindingService, api.tokens.alice).deleteBinding({ id: binding.id });
    const unbound = await stream.message("the set without the kubeconfig");
    expect(unbound.credentials).toEqual([]);

    const admins = await createCredential(
      api,
      api.tokens.admin,
      "fallback",
      ProviderType.KUBECONFIG,
      tokenKubeconfig("sha256~global-token"),
    );
    await api
      .client(BindingService, api.tokens.admin)
      .createBinding({ credentialId: admins.id, target: { case: "global", value: {} } });
    const replaced = await stream.message("the global replacement");
    expect(replaced.credentials.map((c) => c.credentialId)).toEqual([admins.id]);
    expect(replaced.session?.resolved[0]?.tier).toBe(4);

    await api.client(SessionService, api.tokens.bob).endSession({ id: session.id });
    const ended = await stream.message("ENDED");
    expect(ended.state).toBe(SessionState.ENDED);
    expect(ended.credentials).toEqual([]);
    expect(await stream.next("the end of the stream")).toEqual({ done: true });

    // Every set that carried a secret left one record per credential in it.
    const events = await api.client(AuditService, api.tokens.admin).listAuditEvents({ sessionId: session.id });
    const reads = events.events.filter((e) => e.action === AuditAction.SECRET_READ).map((e) => e.credentialId);
    expect(reads).toEqual([alices.id, alices.id, admins.id]);
    // What the stream carried reached no log line.
    expect(api.logs.join("\n")).not.toMatch(/sha256~(token-one|token-two|global-token)/);
  });

  it("ends the stream with ENDED when the project is deleted", async () => {
    const project = await projectWithEditors(api, "doomed");
    const { runnerToken } = await startSession(api, api.tokens.bob, project.id);
    const stream = watch(runnerToken);
    expect((await stream.message("the initial set")).state).toBe(SessionState.RUNNING);
    await api.client(ProjectService, api.tokens.admin).deleteProject({ id: project.id });
    expect((await stream.message("ENDED")).state).toBe(SessionState.ENDED);
    expect(await stream.next("the end of the stream")).toEqual({ done: true });
  });
});
