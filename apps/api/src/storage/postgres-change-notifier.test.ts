import { createConnection, createServer, type Server, type Socket } from "node:net";
import { isDeepStrictEqual } from "node:util";
import { BindingTier } from "@acp/proto";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { type TestDatabase, testBackends, testPostgresUrl, withPostgresClient } from "../testing/test-databases.js";
import type { Change, ChangeNotifier } from "./change-notifier.js";
import { newCredentialId, newProjectId, newSessionId } from "./ids.js";
import { openChangeNotifier } from "./open-change-notifier.js";
import {
  changeChannel,
  listenApplicationName,
  openPostgresChangeNotifier,
  PostgresChangeNotifier,
} from "./postgres-change-notifier.js";
import { StorageError } from "./storage-error.js";

const postgres = testBackends.find((backend) => backend.name === "postgres")!;

/** Polls until `ready` holds; a bounded wait that says what never happened. */
async function waitFor(what: string, ready: () => boolean | Promise<boolean>, timeoutMillis = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMillis} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The backends LISTENing on a channel, as an operator would find them. */
function listenPids(channel: string, database = "test"): Promise<number[]> {
  return withPostgresClient(async (client) => {
    const { rows } = await client.query<{ pid: number }>(
      `select pid from pg_stat_activity
        where application_name = $1 and datname = $2 and query ilike 'listen%' and position($3 in query) > 0
        order by pid`,
      [listenApplicationName, database, pg.escapeIdentifier(channel)],
    );
    return rows.map((row) => row.pid);
  });
}

function pidAlive(pid: number): Promise<boolean> {
  return withPostgresClient(async (client) => {
    const { rows } = await client.query("select 1 from pg_stat_activity where pid = $1", [pid]);
    return rows.length > 0;
  });
}

function terminate(pid: number): Promise<unknown> {
  return withPostgresClient((client) => client.query("select pg_terminate_backend($1)", [pid]));
}

function recorder(notifier: ChangeNotifier): { changes: Change[]; resyncs: number } {
  const heard = { changes: [] as Change[], resyncs: 0 };
  notifier.subscribe((change) => heard.changes.push(change));
  notifier.onResync(() => {
    heard.resyncs += 1;
  });
  return heard;
}

function schemaOf(database: TestDatabase): string | undefined {
  return database.config.kind === "postgres" ? database.config.schema : undefined;
}

/** Decoded changes are new objects, so they are found by value. */
function has(changes: readonly Change[], change: Change): boolean {
  return changes.some((heard) => isDeepStrictEqual(heard, change));
}

const sentinel = (): Change => ({ kind: "project", projectId: newProjectId() });

// Everything a test opens, closed afterwards even when it fails.
let opened: ChangeNotifier[] = [];
let databases: TestDatabase[] = [];

afterEach(async () => {
  await Promise.all(opened.map((notifier) => notifier.close()));
  await Promise.all(databases.map((database) => database.dispose()));
  opened = [];
  databases = [];
});

async function database(isolation: "schema" | "database" = "schema"): Promise<TestDatabase> {
  const created = await postgres.create(isolation);
  databases.push(created);
  return created;
}

async function replica(config: TestDatabase["config"]): Promise<ChangeNotifier> {
  const notifier = await openChangeNotifier(config);
  opened.push(notifier);
  return notifier;
}

/** A database of its own, for tests that cut every connection to it. */
async function ownDatabase(): Promise<{ url: string; name: string }> {
  const db = await database("database");
  if (db.config.kind !== "postgres") throw new Error("expected a PostgreSQL test database");
  return { url: db.config.url, name: new URL(db.config.url).pathname.slice(1) };
}

/**
 * Ends every connection to the database and refuses new ones, as while
 * PostgreSQL restarts; resolves once the notifier's LISTEN backend is gone.
 * The returned function lets connections in again.
 */
