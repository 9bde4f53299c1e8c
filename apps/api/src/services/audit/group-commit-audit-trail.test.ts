import { randomBytes } from "node:crypto";
import { AuditAction, ProviderType } from "@acp/proto";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { createAuditHasher } from "../../crypto/index.js";
import { createLogger } from "../../logging/logger.js";
import type { AuditEventRecord, AuditStore, NewAuditEvent } from "../../storage/index.js";
import type { AuditContext, AuditFacts } from "./audit-trail.js";
import { createAuditTrail } from "./group-commit-audit-trail.js";

/** An append the test settles by hand, so it can look at callers while it is in flight. */
interface HeldAppend {
  readonly events: readonly NewAuditEvent[];
  succeed(): void;
  fail(error: Error): void;
}

/** An AuditStore whose appends wait until the test releases them. */
function heldStore() {
  const appends: HeldAppend[] = [];
  let arrived = () => {};
  const store: AuditStore = {
    append(events) {
      return new Promise<readonly AuditEventRecord[]>((resolve, reject) => {
        appends.push({
          events,
          succeed: () => resolve(events.map((e, i) => ({ ...e, id: `aud_${appends.length}_${i}` }))),
          fail: reject,
        });
        arrived();
      });
    },
    list: () => Promise.reject(new Error("not used")),
  };
  /** Resolves with the append number `n` (0-based) once it has been called. */
  const nth = async (n: number): Promise<HeldAppend> => {
    while (appends.length <= n) await new Promise<void>((resolve) => (arrived = resolve));
    return appends[n]!;
  };
  return { store, appends, nth };
}

/** Settles a promise into a plain state the test can read without awaiting it. */
function track(promise: Promise<void>) {
  const state: { settled: "pending" | "resolved" | "rejected"; error?: unknown } = { settled: "pending" };
  promise.then(
    () => (state.settled = "resolved"),
    (error: unknown) => Object.assign(state, { settled: "rejected", error }),
  );
  return state;
}

// Lets every queued promise callback and microtask run.
const drain = () => new Promise<void>((resolve) => setImmediate(resolve));

const context: AuditContext = {
  rpc: "/acp.credentials.v1.CredentialService/GetCredentialSecret",
  principal: { userId: "usr_alice" },
  peer: "127.0.0.1:50000",
};
const read = (n: number): AuditFacts => ({
  action: AuditAction.SECRET_READ,
  credential: { id: `cred_${n}`, ownerId: "usr_alice", provider: ProviderType.GITHUB },
  secretValue: `ghp_secret_value_${n}`,
});

const hasher = createAuditHasher({ audit: new Uint8Array(randomBytes(32)) });
const trailOn = (store: AuditStore, maxBatch?: number, logs: string[] = []) =>
  createAuditTrail({
    store,
    hasher,
    now: () => new Date(1_700_000_000_000),
    logger: createLogger((line) => logs.push(line)),
    ...(maxBatch === undefined ? {} : { maxBatch }),
  });

