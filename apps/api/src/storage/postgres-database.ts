import pg from "pg";
import { CompiledQuery, Kysely, PostgresDialect, sql } from "kysely";
import type { BackendDatabase } from "./backend-database.js";
import type { Database } from "./database-schema.js";

const INT8_OID = 20;

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
    oid === INT8_OID && format !== "binary" ? parseInt8 : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function openPostgresDatabase(url: string, schema = "public"): BackendDatabase {
  const pool = new pg.Pool({ connectionString: url, types });
  // An idle client that loses its connection emits "error" on the pool; the
  // pool already discards it and the next query reconnects, so this must not
  // crash the process as an unhandled event would.
  pool.on("error", () => {});
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool,
      // search_path rather than withSchema, so migrations, constraints and
      // foreign keys all resolve inside the one schema.
      onCreateConnection: (connection) =>
        connection.executeQuery(CompiledQuery.raw(`set search_path to ${quoteIdentifier(schema)}`)).then(() => undefined),
    }),
  });
  return {
    db,
    columnTypes: { id: sql`text collate "C"`, bytes: "bytea" },
    migrationTableSchema: schema,
  };
}
