import type { CompiledQuery } from "kysely";
import type { PreparedQuery, PreparedStatements } from "./prepared-statements.js";
import type { SqliteHotConnection } from "./sqlite-hot-connection.js";
import { rowShape } from "./sqlite-row-shape.js";

/**
 * Prepared statements on the hot connection (sqlite-hot-connection.ts), not
 * kysely's: kysely's connection may be inside a transaction between two of
 * its statements, and a read on it would then see writes that could still
 * roll back (and would wait behind kysely's connection lock); in WAL mode
 * the hot connection reads the last committed state without waiting.
 */
export function sqlitePreparedStatements(hot: SqliteHotConnection): PreparedStatements {
  return {
    prepare<R>(query: CompiledQuery<R>): PreparedQuery<R> {
      // Raw rows, shaped in JS: faster than better-sqlite3's objects (sqlite-row-shape.ts).
      const statement = hot.database.prepare<unknown[], unknown[]>(query.sql).raw(true);
      const shape = rowShape<R>(statement.columns().map((column) => column.name));
      // A promise, so a failure rejects like every other store call rather than throwing.
      return (parameters) => hot.untilUnlocked(() => statement.all(...parameters).map(shape));
    },
    // The statements own the hot connection; the store closes the audit writer on it at the same time.
    close: async () => hot.close(),
  };
}
