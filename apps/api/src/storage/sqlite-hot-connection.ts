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
    /** How long a read waits, in all, for a lock another connection holds. */
    private readonly lockTimeoutMillis: number,
  ) {}

  get database(): BetterSqlite3.Database {
    if (this.#database !== undefined) return this.#database;
    const opened = new BetterSqlite3(this.file);
    try {
      // Never a sleep inside SQLite: that is a sleep of the event loop, for
      // every call. Reads and appends alike fail with SQLITE_BUSY at once
      // where another connection's lock is in the way, and untilUnlocked
      // tries them again while the loop serves other calls.
      opened.pragma("busy_timeout = 0");
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

  /**
   * Runs `attempt`; while it fails with SQLITE_BUSY, again every
   * millisecond, the loop serving other calls meanwhile, until
   * `timeoutMillis` (by default the reads' lock timeout) have passed. Then
   * its last error is thrown.
   */
  async untilUnlocked<T>(attempt: () => T, timeoutMillis: number = this.lockTimeoutMillis): Promise<T> {
    // Set at the first SQLITE_BUSY: a read that finds no lock (nearly every
    // one) does nothing but run.
    let deadline: number | undefined;
    for (;;) {
      try {
        return attempt();
      } catch (error) {
        if (!isBusy(error)) throw error;
        deadline ??= Date.now() + timeoutMillis;
        if (Date.now() >= deadline) throw error;
      }
      await later(1);
    }
  }

  close(): void {
    this.#database?.close();
    this.#database = undefined;
  }
}

const later = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

function isBusy(error: unknown): boolean {
  return error instanceof BetterSqlite3.SqliteError && error.code.startsWith("SQLITE_BUSY");
}
