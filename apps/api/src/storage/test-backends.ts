// Test support shared by the storage and crypto suites: every suite that
// touches a database runs against both backends, and PostgreSQL being down is
// a failure, never a skip.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterEach, beforeEach } from "vitest";
import { openStore, type OpenStoreOptions } from "./open-store.js";
import type { Store } from "./store.js";
import type { StoreConfig } from "./store-config.js";

export const testPostgresUrl = process.env["ACP_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  readonly config: StoreConfig;
  /** Removes everything the test created; close its stores first. */
  dispose(): Promise<void>;
}

export interface TestBackend {
  readonly name: "sqlite" | "postgres";
  create(): Promise<TestDatabase>;
}

const sqliteBackend: TestBackend = {
  name: "sqlite",
  async create() {
    const dir = await mkdtemp(join(tmpdir(), "acp-store-"));
    return { config: { kind: "sqlite", file: join(dir, "acp.db") }, dispose: () => rm(dir, { recursive: true, force: true }) };
  },
};

/** Runs statements on the test PostgreSQL server outside any store. */
export async function withPostgresClient<T>(body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testPostgresUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${testPostgresUrl}; the storage suite needs it. ` +
        "Start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` " +
        "or point ACP_TEST_DATABASE_URL at another server.",
      { cause: error },
    );
  }
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

const postgresBackend: TestBackend = {
  name: "postgres",
  async create() {
    const schema = `acp_test_${randomBytes(8).toString("hex")}`;
    await withPostgresClient((client) => client.query(`create schema "${schema}"`));
    return {
      config: { kind: "postgres", url: testPostgresUrl, schema },
      dispose: () => withPostgresClient((client) => client.query(`drop schema "${schema}" cascade`)).then(() => undefined),
    };
  },
};

export const testBackends: readonly TestBackend[] = [sqliteBackend, postgresBackend];

export interface TestStoreContext {
  readonly store: Store;
  readonly database: TestDatabase;
}

/** A fresh database and open store per test, torn down afterwards. */
export function useTestStore(backend: TestBackend, options?: OpenStoreOptions): () => TestStoreContext {
  let current: TestStoreContext | undefined;
  beforeEach(async () => {
    const database = await backend.create();
    try {
      current = { database, store: await openStore(database.config, options) };
    } catch (error) {
      await database.dispose();
      throw error;
    }
  });
  afterEach(async () => {
    const ending = current;
    current = undefined;
    if (ending === undefined) return;
    await ending.store.close();
    await ending.database.dispose();
  });
  return () => {
    if (current === undefined) throw new Error("test store used outside a test");
    return current;
  };
}
