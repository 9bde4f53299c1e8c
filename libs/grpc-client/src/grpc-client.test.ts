// The project's proof that a stock grpc-js client, fed only the protobuf-es
// schemas, works against the Connect server: real calls to a real acp-api.
import { bearer, startTestApi, type TestApi } from "@acp/api-harness";
import { Health, HealthCheckResponse_ServingStatus, SessionService, SessionState, UserService } from "@acp/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GrpcCallError } from "./grpc-call-error.js";
import { type GrpcChannel, openGrpcChannel } from "./grpc-channel.js";
import { createGrpcClient } from "./grpc-client.js";

describe("a grpc-js client against acp-api", () => {
  let api: TestApi;
  let channel: GrpcChannel;
  let projectId: string;
  let userToken: string;
  const auth = (token: string) => ({ metadata: { authorization: `Bearer ${token}` } });
  const startSession = async () => {
    const created = await api.sessions.createSession({ projectId }, bearer(userToken));
    return { id: created.session!.id, runnerToken: created.runnerToken };
  };

  beforeAll(async () => {
    api = await startTestApi();
    channel = openGrpcChannel(api.url);
    userToken = await api.createUser("grpc-user", true);
    projectId = (await api.projects.createProject({ name: "grpc" }, bearer(userToken))).project!.id;
  });
  afterAll(async () => {
    channel?.close();
    await api?.stop();
  });

  it("makes unary calls with a bearer token and reads the typed answer", async () => {
    const users = createGrpcClient(UserService, channel);
    const me = await users.getCurrentUser({}, auth(userToken));
    expect(me.$typeName).toBe("acp.users.v1.GetCurrentUserResponse");
    expect(me.user?.name).toBe("grpc-user");
    expect(channel.state()).toBe("READY");

    const { id, runnerToken } = await startSession();
    const read = await createGrpcClient(SessionService, channel).getSessionCredentials({}, auth(runnerToken));
    expect(read.session?.id).toBe(id);
    expect(read.session?.state).toBe(SessionState.RUNNING);
  });

  it("follows a server stream until the server ends it", async () => {
    const { id, runnerToken } = await startSession();
    const sessions = createGrpcClient(SessionService, channel);
    const states: SessionState[] = [];
    for await (const message of sessions.watchSessionCredentials({}, auth(runnerToken))) {
      states.push(message.state);
      if (states.length === 1) await api.sessions.endSession({ id }, bearer(userToken));
    }
    expect(states).toEqual([SessionState.RUNNING, SessionState.ENDED]);
  });

  it("turns a refusal into a GrpcCallError with the code's name and no token in its text", async () => {
    const token = "acpr_not-a-real-token-0123456789";
    const error = await createGrpcClient(SessionService, channel)
      .getSessionCredentials({}, auth(token))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrpcCallError);
    expect(error).toMatchObject({ codeName: "UNAUTHENTICATED", code: 16 });
    expect((error as Error).message).toMatch(
      /^\/acp\.sessions\.v1\.SessionService\/GetSessionCredentials: UNAUTHENTICATED: /,
    );
    expect(JSON.stringify(error) + String(error) + (error as Error).stack).not.toContain(token);
  });

  it("fails a call past its deadline with DEADLINE_EXCEEDED", async () => {
    const error = await createGrpcClient(Health, channel)
      .check({}, { deadline: Date.now() - 1 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ codeName: "DEADLINE_EXCEEDED" });
  });

  it("cancels a unary call and a stream through an AbortSignal", async () => {
    const health = createGrpcClient(Health, channel);
    expect((await health.check({})).status).toBe(HealthCheckResponse_ServingStatus.SERVING);

    const before = new AbortController();
    before.abort();
    await expect(health.check({}, { signal: before.signal })).rejects.toMatchObject({ codeName: "CANCELLED" });

    const { runnerToken } = await startSession();
    const controller = new AbortController();
    const stream = createGrpcClient(SessionService, channel).watchSessionCredentials(
      {},
      { ...auth(runnerToken), signal: controller.signal },
    );
    const seen: SessionState[] = [];
    const error = await (async () => {
      for await (const message of stream) {
        seen.push(message.state);
        controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(seen).toEqual([SessionState.RUNNING]);
    expect(error).toMatchObject({ codeName: "CANCELLED" });
  });
});
