// A fresh store per test for the storage and crypto suites, on each backend.
import { afterEach, beforeEach } from "vitest";
import { type OpenStoreOptions, openStore, type Store } from "../storage/index.js";
import type { TestBackend, TestDatabase } from "./test-databases.js";

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

/**
 * A hand-driven clock for OpenStoreOptions.now: each read advances it by
 * `step`, and step 0 freezes it, so several rows share one create time
 * without depending on real timing.
 */
export interface SteppedClock {
  millis: number;
  step: number;
  readonly now: () => Date;
}

export function steppedClock(startMillis: number = Date.UTC(2026, 0, 1)): SteppedClock {
  const clock: SteppedClock = {
    millis: startMillis,
    step: 1,
    now: () => {
      clock.millis += clock.step;
      return new Date(clock.millis);
    },
  };
  return clock;
}
