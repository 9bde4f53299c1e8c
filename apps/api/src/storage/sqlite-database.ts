import { closeSync, existsSync, openSync } from "node:fs";
import BetterSqlite3 from "better-sqlite3";
import { Kysely } from "kysely";
import type { BackendDatabase } from "./backend-database.js";
import type { Database } from "./database-schema.js";
import { reclaimSqliteFreedSpace } from "./freed-space.js";
import { sqliteAuditRowWriter } from "./sqlite-audit-row-writer.js";
import { SqliteHotConnection } from "./sqlite-hot-connection.js";
import { ImmediateSqliteDialect } from "./sqlite-immediate-dialect.js";
import { sqlitePreparedStatements } from "./sqlite-prepared-statements.js";
import { withStatementCache } from "./sqlite-statement-cache.js";

// Long enough for an admin command to wait out a server transaction instead of
// failing with SQLITE_BUSY.
const busyTimeoutMillis = 5_000;

export function openSqliteDatabase(file: string): BackendDatabase {
  // Create the file ourselves so it starts private; SQLite gives the -wal and
  // -shm files the same permissions as the database.
  if (!existsSync(file)) closeSync(openSync(file, "a", 0o600));
  const sqlite = new BetterSqlite3(file);
  try {
    sqlite.pragma("journal_mode = WAL");
    // Said every time: left alone, SQLite picks FULL when it creates the WAL
    // and NORMAL (SQLITE_DEFAULT_WAL_SYNCHRONOUS) on every later open, so a
    // power cut could lose acknowledged writes only after the first restart.
    // FULL syncs the WAL at each commit: an acknowledged write survives it.
    sqlite.pragma("synchronous = FULL");
    // A retired key must leave nothing behind: freed cells and pages (an old
    // secret replaced by re-encryption) are zeroed, not merely unlinked.
    sqlite.pragma("secure_delete = ON");
    sqlite.pragma(`busy_timeout = ${busyTimeoutMillis}`);
    sqlite.pragma("foreign_keys = ON");
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  const hot = new SqliteHotConnection(file, busyTimeoutMillis);
  return {
    statements: sqlitePreparedStatements(hot),
    db,
    columnTypes: { id: "text", bytes: "blob" },
    migrationTableSchema: undefined,
    rowLocks: false,
    auditRows: sqliteAuditRowWriter(db, hot, busyTimeoutMillis),
    reclaimFreedSpace: () => reclaimSqliteFreedSpace(db),
  };
}
