import { AuditAction, AuditService, CredentialService, ProviderType, SessionService } from "@acp/proto";
import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import {
  bindToProject,
  createCredential,
  projectWithEditors,
  startSession,
  tokenKubeconfig,
} from "../../testing/access-fixtures.js";
import { expectCode } from "../../testing/expect-connect-error.js";
import { useTestApi } from "../../testing/test-api.js";
import { testBackends } from "../../testing/test-databases.js";

describe.each(testBackends)("least privilege on $name", (backend) => {
  const api = useTestApi(backend);

  it("lets a session's runner read the owner's kubeconfig while the editor who started it cannot, then ends", async () => {
    const project = await projectWithEditors(api, "payments");
    const kubeconfig = tokenKubeconfig("sha256~alice-cluster-token");
    const credential = await createCredential(
      api,
      api.tokens.alice,
      "prod-cluster",
      ProviderType.KUBECONFIG,
      kubeconfig,
    );
    await bindToProject(api, api.tokens.alice, credential.id, project.id);
    const { session, runnerToken } = await startSession(api, api.tokens.bob, project.name);
    expect(runnerToken).toMatch(/^acpr_[A-Za-z0-9_-]{43}$/);
    expect(session.resolved.map((r) => r.credentialId)).toEqual([credential.id]);

    const runner = api.client(SessionService, runnerToken);
    const read = await runner.getSessionCredentials({});
    expect(read.credentials).toHaveLength(1);
    expect(read.credentials[0]).toMatchObject({
      credentialId: credential.id,
      provider: ProviderType.KUBECONFIG,
      name: "prod-cluster",
    });
    expect(read.credentials[0]!.secret).toContain("sha256~alice-cluster-token");
    expect(read.credentials[0]!.summary.case).toBe("kubeconfig");
    expect(read.session?.expireTime).toBeDefined();

    // Bob, who started the session, reaches Alice's secret by no RPC.
    await expectCode(
      api.client(CredentialService, api.tokens.bob).getCredentialSecret({ id: credential.id }),
      Code.NotFound,
    );
    await expectCode(
      api.client(SessionService, api.tokens.bob).getSessionCredentials({ sessionId: session.id }),
      Code.PermissionDenied,
    );
    const bobWatch = api.client(SessionService, api.tokens.bob).watchSessionCredentials({ sessionId: session.id });
    await expectCode(bobWatch[Symbol.asyncIterator]().next(), Code.PermissionDenied);
    // And the runner token reaches nothing else.
    await expectCode(
      api.client(CredentialService, runnerToken).getCredentialSecret({ id: credential.id }),
      Code.PermissionDenied,
    );

    // Exactly one read of the kubeconfig so far, by the session, with the HMAC of what it got.
    const audit = api.client(AuditService, api.tokens.admin);
    const { valueHmac } = await audit.hashAuditValue({ value: read.credentials[0]!.secret });
    const reads = await audit.listAuditEvents({ valueHmac });
    expect(reads.events.map((e) => [e.action, e.principal.case, e.principal.value])).toEqual([
      [AuditAction.SECRET_READ, "principalSessionId", session.id],
    ]);

    await api.client(SessionService, api.tokens.bob).endSession({ id: session.id });
    await expectCode(runner.getSessionCredentials({}), Code.Unauthenticated);
  });

  it("refuses a runner token past its session's TTL", async () => {
    const project = await projectWithEditors(api, "short-lived");
    const { runnerToken } = await startSession(api, api.tokens.bob, project.id, {});
    const sessions = api.client(SessionService, api.tokens.bob);
    const brief = await sessions.createSession({ projectId: project.id, ttl: { seconds: 1n, nanos: 0 } });
    const runner = api.client(SessionService, brief.runnerToken);
    await runner.getSessionCredentials({});
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await expectCode(runner.getSessionCredentials({}), Code.Unauthenticated);
    // The other session, with the default TTL, still works.
    await api.client(SessionService, runnerToken).getSessionCredentials({});
    const tooLong = await expectCode(
      sessions.createSession({ projectId: project.id, ttl: { seconds: 30n * 86_400n, nanos: 0 } }),
      Code.InvalidArgument,
    );
    expect(tooLong.rawMessage).toMatch(/ttl: must be at most 168h/);
  });

  it("returns no secret when the read cannot be audited", async () => {
    const project = await projectWithEditors(api, "audited");
    const credential = await createCredential(
      api,
      api.tokens.alice,
      "audited-gh",
      ProviderType.GITHUB,
      "ghp_auditedtoken0000000000000000000000",
    );
    await bindToProject(api, api.tokens.alice, credential.id, project.id);
    const { runnerToken } = await startSession(api, api.tokens.bob, project.id);
    api.audit.store.failAppends(true);
    try {
      const err = await expectCode(api.client(SessionService, runnerToken).getSessionCredentials({}), Code.Unavailable);
      expect(err.rawMessage).not.toContain("ghp_audited");
    } finally {
      api.audit.store.failAppends(false);
    }
  });
});
