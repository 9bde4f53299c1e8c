import { describe, expect, it } from "vitest";
import { auditEventInput } from "../testing/credential-test-fixtures.js";
import { testBackends } from "../testing/test-databases.js";
import { auditEventToColumns } from "./access-row-mapping.js";
import { newAuditEventId } from "./ids.js";
import { openStore } from "./open-store.js";
import { openSqliteDatabase } from "./sqlite-database.js";

describe("sqlite audit rows", () => {
  it("wait for a transaction open on kysely's connection, and are not rolled back with it", async () => {
    const database = await testBackends[0]!.create();
    if (database.config.kind !== "sqlite") throw new Error("expected the sqlite backend first");
    await (await openStore(database.config)).close();
    const { db, writeAuditRows } = openSqliteDatabase(database.config.file);
    try {
      const row = auditEventToColumns(newAuditEventId(), auditEventInput("usr_alice"));
      let written = false;
      let append: Promise<void> | undefined;
      const rolledBack = await db
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto("users").values({ id: "usr_alice", name: "alice", admin: 0, create_time: 0 }).execute();
          append = writeAuditRows([row]).then(() => {
            written = true;
          });
          await new Promise((resolve) => setImmediate(resolve));
          expect(written).toBe(false);
          throw new Error("roll back");
        })
        .catch((error: unknown) => error);
      expect(rolledBack).toEqual(new Error("roll back"));
      await append;
      expect(await db.selectFrom("users").selectAll().execute()).toEqual([]);
      expect(await db.selectFrom("audit_events").select("id").execute()).toEqual([{ id: row.id }]);
    } finally {
      await db.destroy();
      await database.dispose();
    }
  });
});
