import { createHash } from "node:crypto";
import type { CompiledQuery } from "kysely";
import type pg from "pg";
import type { PreparedQuery, PreparedStatements } from "./prepared-statements.js";

/**
 * Named prepared statements on kysely's own pool: each connection parses a
 * statement the first time it runs it and only binds parameters after that.
 * `setup` (the search_path) runs once on each connection before its first
 * statement here, since kysely applies it only to connections it acquired.
 */
export function postgresPreparedStatements(pool: pg.Pool, setup: string | undefined): PreparedStatements {
  const ready = new WeakSet<pg.PoolClient>();
  return {
    prepare<R>(query: CompiledQuery<R>): PreparedQuery<R> {
      // Named by the text: the same name with another text on one connection is an error.
      const name = `acp_${createHash("sha256").update(query.sql).digest("hex").slice(0, 32)}`;
      const text = query.sql;
      return async (parameters) => {
        const client = await pool.connect();
        try {
          if (setup !== undefined && !ready.has(client)) {
            await client.query(setup);
            ready.add(client);
          }
          const result = await client.query<R & pg.QueryResultRow>({ name, text, values: [...parameters] });
          client.release();
          return result.rows;
        } catch (error) {
          // As pool.query does: a connection that failed a query is not reused.
          client.release(error instanceof Error ? error : true);
          throw error;
        }
      };
    },
    // The pool is kysely's, ended by its destroy().
    close: async () => {},
  };
}
