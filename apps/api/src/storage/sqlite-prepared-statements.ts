import BetterSqlite3 from "better-sqlite3";
import type { CompiledQuery } from "kysely";
import type { PreparedQuery, PreparedStatements } from "./prepared-statements.js";

/**
 * Prepared statements on a second connection to the database, which serves
 * only these reads. kysely's connection may be inside a transaction between
 * two of its statements, and a read on it would then see writes that could
 * still roll back (and would wait behind kysely's connection lock); in WAL
 * mode this connection reads the last committed state without waiting.
 */
export function sqlitePreparedStatements(file: string, busyTimeoutMillis: number): PreparedStatements {
  // Opened at the first prepare, so code that only wants kysely's connection never opens it.
  let reader: BetterSqlite3.Database | undefined;
  const open = () => {
    if (reader !== undefined) return reader;
    const opened = new BetterSqlite3(file);
    try {
      opened.pragma(`busy_timeout = ${busyTimeoutMillis}`);
    } catch (error) {
      opened.close();
      throw error;
    }
    reader = opened;
    return opened;
  };
  return {
    prepare<R>(query: CompiledQuery<R>): PreparedQuery<R> {
      const statement = open().prepare<unknown[], R>(query.sql);
      // async, so a failure rejects like every other store call rather than throwing.
      return async (parameters) => statement.all(...parameters);
    },
    close: async () => {
      reader?.close();
      reader = undefined;
    },
  };
}
