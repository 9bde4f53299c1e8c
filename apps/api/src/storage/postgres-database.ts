import { CompiledQuery, Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { postgresAuditRowWriter } from "./audit-rows.js";
import type { BackendDatabase } from "./backend-database.js";
import type { Database } from "./database-schema.js";
import { postgresPreparedStatements } from "./postgres-prepared-statements.js";
import { StorageError } from "./storage-error.js";

const int8Oid = 20;

// Timestamps are bigint columns and COUNT(*) is bigint; pg returns int8 as a
// string by default. Epoch milliseconds and row counts are safe integers, and
// a value that is not means corruption, so refuse it rather than round it.
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError("int8 value out of safe integer range");
  return value;
}

const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === int8Oid && format !== "binary"
      ? parseInt8
      : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

async function defaultSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (schema === null || schema === undefined) {
    throw new StorageError("open postgres database", {
      detail: "no schema on the search_path exists; create one or configure a schema explicitly",
    });
  }
  return schema;
}

/**
 * With `schema`, everything lives in that schema (created if missing). Without
 * it, the server's own search_path decides, as for any other client.
 */
export async function openPostgresDatabase(url: string, schema: string | undefined): Promise<BackendDatabase> {
  const pool = new pg.Pool({ connectionString: url, types });
  // An idle client that loses its connection emits "error" on the pool; the
  // pool already discards it and the next query reconnects, so this must not
  // crash the process as an unhandled event would.
  pool.on("error", () => {});
  // search_path rather than withSchema, so migrations, constraints and
  // foreign keys all resolve inside the one schema.
  const setSearchPath = schema === undefined ? undefined : `set search_path to ${quoteIdentifier(schema)}`;
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool,
      ...(setSearchPath === undefined
        ? {}
        : {
            onCreateConnection: (connection) =>
              connection.executeQuery(CompiledQuery.raw(setSearchPath)).then(() => undefined),
          }),
    }),
  });
  try {
    return {
      statements: postgresPreparedStatements(pool, setSearchPath),
      db,
      columnTypes: { id: sql`text collate "C"`, bytes: "bytea" },
      // Named explicitly because kysely's migrator, left to the default, finds
      // its bookkeeping table in whichever schema has one, even another app's.
      migrationTableSchema: schema ?? (await defaultSchema(db)),
      rowLocks: true,
      auditRows: postgresAuditRowWriter(db),
      reclaimFreedSpace: async () => ({ kind: "postgres" }),
    };
  } catch (error) {
    await db.destroy().catch(() => {});
    throw error;
  }
}
