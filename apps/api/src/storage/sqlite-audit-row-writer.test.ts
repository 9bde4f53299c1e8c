import { statSync } from "node:fs";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditEventInput } from "../testing/credential-test-fixtures.js";
import { type TestDatabase, testBackends } from "../testing/test-databases.js";
import { auditEventToColumns } from "./access-row-mapping.js";
import type { AuditRow } from "./audit-rows.js";
import { newAuditEventId } from "./ids.js";
import { openStore } from "./open-store.js";
import { sqliteAuditRowWriter } from "./sqlite-audit-row-writer.js";
import { openSqliteDatabase } from "./sqlite-database.js";
import { SqliteHotConnection } from "./sqlite-hot-connection.js";

const auditRow = (): AuditRow => auditEventToColumns(newAuditEventId(), auditEventInput("usr_alice"));
const turn = () => new Promise((resolve) => setImmediate(resolve));

// SQLite only: PostgreSQL's appends are one statement on kysely's pool.
describe("sqlite audit rows", () => {
  let database: TestDatabase;
  let file: string;

  beforeEach(async () => {
    database = await testBackends[0]!.create();
    if (database.config.kind !== "sqlite") throw new Error("expected the sqlite backend first");
    file = database.config.file;
    await (await openStore(database.config)).close();
  });
  afterEach(() => database.dispose());

  it("wait for a transaction open on kysely's connection, and are not rolled back with it", async () => {
    const { db, auditRows, statements } = openSqliteDatabase(file);
    try {
      const row = auditRow();
      let written = false;
      let append: Promise<void> | undefined;
      const rolledBack = await db
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto("users").values({ id: "usr_alice", name: "alice", admin: 0, create_time: 0 }).execute();
          append = auditRows.write([row]).then(() => {
            written = true;
          });
          for (let i = 0; i < 5; i++) await turn();
          expect(written).toBe(false);
          throw new Error("roll back");
        })
        .catch((error: unknown) => error);
      expect(rolledBack).toEqual(new Error("roll back"));
      await append;
      expect(await db.selectFrom("users").selectAll().execute()).toEqual([]);
      expect(await db.selectFrom("audit_events").select("id").execute()).toEqual([{ id: row.id }]);
    } finally {
      await Promise.all([auditRows.close(), statements.close(), db.destroy()]);
    }
  });

  it("leave checkpoints to a thread: their connection runs none, and the log still reaches the database file", async () => {
    const { db, auditRows, statements } = openSqliteDatabase(file);
    const hot = new SqliteHotConnection(file, 5_000);
    const writer = sqliteAuditRowWriter(db, hot, 5_000);
    try {
      const before = statSync(file).size;
      for (let i = 0; i < 10; i++) await writer.write(Array.from({ length: 50 }, auditRow));
      expect(hot.database.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
      // Only a checkpoint writes the database file itself; waited for, never timed.
      while (statSync(file).size <= before) await new Promise((resolve) => setTimeout(resolve, 5));
    } finally {
      await Promise.all([writer.close(), auditRows.close(), statements.close(), db.destroy()]);
      hot.close();
    }
  });

  it("leave the event loop running while another process holds the write lock, and give up at the lock timeout", async () => {
    // Another process's connection, as far as locks go: SQLite's locks are the file's.
    const other = new BetterSqlite3(file);
    // Each writer with a kysely connection of its own: one writer waits for another on it.
    const [first, second] = [openSqliteDatabase(file), openSqliteDatabase(file)];
    const hot = new SqliteHotConnection(file, 5_000);
    const patient = sqliteAuditRowWriter(first.db, hot, 5_000);
    const impatient = sqliteAuditRowWriter(second.db, hot, 30);
    try {
      other.prepare("begin immediate").run();
      let written = false;
      const started = Date.now();
      const append = patient.write([auditRow()]).then(() => {
        written = true;
      });
      // A sleep inside SQLite would hold the loop: timers fire meanwhile.
      let ticks = 0;
      while (Date.now() - started < 60) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        ticks += 1;
      }
      expect(ticks).toBeGreaterThan(3);
      expect(written).toBe(false);
      const refused = await impatient.write([auditRow()]).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(BetterSqlite3.SqliteError);
      expect((refused as { code: string }).code).toMatch(/^SQLITE_BUSY/);
      other.prepare("commit").run();
      await append;
      expect(other.prepare("select count(*) as n from audit_events").get()).toEqual({ n: 1 });
      // Its reads never sleep inside SQLite either (sqlite-hot-connection.ts).
      expect(hot.database.pragma("busy_timeout", { simple: true })).toBe(0);
    } finally {
      other.close();
      const closing = [first, second].flatMap(({ db, statements }) => [statements.close(), db.destroy()]);
      await Promise.all([patient.close(), impatient.close(), ...closing]);
      hot.close();
    }
  });
});
