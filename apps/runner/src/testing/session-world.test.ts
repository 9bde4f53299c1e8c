import { bearer, startTestApi, type TestApi } from "@acp/api-harness";
import { ProviderType } from "@acp/proto";
import { providers } from "@acp/providers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionWorld, nonClashingProviders } from "./session-world.js";

describe("the session world", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api?.stop());

  it("binds a credential of every provider that fits in one session, and the session gets them all", async () => {
    const world = await createSessionWorld(api);
    const chosen = nonClashingProviders();
    expect(chosen.length).toBeGreaterThanOrEqual(providers.all().length - 1);
    expect(world.credentials.map((c) => c.provider)).toEqual(chosen);
    const { session } = await api.sessions.getSession({ id: world.sessionId }, bearer(world.userToken));
    expect(session?.excluded).toEqual([]);
    expect(session?.resolved.map((r) => r.credentialId).sort()).toEqual(world.credentials.map((c) => c.id).sort());
    for (const credential of world.credentials) expect(world.secrets).toContain(credential.secret);
    expect(world.secrets).toContain(world.runnerToken);
  });

  it("rotates, unbinds and binds again, and starts and ends more sessions", async () => {
    const world = await createSessionWorld(api, { providers: [ProviderType.KUBECONFIG] });
    const before = world.credential(ProviderType.KUBECONFIG).secret;
    const after = await world.rotate(ProviderType.KUBECONFIG);
    expect(after).not.toBe(before);
    expect(world.credential(ProviderType.KUBECONFIG).secret).toBe(after);

    const second = await world.startSession({ ttlSeconds: 600 });
    const resolved = async (id: string) => (await api.sessions.getSession({ id }, bearer(world.userToken))).session!;
    await world.unbind(ProviderType.KUBECONFIG);
    expect(world.credential(ProviderType.KUBECONFIG).bindingId).toBeUndefined();
    expect((await resolved(second.sessionId)).resolved).toEqual([]);
    await world.bind(ProviderType.KUBECONFIG);
    expect((await resolved(second.sessionId)).resolved).toHaveLength(1);

    await world.endSession(second.sessionId);
    expect((await resolved(second.sessionId)).endTime).toBeDefined();
    expect((await resolved(world.sessionId)).endTime).toBeUndefined();
  });
});
