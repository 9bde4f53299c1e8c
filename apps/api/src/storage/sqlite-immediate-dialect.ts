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
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
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
