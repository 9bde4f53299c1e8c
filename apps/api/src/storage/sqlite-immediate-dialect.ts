import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from "kysely";

/**
 * SQLite begins a plain transaction deferred: it takes the write lock at its
 * first write, and if another connection wrote between the transaction's first
 * read and that write, the write fails with SQLITE_BUSY at once, busy_timeout
 * or not. Beginning IMMEDIATE takes the lock up front, so a transaction that
 * reads, checks and then writes waits its turn instead, and nothing it read
 * can change before it commits: that is what stands in for row locks here.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  readonly #turns = new FifoMutex();

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }

  /**
   * kysely's own mutex wakes every waiter at each release and all but one go
   * back to waiting: with a thousand streams re-reading at once that is half
   * a million wake-ups in one unbroken run of microtasks. Waiting here first,
   * in line, leaves kysely's mutex at most one waiter.
   */
  override async acquireConnection(): Promise<DatabaseConnection> {
    await this.#turns.lock();
    try {
      return await super.acquireConnection();
    } catch (error) {
      this.#turns.unlock();
      throw error;
    }
  }

  override async releaseConnection(): Promise<void> {
    try {
      await super.releaseConnection();
    } finally {
      this.#turns.unlock();
    }
  }
}

/** A mutex whose waiters take their turns in arrival order, each woken once. */
export class FifoMutex {
  #locked = false;
  readonly #waiting: Array<() => void> = [];

  async lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    // Handed over by unlock with the mutex still held, so no newcomer can slip in between.
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  unlock(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#locked = false;
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
