import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { testBackends } from "../testing/test-databases.js";
import { openStore } from "./open-store.js";
import { openSqliteDatabase } from "./sqlite-database.js";

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
