import { stat } from "node:fs/promises";
import BetterSqlite3 from "better-sqlite3";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { testBackends } from "../testing/test-databases.js";
import { openStore } from "./open-store.js";
import { openSqliteDatabase } from "./sqlite-database.js";

async function pragmasOfAnOpen(file: string): Promise<{ synchronous: unknown; secure_delete: unknown }> {
  const { db } = openSqliteDatabase(file);
  try {
    const read = async (name: "synchronous" | "secure_delete") =>
      Object.values((await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(db)).rows[0] ?? {})[0];
    return { synchronous: await read("synchronous"), secure_delete: await read("secure_delete") };
  } finally {
    await db.destroy();
  }
}

describe("sqlite file", () => {
  it("is private, in WAL mode, and shared safely by two open stores", async () => {
    const database = await testBackends[0]!.create();
    if (database.config.kind !== "sqlite") throw new Error("expected the sqlite backend first");
    const { file } = database.config;
    const server = await openStore(database.config);
    const admin = await openStore(database.config);
    try {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const raw = new BetterSqlite3(file, { readonly: true });
      try {
        expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
      } finally {
        raw.close();
      }
      const alice = await server.users.create({ name: "alice", admin: false });
      await admin.users.create({ name: "bob", admin: true });
      expect(await server.users.count()).toBe(2);
      expect(await admin.users.get(alice.id)).toEqual(alice);
    } finally {
      await Promise.all([server.close(), admin.close()]);
      await database.dispose();
    }
  });

  it("syncs every commit (FULL) and zeroes what it frees, on the first open and on every later one", async () => {
    const database = await testBackends[0]!.create();
    if (database.config.kind !== "sqlite") throw new Error("expected the sqlite backend first");
    try {
      // SQLite's own default differs between the open that creates the WAL and later ones.
      const expected = { synchronous: 2, secure_delete: 1 };
      expect(await pragmasOfAnOpen(database.config.file)).toEqual(expected);
      expect(await pragmasOfAnOpen(database.config.file)).toEqual(expected);
      expect(await pragmasOfAnOpen(database.config.file)).toEqual(expected);
    } finally {
      await database.dispose();
    }
  });
});
