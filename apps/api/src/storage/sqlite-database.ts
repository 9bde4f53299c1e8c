import BetterSqlite3 from "better-sqlite3";
import { closeSync, existsSync, openSync } from "node:fs";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "./database-schema.js";
import type { BackendDatabase } from "./backend-database.js";
import { withStatementCache } from "./sqlite-statement-cache.js";

// Long enough for an admin command to wait out a server transaction instead of
// failing with SQLITE_BUSY.
const BUSY_TIMEOUT_MILLIS = 5_000;

export function openSqliteDatabase(file: string): BackendDatabase {
  // Create the file ourselves so it starts private; SQLite gives the -wal and
  // -shm files the same permissions as the database.
  if (!existsSync(file)) closeSync(openSync(file, "a", 0o600));
  const sqlite = new BetterSqlite3(file);
  try {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MILLIS}`);
    sqlite.pragma("foreign_keys = ON");
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) }),
    columnTypes: { id: "text", bytes: "blob" },
    migrationTableSchema: undefined,
  };
}
