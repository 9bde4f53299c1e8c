// Test support shared by the storage and crypto suites: every suite that
// touches a database runs against both backends, and PostgreSQL being down is
// a failure, never a skip.
import { afterEach, beforeEach } from "vitest";
import type { TestBackend, TestDatabase } from "../testing/test-databases.js";
import { openStore, type OpenStoreOptions } from "./open-store.js";
import type { Store } from "./store.js";

export { testBackends, testPostgresUrl, withPostgresClient, type TestBackend, type TestDatabase } from "../testing/test-databases.js";

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
