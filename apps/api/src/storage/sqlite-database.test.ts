import { stat } from "node:fs/promises";
import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { testBackends } from "../testing/test-databases.js";
import { openStore } from "./open-store.js";

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
});
