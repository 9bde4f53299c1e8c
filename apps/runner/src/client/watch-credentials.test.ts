// watch against a real API: changes arrive, the stream outlives an API
// restart, and it ends only on ENDED, a refusal or the caller's abort.
import { startTestApi, type TestApi } from "@acp/api-harness";
import { ProviderType } from "@acp/proto";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { createSessionWorld, type SessionWorld } from "../testing/index.js";
import { openSessionApi, type SessionSnapshot, type WatchEnd, type WatchHandlers } from "./index.js";

/** A watch in the background, recording what its handlers saw. */
function follow(api: TestApi, token: string) {
  const sessionApi = openSessionApi({
    server: api.url,
    token,
    reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
  });
  const controller = new AbortController();
  const snapshots: SessionSnapshot[] = [];
  const events: string[] = [];
  const handlers: WatchHandlers = {
    onSnapshot: (snapshot) => {
      snapshots.push(snapshot);
      events.push("snapshot");
    },
    onReconnecting: ({ code }) => events.push(`reconnecting ${code}`),
    onReconnected: () => events.push("reconnected"),
  };
  let end: WatchEnd | undefined;
  const ended = sessionApi.watch(handlers, controller.signal).then((e) => {
    end = e;
    return e;
  });
  onTestFinished(async () => {
    controller.abort();
    await ended.catch(() => undefined);
    sessionApi.close();
  });
  return { snapshots, events, ended, end: () => end, abort: () => controller.abort() };
}

async function eventually(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const stop = Date.now() + ms;
  while (!check()) {
    if (Date.now() > stop) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

const secretOf = (snapshot: SessionSnapshot | undefined, provider: ProviderType) =>
  snapshot?.credentials.find((c) => c.provider === provider)?.secret;

describe("watch", () => {
  let api: TestApi;
  let world: SessionWorld;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api?.stop());

  it("delivers the bound set, then the set after a rotation and after an unbind", async () => {
    world = await createSessionWorld(api, { providers: [ProviderType.GITHUB, ProviderType.KUBECONFIG] });
    const watch = follow(api, world.runnerToken);
    await eventually(() => watch.snapshots.length === 1, "the first set");
    expect(watch.snapshots[0]).toMatchObject({ sessionId: world.sessionId, state: "running" });
    expect(watch.snapshots[0]!.credentials).toHaveLength(2);

    const rotated = await world.rotate(ProviderType.KUBECONFIG);
    await eventually(() => secretOf(watch.snapshots.at(-1), ProviderType.KUBECONFIG) === rotated, "the rotation");

    await world.unbind(ProviderType.GITHUB);
    await eventually(() => watch.snapshots.at(-1)!.credentials.length === 1, "the unbind");
    expect(watch.snapshots.at(-1)!.credentials[0]!.provider).toBe(ProviderType.KUBECONFIG);
    expect(watch.end()).toBeUndefined();
    expect(watch.events.filter((e) => e !== "snapshot")).toEqual([]);
  });

  it("ends with ENDED when the session ends, delivering no empty set for it", async () => {
    world = await createSessionWorld(api, { providers: [ProviderType.GITHUB] });
    const watch = follow(api, world.runnerToken);
    await eventually(() => watch.snapshots.length === 1, "the first set");
    await world.endSession();
    expect(await watch.ended).toEqual({ kind: "ended" });
    expect(watch.snapshots).toHaveLength(1);
    expect(watch.snapshots[0]!.credentials).toHaveLength(1);
  });

  it("is refused for a token whose session has ended, without retrying", async () => {
    world = await createSessionWorld(api, { providers: [] });
    await world.endSession();
    const watch = follow(api, world.runnerToken);
    const end = await watch.ended;
    expect(end).toMatchObject({ kind: "refused", error: { kind: "refused", code: "UNAUTHENTICATED" } });
    expect(end.kind === "refused" && end.error.message).not.toContain(world.runnerToken);
    expect(watch.events).toEqual([]);
  });

  it("ends as aborted when the caller aborts", async () => {
    world = await createSessionWorld(api, { providers: [] });
    const watch = follow(api, world.runnerToken);
    await eventually(() => watch.snapshots.length === 1, "the first set");
    watch.abort();
    expect(await watch.ended).toEqual({ kind: "aborted" });
  });

  it("survives an API restart: the stream comes back with the set and a later change still arrives", async () => {
    world = await createSessionWorld(api, { providers: [ProviderType.KUBECONFIG] });
    const watch = follow(api, world.runnerToken);
    await eventually(() => watch.snapshots.length === 1, "the first set");

    // The server drains before it stops: the runner must leave its stream at
    // the GOAWAY, or the restart waits on it (until keepalive, some 30 s on).
    await within(api.restart(), 15_000, "the restart, which an open stream would hold up");
    await eventually(() => watch.events.includes("reconnected"), "the stream to come back");
    expect(watch.events[0]).toBe("snapshot");
    expect(watch.events[1]).toMatch(/^reconnecting (UNAVAILABLE|OK|CANCELLED|INTERNAL|UNKNOWN)$/);
    expect(watch.events.indexOf("reconnected")).toBeLessThan(watch.events.lastIndexOf("snapshot"));
    const delivered = watch.snapshots.length;

    const rotated = await world.rotate(ProviderType.KUBECONFIG);
    await eventually(() => secretOf(watch.snapshots.at(-1), ProviderType.KUBECONFIG) === rotated, "the later rotation");
    expect(watch.snapshots.length).toBeGreaterThan(delivered);
    expect(watch.end()).toBeUndefined();
  });

  it("keeps trying while the API is down, delivering nothing meanwhile, and comes back with it", async () => {
    world = await createSessionWorld(api, { providers: [ProviderType.GITHUB] });
    const watch = follow(api, world.runnerToken);
    await eventually(() => watch.snapshots.length === 1, "the first set");
    await api.pause();
    await eventually(() => watch.events.filter((e) => e.startsWith("reconnecting")).length >= 3, "retries");
    expect(watch.snapshots).toHaveLength(1);
    expect(watch.end()).toBeUndefined();
    await api.restart();
    await eventually(() => watch.events.includes("reconnected"), "the stream to come back");
    expect(watch.snapshots.at(-1)!.credentials.map((c) => c.secret)).toEqual([
      world.credential(ProviderType.GITHUB).secret,
    ]);
  });
});
