import type { SqliteDatabase, SqliteStatement } from "kysely";

/**
 * kysely's SQLite driver prepares every query afresh, which costs more than
 * running it for our point reads. Statements are reusable, and kysely runs one
 * query at a time on its single connection, so one cached statement per SQL
 * text is safe. The cap bounds memory if a caller ever builds unbounded SQL.
 */
export function withStatementCache(database: SqliteDatabase, capacity = 256): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare(sql) {
      const cached = statements.get(sql);
      if (cached) return cached;
      const statement = database.prepare(sql);
      if (statements.size >= capacity) statements.delete(statements.keys().next().value!);
      statements.set(sql, statement);
      return statement;
    },
  };
}
