import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { testBackends } from "../testing/test-databases.js";
import { openStore } from "./open-store.js";
import { openSqliteDatabase } from "./sqlite-database.js";
import { FifoMutex } from "./sqlite-immediate-dialect.js";

describe("sqlite transactions", () => {
  it("hold the write lock from their start, before their first write", async () => {
    const database = await testBackends[0]!.create();
    if (database.config.kind !== "sqlite") throw new Error("expected the sqlite backend first");
    await (await openStore(database.config)).close();
    const { db } = openSqliteDatabase(database.config.file);
    const other = new BetterSqlite3(database.config.file);
    other.pragma("busy_timeout = 0");
    try {
      const insertOther = () =>
        other.prepare("insert into users (id, name, admin, create_time) values ('usr_other', 'other', 0, 0)").run();
      await db.transaction().execute(async (trx) => {
        // Only a read so far: a deferred transaction would let the other connection write now.
        await trx.selectFrom("users").select("id").execute();
        expect(insertOther).toThrow(expect.objectContaining({ code: "SQLITE_BUSY" }));
      });
      expect(insertOther().changes).toBe(1);
    } finally {
      other.close();
      await db.destroy();
      await database.dispose();
    }
  });
});

describe("the connection's turns", () => {
  it("go to waiters one at a time, in the order they came, and no newcomer overtakes them", async () => {
    const mutex = new FifoMutex();
    await mutex.lock();
    const order: string[] = [];
    const a = mutex.lock().then(() => order.push("a"));
    const b = mutex.lock().then(() => order.push("b"));
    mutex.unlock();
    // Arrives after the hand-over to a, before a has run: it waits behind b.
    const c = mutex.lock().then(() => order.push("c"));
    await a;
    expect(order).toEqual(["a"]);
    mutex.unlock();
    await b;
    mutex.unlock();
    await c;
    expect(order).toEqual(["a", "b", "c"]);
    mutex.unlock();
    // Free again: the next lock is taken at once.
    await mutex.lock();
  });

  it("serve a thousand queries waiting at once", async () => {
    const database = await testBackends[0]!.create();
    if (database.config.kind !== "sqlite") throw new Error("expected the sqlite backend first");
    const store = await openStore(database.config);
    try {
      const reads = await Promise.all(Array.from({ length: 1000 }, () => store.users.count()));
      expect(new Set(reads)).toEqual(new Set([0]));
    } finally {
      await store.close();
      await database.dispose();
    }
  });
});