describe("group-commit audit trail", () => {
  it("stores 100 concurrent records in far fewer appends, each caller settling with its own batch", async () => {
    const { store, appends, nth } = heldStore();
    const trail = trailOn(store);

    const first = Array.from({ length: 40 }, (_, i) => track(trail.record(context, read(i))));
    const batch0 = await nth(0);
    expect(batch0.events).toHaveLength(40);
    // Arriving while the first append is in flight: they wait for the next one.
    const rest = Array.from({ length: 60 }, (_, i) => track(trail.record(context, read(40 + i))));
    await drain();
    expect(appends).toHaveLength(1);
    expect([...first, ...rest].every((s) => s.settled === "pending")).toBe(true);

    batch0.succeed();
    const batch1 = await nth(1);
    await drain();
    expect(first.every((s) => s.settled === "resolved")).toBe(true);
    expect(rest.every((s) => s.settled === "pending")).toBe(true);
    expect(batch1.events).toHaveLength(60);

    batch1.succeed();
    await drain();
    expect(rest.every((s) => s.settled === "resolved")).toBe(true);
    expect(appends).toHaveLength(2);
    const stored = appends.flatMap((a) => a.events.map((e) => e.credentialId));
    expect(new Set(stored)).toEqual(new Set(Array.from({ length: 100 }, (_, i) => `cred_${i}`)));
  });

  it("splits a backlog at maxBatch, never splitting one recordAll", async () => {
    const { store, appends, nth } = heldStore();
    const trail = trailOn(store, 4);
    const calls = [
      track(trail.record(context, read(0))),
      track(trail.recordAll(context, [read(1), read(2), read(3)])),
      track(trail.recordAll(context, [read(4), read(5)])),
      track(trail.recordAll(context, [read(6), read(7), read(8), read(9), read(10)])),
    ];
    (await nth(0)).succeed();
    (await nth(1)).succeed();
    (await nth(2)).succeed();
    await drain();
    expect(appends.map((a) => a.events.length)).toEqual([4, 2, 5]);
    expect(calls.every((s) => s.settled === "resolved")).toBe(true);
  });

  it("lets a batch wait for records that keep arriving turn after turn, up to maxGrowthTurns or maxBatch", async () => {
    /** One record per turn of the event loop, n of them, as a rotation's stream re-reads come. */
    const onSuccessiveTurns = (trail: ReturnType<typeof trailOn>, n: number) =>
      new Promise<ReturnType<typeof track>[]>((resolve) => {
        const calls: ReturnType<typeof track>[] = [];
        const tick = () => {
          if (calls.length + 1 < n) setImmediate(tick);
          calls.push(track(trail.record(context, read(calls.length))));
          if (calls.length === n) resolve(calls);
        };
        tick();
      });

    const growing = heldStore();
    const calls = await onSuccessiveTurns(
      createAuditTrail({ store: growing.store, hasher, now: () => new Date(), maxGrowthTurns: 3 }),
      10,
    );
    // The first record, one more on each of the three turns it waited, and the one of the turn it went.
    (await growing.nth(0)).succeed();
    expect(growing.appends[0]!.events).toHaveLength(5);
    // The rest arrived while that append was in flight, and go together in the next.
    (await growing.nth(1)).succeed();
    await drain();
    expect(calls.every((s) => s.settled === "resolved")).toBe(true);
    expect(growing.appends.map((a) => a.events.length)).toEqual([5, 5]);

    const full = heldStore();
    await onSuccessiveTurns(createAuditTrail({ store: full.store, hasher, now: () => new Date(), maxBatch: 2 }), 6);
    (await full.nth(0)).succeed();
    expect(full.appends[0]!.events).toHaveLength(2);

    const alone = heldStore();
    const single = track(trailOn(alone.store).record(context, read(0)));
    // Nothing else arrives: it goes at once, on the next turn.
    (await alone.nth(0)).succeed();
    await drain();
    expect(single.settled).toBe("resolved");
  });

  it("rejects exactly the callers of a failed append with Unavailable, and writes the next batch afresh", async () => {
    const { store, appends, nth } = heldStore();
    const logs: string[] = [];
    const trail = trailOn(store, undefined, logs);

    const doomed = [track(trail.record(context, read(0))), track(trail.record(context, read(1)))];
    const failing = await nth(0);
    const later = [track(trail.record(context, read(2))), track(trail.record(context, read(3)))];
    failing.fail(new Error('insert into audit_events values ("ghp_secret_value_0") failed: disk full'));
    const retry = await nth(1);
    await drain();
    for (const state of doomed) {
      expect(state.settled).toBe("rejected");
      const error = state.error as ConnectError;
      expect(error).toBeInstanceOf(ConnectError);
      expect(error.code).toBe(Code.Unavailable);
      expect(error.rawMessage).toBe("the audit trail cannot be written; nothing was returned");
    }
    expect(later.every((s) => s.settled === "pending")).toBe(true);
    expect(retry.events.map((e) => e.credentialId)).toEqual(["cred_2", "cred_3"]);

    retry.succeed();
    await drain();
    expect(later.every((s) => s.settled === "resolved")).toBe(true);
    expect(appends).toHaveLength(2);
    expect(logs.join("\n")).toMatch(/audit trail append failed/);
    expect(logs.join("\n")).not.toMatch(/disk full|ghp_/);
  });

  it("survives an append that throws before returning a promise", async () => {
    let calls = 0;
    const store: AuditStore = {
      append(events) {
        calls++;
        if (calls === 1) throw new Error("synchronous failure");
        return Promise.resolve(events.map((e) => ({ ...e, id: "aud_x" })));
      },
      list: () => Promise.resolve([]),
    };
    const trail = trailOn(store);
    await expect(trail.record(context, read(0))).rejects.toMatchObject({ code: Code.Unavailable });
    await expect(trail.record(context, read(1))).resolves.toBeUndefined();
  });

  it("keeps committing when the logger itself throws", async () => {
    let calls = 0;
    const store: AuditStore = {
      append: (events) =>
        ++calls === 1 ? Promise.reject(new Error("down")) : Promise.resolve(events.map((e) => ({ ...e, id: "aud_x" }))),
      list: () => Promise.resolve([]),
    };
    const broken = {
      info() {},
      warn() {},
      error: () => {
        throw new Error("log sink closed");
      },
    };
    const trail = createAuditTrail({ store, hasher, now: () => new Date(), logger: broken });
    const first = trail.record(context, read(0));
    const second = trail.record(context, read(1));
    await expect(first).rejects.toMatchObject({ code: Code.Unavailable });
    await expect(second).rejects.toMatchObject({ code: Code.Unavailable });
    await expect(trail.record(context, read(2))).resolves.toBeUndefined();
  });

  it("stores the HMAC of a secret read's value and never the value", async () => {
    const { store, appends, nth } = heldStore();
    const trail = trailOn(store);
    const done = trail.recordAll(context, [
      read(7),
      { action: AuditAction.CREDENTIAL_DELETE, credential: read(8).credential! },
      // A caller that holds the HMAC already, from this trail's hash, passes it instead of the value.
      { action: AuditAction.SECRET_READ, credential: read(9).credential!, valueHmac: trail.hash("ghp_secret_value_9") },
    ]);
    (await nth(0)).succeed();
    await done;

    const [readEvent, deleteEvent, hashedEvent] = appends[0]!.events;
    expect(hashedEvent).toMatchObject({ credentialId: "cred_9", valueHmac: hasher.hash("ghp_secret_value_9") });
    expect(readEvent).toMatchObject({
      action: AuditAction.SECRET_READ,
      rpc: context.rpc,
      principal: { userId: "usr_alice" },
      peer: "127.0.0.1:50000",
      credentialId: "cred_7",
      credentialOwnerId: "usr_alice",
      provider: ProviderType.GITHUB,
      outcome: "ok",
      valueHmac: hasher.hash("ghp_secret_value_7"),
      time: new Date(1_700_000_000_000),
    });
    expect(trail.hash("ghp_secret_value_7")).toBe(readEvent!.valueHmac);
    expect(deleteEvent).toMatchObject({ action: AuditAction.CREDENTIAL_DELETE, valueHmac: "", credentialId: "cred_8" });
    expect(JSON.stringify(appends.map((a) => a.events))).not.toMatch(/ghp_secret_value/);
  });

  it("refuses a secret read recorded without its value, before queueing anything", async () => {
    const { store, appends } = heldStore();
    const trail = trailOn(store);
    await expect(trail.record(context, { action: AuditAction.SECRET_READ })).rejects.toThrow(
      /with the value it returned/,
    );
    await expect(trail.recordAll(context, [])).resolves.toBeUndefined();
    await drain();
    expect(appends).toHaveLength(0);
  });
});