async function refuseConnections(name: string): Promise<() => Promise<void>> {
  const quoted = pg.escapeIdentifier(name);
  await withPostgresClient(async (client) => {
    await client.query(`alter database ${quoted} allow_connections false`);
    await client.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1", [name]);
  });
  await waitFor(
    "every LISTEN on the database to end",
    async () => (await listenPids("acp_changes", name)).length === 0,
  );
  return () =>
    withPostgresClient((client) => client.query(`alter database ${quoted} allow_connections true`)).then(() => {});
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * A TCP relay to the test server whose open connections can be frozen: bytes
 * stop flowing both ways but neither side sees a FIN, as when a NAT entry or a
 * host disappears. Connections opened after a freeze flow normally.
 */
async function freezableRelay(): Promise<{ url: string; freeze(): void; close(): Promise<void> }> {
  const target = new URL(testPostgresUrl);
  const open = new Set<{ frozen: boolean; sockets: Socket[] }>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port || 5432) });
    const pair = { frozen: false, sockets: [client, upstream] };
    open.add(pair);
    const relay = (from: Socket, to: Socket) =>
      from.on("data", (chunk) => {
        if (!pair.frozen) to.write(chunk);
      });
    relay(client, upstream);
    relay(upstream, client);
    for (const socket of pair.sockets) {
      socket.on("error", () => {});
      socket.on("close", () => {
        for (const other of pair.sockets) other.destroy();
        open.delete(pair);
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("relay has no TCP address");
  const url = new URL(testPostgresUrl);
  url.hostname = "127.0.0.1";
  url.port = String(address.port);
  return {
    url: url.toString(),
    freeze: () => {
      for (const pair of open) pair.frozen = true;
    },
    close: () => {
      for (const pair of open) for (const socket of pair.sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe("PostgresChangeNotifier", () => {
  it("delivers a change published by one replica to every replica once, within 1 s", async () => {
    const db = await database();
    const a = await replica(db.config);
    const b = await replica(db.config);
    const heardByA = recorder(a);
    const heardByB = recorder(b);
    const latencies = { a: [] as number[], b: [] as number[] };
    const samples = 20;
    for (let i = 0; i < samples; i += 1) {
      const change: Change = { kind: "credential", credentialId: newCredentialId() };
      const started = performance.now();
      const arrivals: Partial<Record<"a" | "b", number>> = {};
      const stopA = a.subscribe(() => {
        arrivals.a ??= performance.now() - started;
      });
      const stopB = b.subscribe(() => {
        arrivals.b ??= performance.now() - started;
      });
      await a.publish(change);
      await waitFor(`change ${i} on both replicas`, () => arrivals.a !== undefined && arrivals.b !== undefined, 1_000);
      stopA();
      stopB();
      latencies.a.push(arrivals.a!);
      latencies.b.push(arrivals.b!);
    }
    // A duplicate of any of them would arrive before this, which is sent last.
    const last = sentinel();
    await b.publish(last);
    await waitFor("the sentinel on both replicas", () => has(heardByA.changes, last) && has(heardByB.changes, last));
    expect(heardByA.changes).toHaveLength(samples + 1);
    expect(heardByB.changes).toEqual(heardByA.changes);
    expect(heardByA.resyncs + heardByB.resyncs).toBe(0);
    const summary = (values: number[]) =>
      `median ${median(values).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`;
    console.log(
      `publish on A to delivery (${samples} changes): on B ${summary(latencies.b)}; on A ${summary(latencies.a)}`,
    );
  });

  it("keeps the channels of two schemas apart", async () => {
    const [x, y] = await Promise.all([database(), database()]);
    expect(changeChannel(schemaOf(x))).not.toBe(changeChannel(schemaOf(y)));
    const onX = await replica(x.config);
    const onY = await replica(y.config);
    const heardOnX = recorder(onX);
    const heardOnY = recorder(onY);
    const forX: Change = { kind: "session", sessionId: newSessionId() };
    const forY = sentinel();
    const lastForX = sentinel();
    // Had the channels crossed, each side would hear the other's change
    // before its own later one: notifications arrive in commit order.
    await onX.publish(forX);
    await onY.publish(forY);
    await onX.publish(lastForX);
    await waitFor(
      "each change in its own schema",
      () => has(heardOnX.changes, lastForX) && has(heardOnY.changes, forY),
    );
    expect(heardOnX.changes).toEqual([forX, lastForX]);
    expect(heardOnY.changes).toEqual([forY]);
  });

  it("listens and notifies alike on a schema whose name needs quoting or is too long for a channel", async () => {
    const schema = `Mixed "Case" ${"ü".repeat(40)}`;
    const channel = changeChannel(schema);
    expect(Buffer.byteLength(channel)).toBeLessThanOrEqual(63);
    expect(changeChannel(`${schema}!`)).not.toBe(channel);
    // The notifier touches no table, so the schema need not exist.
    const notifier = await replica({ kind: "postgres", url: testPostgresUrl, schema });
    const heard = recorder(notifier);
    const change = sentinel();
    await notifier.publish(change);
    await waitFor("the change on a hashed channel", () => heard.changes.length === 1);
    expect(heard.changes).toEqual([change]);
    expect(await listenPids(channel)).toHaveLength(1);
  });

  it("comes back after its LISTEN connection is terminated, resyncs, and hears later changes", async () => {
    const db = await database();
    const channel = changeChannel(schemaOf(db));
    const a = await replica(db.config);
    const [pidOfA] = await listenPids(channel);
    const b = await replica(db.config);
    const pidsAfterB = await listenPids(channel);
    const pidOfB = pidsAfterB.find((pid) => pid !== pidOfA);
    expect(pidsAfterB).toHaveLength(2);
    const heardByA = recorder(a);
    const heardByB = recorder(b);

    await terminate(pidOfB!);
    // Publishing goes through its own connection, so losing the channel does not stop it.
    await b.publish(sentinel());
    await waitFor("B to resync", () => heardByB.resyncs === 1);
    const pidsNow = await listenPids(channel);
    expect(pidsNow).toHaveLength(2);
    expect(pidsNow).toContain(pidOfA);
    expect(pidsNow).not.toContain(pidOfB);

    const later: Change = {
      kind: "binding",
      credentialId: newCredentialId(),
      target: { tier: BindingTier.AGENT, projectId: newProjectId(), agent: "ci-fixer" },
    };
    await a.publish(later);
    await waitFor("the later change on B", () => has(heardByB.changes, later));
    expect(heardByA.resyncs).toBe(0);
    expect((b as PostgresChangeNotifier).resyncCount).toBe(1);
  });

  it("rides out a database refusing connections: publish fails fast, then the channel returns", async () => {
    const { url, name } = await ownDatabase();
    const a = await replica({ kind: "postgres", url });
    const heard = recorder(a);
    await a.publish(sentinel());
    await waitFor("the first change", () => heard.changes.length === 1);
    const allow = await refuseConnections(name);
    try {
      const started = performance.now();
      const error = await a.publish(sentinel()).catch((e: unknown) => e);
      const tookMillis = performance.now() - started;
      expect(error).toBeInstanceOf(StorageError);
      expect((error as Error).message).toMatch(/^storage operation "publish change" failed/);
      expect((error as Error).message).not.toContain(url);
      expect((error as Error).message).not.toMatch(/pg_notify/i);
      expect(tookMillis).toBeLessThan(6_000);
      expect(heard.resyncs).toBe(0);
    } finally {
      await allow();
    }
    // The backoff is capped at 2 s, so the next attempt comes within that.
    await waitFor("the resync once connections are allowed again", () => heard.resyncs === 1);
    const after = sentinel();
    await a.publish(after);
    await waitFor("a change after the outage", () => has(heard.changes, after));
  });

  it("ignores a malformed or foreign NOTIFY on its channel and keeps listening", async () => {
    const db = await database();
    const channel = changeChannel(schemaOf(db));
    const notifier = await replica(db.config);
    expect(notifier).toBeInstanceOf(PostgresChangeNotifier);
    const heard = recorder(notifier);
    const valid: Change = { kind: "session", sessionId: newSessionId() };
    const malformed = [
      "",
      "not json",
      '{"v":1,"kind":"credential","credentialId":"usr_abc"}',
      '{"v":1,"kind":"credential","credentialId":"cred_abc","secret":"x"}',
      JSON.stringify({ event: "someone else's app" }),
    ];
    await withPostgresClient(async (client) => {
      for (const payload of malformed) await client.query("select pg_notify($1, $2)", [channel, payload]);
      await client.query("select pg_notify($1, $2)", [channel, JSON.stringify({ v: 1, ...valid })]);
    });
    await waitFor("the valid change sent after the malformed ones", () => heard.changes.length === 1);
    expect(heard.changes).toEqual([valid]);
    expect((notifier as PostgresChangeNotifier).ignoredPayloads).toBe(malformed.length);
    expect(heard.resyncs).toBe(0);
  });

  it("leaves no connection behind once closed, and refuses to publish", async () => {
    const db = await database();
    const channel = changeChannel(schemaOf(db));
    const notifier = await openPostgresChangeNotifier({ url: testPostgresUrl, schema: schemaOf(db) });
    const [listenPid] = await listenPids(channel);
    // The notifying backend's pid travels with each notification: that is the publish connection.
    const publishPid = await withPostgresClient(async (client) => {
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      const arrived = new Promise<number>((resolve) =>
        client.once("notification", (message) => resolve(message.processId)),
      );
      await notifier.publish(sentinel());
      return arrived;
    });
    expect(await pidAlive(listenPid!)).toBe(true);
    expect(await pidAlive(publishPid)).toBe(true);
    await notifier.close();
    await waitFor(
      "both connections to end",
      async () => !(await pidAlive(listenPid!)) && !(await pidAlive(publishPid)),
    );
    await expect(notifier.publish(sentinel())).rejects.toBeInstanceOf(StorageError);
  });

  it("notices a LISTEN connection that went silent, through its heartbeat, and resyncs", async () => {
    const db = await database();
    const relay = await freezableRelay();
    try {
      const notifier = await openPostgresChangeNotifier({
        url: relay.url,
        schema: schemaOf(db),
        heartbeat: { everyMillis: 50, timeoutMillis: 200 },
      });
      opened.push(notifier);
      const heard = recorder(notifier);
      relay.freeze();
      await waitFor("a resync after the silent connection", () => heard.resyncs === 1);
      const after = sentinel();
      await notifier.publish(after);
      await waitFor("a change on the new connection", () => has(heard.changes, after));
    } finally {
      await relay.close();
    }
  });

  it("stops reconnecting once closed, even while the database refuses it", async () => {
    const { url, name } = await ownDatabase();
    const notifier = await openPostgresChangeNotifier({
      url,
      reconnect: { initialDelayMillis: 20, maxDelayMillis: 50, stableAfterMillis: 1_000 },
    });
    const heard = recorder(notifier);
    const allow = await refuseConnections(name);
    try {
      await notifier.close();
    } finally {
      await allow();
    }
    // A negative: ten times the longest backoff is ample for a reconnect that should never come.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await listenPids("acp_changes", name)).toEqual([]);
    expect(heard.resyncs).toBe(0);
  });
});
