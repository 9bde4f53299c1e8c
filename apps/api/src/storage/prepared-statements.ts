import type { CompiledQuery, Kysely } from "kysely";
import type { Database } from "./database-schema.js";

/** A compiled query's SQL, ready to run with each call's parameters. */
export type PreparedQuery<R> = (parameters: readonly unknown[]) => Promise<R[]>;

/**
 * The driver's own prepared statements, for the few reads every call makes
 * (token lookups, a credential by id, a session's bindings): kysely's driver
 * path costs more than the databases spend running them. Everything else
 * stays on kysely.
 */
export interface PreparedStatements {
  /** Prepares the query's SQL once; the function runs it with other parameters. */
  prepare<R>(query: CompiledQuery<R>): PreparedQuery<R>;
  close(): Promise<void>;
}

/** Runs compiled queries through kysely's driver: for tests and measurements that compare against it. */
export function kyselyStatements(db: Kysely<Database>): PreparedStatements {
  return {
    prepare:
      <R>(query: CompiledQuery<R>) =>
      async (parameters: readonly unknown[]) =>
        (await db.executeQuery<R>({ ...query, parameters })).rows,
    close: async () => {},
  };
}
