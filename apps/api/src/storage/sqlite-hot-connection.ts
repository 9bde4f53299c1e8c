import BetterSqlite3 from "better-sqlite3";

/**
 * The connection every call's database work runs on: the hot reads'
 * prepared statements (token lookups, a credential by id, a session's
 * bindings) and the audit trail's appends. One connection for both, because
 * SQLite drops a connection's whole page cache whenever another connection
 * has committed: with the appends on kysely's connection, every batch of
 * records made the next reads fetch their pages again (measured: 5 µs a
 * credential read with no writes between, 12 µs with a commit before each).
 *
 * It never holds a transaction across turns of the event loop (its reads are
 * single statements, its appends begin and commit within one call), so a
 * read on it sees only committed rows and never waits behind kysely's
 * transactions. Opened at first use, so code that only wants kysely's
 * connection never opens it.
 */
export class SqliteHotConnection {
  #database: BetterSqlite3.Database | undefined;

  constructor(
    readonly file: string,
    private readonly busyTimeoutMillis: number,
  ) {}

  get database(): BetterSqlite3.Database {
    if (this.#database !== undefined) return this.#database;
    const opened = new BetterSqlite3(this.file);
    try {
      opened.pragma(`busy_timeout = ${this.busyTimeoutMillis}`);
      // Its commits (audit appends) do not sync; the writer syncs the log
      // itself, off the event loop, before it acknowledges (sqlite-audit-row-writer.ts).
      opened.pragma("synchronous = NORMAL");
      opened.pragma("secure_delete = ON");
    } catch (error) {
      opened.close();
      throw error;
    }
    this.#database = opened;
    return opened;
  }

  /** Runs fn with the busy timeout at 0: fn fails with SQLITE_BUSY at once instead of sleeping on the event loop. */
  withoutWaiting<T>(fn: (database: BetterSqlite3.Database) => T): T {
    const database = this.database;
    database.pragma("busy_timeout = 0");
    try {
      return fn(database);
    } finally {
      database.pragma(`busy_timeout = ${this.busyTimeoutMillis}`);
    }
  }

  close(): void {
    this.#database?.close();
    this.#database = undefined;
  }
}
