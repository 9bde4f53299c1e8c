// Every suite that touches a database runs against both backends, and
// PostgreSQL being down is a failure with a hint, never a skip: a skipped
// backend is an untested one.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { StoreConfig } from "../storage/index.js";

export const testPostgresUrl = process.env["ACP_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";

/** A database for one test or suite, created fresh and removed by dispose(). */
export interface TestDatabase {
  readonly config: StoreConfig;
  /** Removes everything the test created; close its stores first. */
  dispose(): Promise<void>;
}

/**
 * "schema" is cheap and enough in-process; "database" gives a plain URL that a
 * spawned acp-api can use through ACP_DATABASE_URL.
 */
export type Isolation = "schema" | "database";

export interface TestBackend {
  readonly name: StoreConfig["kind"];
  create(isolation?: Isolation): Promise<TestDatabase>;
}

const sqlite: TestBackend = {
  name: "sqlite",
  async create() {
    const dir = await mkdtemp(join(tmpdir(), "acp-test-"));
    return {
      config: { kind: "sqlite", file: join(dir, "acp.db") },
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  },
};

/** Runs statements on the test PostgreSQL server outside any store. */
export async function withPostgresClient<T>(body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testPostgresUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${testPostgresUrl}; the suite needs it. ` +
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

const postgres: TestBackend = {
  name: "postgres",
  async create(isolation = "schema") {
    const name = `acp_test_${randomBytes(8).toString("hex")}`;
    if (isolation === "schema") {
      await withPostgresClient((client) => client.query(`create schema "${name}"`));
      return {
        config: { kind: "postgres", url: testPostgresUrl, schema: name },
        dispose: () =>
          withPostgresClient((client) => client.query(`drop schema "${name}" cascade`)).then(() => undefined),
      };
    }
    await withPostgresClient((client) => client.query(`create database "${name}"`));
    const url = new URL(testPostgresUrl);
    url.pathname = `/${name}`;
    return {
      config: { kind: "postgres", url: url.toString() },
      dispose: () =>
        withPostgresClient((client) => client.query(`drop database if exists "${name}" with (force)`)).then(
          () => undefined,
        ),
    };
  },
};

export const testBackends: readonly TestBackend[] = [sqlite, postgres];
