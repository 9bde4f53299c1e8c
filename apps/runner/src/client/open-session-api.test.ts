// getCredentials against a real API over gRPC: the snapshot, and each way it
// can fail (refused, unreachable) without ever reading as "no credentials".
import { createServer, type Socket } from "node:net";
import { startTestApi, type TestApi } from "@acp/api-harness";
import { ProviderType } from "@acp/proto";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { createSessionWorld, type SessionWorld } from "../testing/index.js";
import { openSessionApi, RunnerCallError, type SessionApiOptions } from "./index.js";

describe("getCredentials", () => {
  let api: TestApi;
  let world: SessionWorld;
  const open = (options: Partial<SessionApiOptions> = {}) => {
    const sessionApi = openSessionApi({ server: api.url, token: world.runnerToken, ...options });
    onTestFinished(() => sessionApi.close());
    return sessionApi;
  };
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RunnerCallError);
    const message = (error as Error).message;
    for (const secret of world.secrets) expect(message).not.toContain(secret);
    return error as RunnerCallError;
  };

  beforeAll(async () => {
    api = await startTestApi();
    world = await createSessionWorld(api);
  });
  afterAll(async () => api?.stop());

  it("reads the session and every bound credential, secrets included", async () => {
    const snapshot = await open().getCredentials(Date.now() + 10_000);
    expect(snapshot.sessionId).toBe(world.sessionId);
    expect(snapshot.state).toBe("running");
    expect(snapshot.expireTime!.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const byId = new Map(snapshot.credentials.map((c) => [c.credentialId, c]));
    expect(byId.size).toBe(world.credentials.length);
    for (const credential of world.credentials) {
      expect(byId.get(credential.id)).toMatchObject({
        name: credential.name,
        provider: credential.provider,
        secret: credential.secret,
        url: credential.url,
        email: credential.email,
        updateTime: expect.any(Date),
      });
    }
    // The kubeconfig's facts come along, for the expiry warning.
    const kube = snapshot.credentials.find((c) => c.provider === ProviderType.KUBECONFIG);
    expect(kube?.summary?.$typeName).toBe("acp.credentials.v1.KubeconfigSummary");
  });

  it("is refused for an ended session, a made-up token and a user's token", async () => {
    const ended = await world.startSession();
    await world.endSession(ended.sessionId);
    const cases = [
      { token: ended.runnerToken, code: "UNAUTHENTICATED" },
      { token: "acpr_made-up-0000000000000000000000", code: "UNAUTHENTICATED" },
      { token: world.userToken, code: "PERMISSION_DENIED" },
    ];
    for (const { token, code } of cases) {
      const started = Date.now();
      const error = await failure(open({ token }).getCredentials(Date.now() + 30_000));
      expect(error).toMatchObject({ kind: "refused", code });
      expect(error.message).not.toContain(token);
      // Refusals are not retried until the deadline.
      expect(Date.now() - started).toBeLessThan(20_000);
    }
  });

  it("is unreachable after the deadline when nothing listens, having retried", async () => {
    const server = `http://127.0.0.1:${await freePort()}`;
    const sessionApi = open({ server, retry: { initialDelayMs: 20, maxDelayMs: 100 } });
    const deadline = Date.now() + 1_500;
    const error = await failure(sessionApi.getCredentials(deadline));
    expect(Date.now()).toBeGreaterThanOrEqual(deadline);
    expect(error).toMatchObject({ kind: "unreachable", code: "UNAVAILABLE" });
    expect(error.message).toMatch(
      new RegExp(`^${server} was not reachable before the deadline \\(UNAVAILABLE after \\d+ attempts\\)`),
    );
    expect(Number(/after (\d+) attempts/.exec(error.message)![1])).toBeGreaterThan(1);
  });

  it("comes through once the API is back within the deadline", async () => {
    const sessionApi = open({ retry: { initialDelayMs: 50, maxDelayMs: 200 } });
    await api.pause();
    const reading = sessionApi.getCredentials(Date.now() + 30_000);
    await api.restart();
    expect((await reading).sessionId).toBe(world.sessionId);
  });

  it("is unreachable when each call outlives its own deadline and the overall one passes", async () => {
    // A server that accepts connections and never answers.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    onTestFinished(() => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const { port } = silent.address() as { port: number };
    const sessionApi = open({ server: `http://127.0.0.1:${port}`, callTimeoutMs: 200, retry: { initialDelayMs: 20 } });
    const error = await failure(sessionApi.getCredentials(Date.now() + 1_000));
    expect(error.kind).toBe("unreachable");
    expect(["DEADLINE_EXCEEDED", "UNAVAILABLE"]).toContain(error.code);
  });

  it("stops when aborted, with the signal's reason", async () => {
    const controller = new AbortController();
    const server = `http://127.0.0.1:${await freePort()}`;
    const reading = open({ server }).getCredentials(Date.now() + 60_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(reading).rejects.toThrow("stop");
  });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
