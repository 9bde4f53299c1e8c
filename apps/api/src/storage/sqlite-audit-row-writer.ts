import { close, fdatasync, openSync } from "node:fs";
import { promisify } from "node:util";
import type BetterSqlite3 from "better-sqlite3";
import type { Kysely } from "kysely";
import { type AuditRow, type AuditRowWriter, auditColumns } from "./audit-rows.js";
import type { Database } from "./database-schema.js";
import { SqliteCheckpointer } from "./sqlite-checkpointer.js";
import type { SqliteHotConnection } from "./sqlite-hot-connection.js";

const datasync = promisify(fdatasync);
const closeFd = promisify(close);
// SQLite's own default, for when the checkpoint thread is gone.
const defaultAutocheckpointPages = 1000;

interface Prepared {
  readonly insertAll: BetterSqlite3.Transaction<(rows: readonly AuditRow[]) => void>;
  /** The write-ahead log, held open to sync it. */
  readonly wal: number;
  readonly checkpointer: SqliteCheckpointer;
}

/**
 * SQLite: audit rows on the hot connection, whose reads then keep their page
 * cache (sqlite-hot-connection.ts), and without the event loop ever waiting
 * on the disk or on a lock:
 *
 * - The commit does not sync (the connection is synchronous = NORMAL). The
 *   append syncs the write-ahead log itself, with fdatasync on libuv's
 *   thread pool, and only then resolves. A WAL commit is durable once the
 *   log's frames are on disk, whichever descriptor syncs them, so an
 *   acknowledged record survives a power cut as with FULL. The fsync cost
 *   about 230 µs a commit on the event loop before.
 * - It never waits inside SQLite for the write lock: that wait is a sleep on
 *   the event loop, and with `serve --workers` every worker appends. Within
 *   this process it first takes kysely's connection, in turn with kysely's
 *   transactions (so it waits for one that is open, and is never rolled back
 *   with it); a database another process holds is tried again a millisecond
 *   later, while the loop serves other calls, for up to `lockTimeoutMillis`.
 * - Its commits never checkpoint the log into the database file, which
 *   syncs that file too: a thread of its own does (sqlite-checkpointer.ts).
 *
 * One single-row INSERT, prepared once, run per row inside one IMMEDIATE
 * transaction: building and preparing a multi-row INSERT of every batch's
 * size cost more than the rows themselves.
 */
export function sqliteAuditRowWriter(
  db: Kysely<Database>,
  hot: SqliteHotConnection,
  lockTimeoutMillis: number,
): AuditRowWriter {
  let prepared: Prepared | undefined;
  // Prepared at the first append: before migrations the table does not exist yet.
  const prepare = (): Prepared => {
    const { database } = hot;
    const insert = database.prepare<unknown[]>(
      `insert into audit_events (${auditColumns.join(", ")}) values (${auditColumns.map(() => "?").join(", ")})`,
    );
    const insertAll = database.transaction((rows: readonly AuditRow[]) => {
      for (const row of rows) insert.run(auditColumns.map((column) => row[column]));
    });
    // The appends' commits no longer checkpoint: a thread does
    // (sqlite-checkpointer.ts). Should it stop, they do again.
    const checkpointer = new SqliteCheckpointer({
      file: hot.file,
      onStopped: () => {
        if (database.open) database.pragma(`wal_autocheckpoint = ${defaultAutocheckpointPages}`);
      },
    });
    database.pragma("wal_autocheckpoint = 0");
    // Preparing read the schema in WAL mode, so the log exists; SQLite
    // removes it only when the last connection closes, and this one is open.
    return { insertAll, wal: openSync(`${hot.file}-wal`, "r"), checkpointer };
  };
  return {
    async write(rows) {
      prepared ??= prepare();
      const { insertAll, wal } = prepared;
      await db.connection().execute(() => hot.untilUnlocked(() => insertAll.immediate(rows), lockTimeoutMillis));
      await datasync(wal);
    },
    async close() {
      if (prepared === undefined) return;
      const { wal, checkpointer } = prepared;
      prepared = undefined;
      await Promise.all([closeFd(wal), checkpointer.close()]);
    },
  };
}
