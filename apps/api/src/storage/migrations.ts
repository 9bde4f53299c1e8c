import {
  type ColumnDataType,
  type Expression,
  type Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  sql,
} from "kysely";
import { accessModelSchema } from "./access-model-migration.js";
import { servingKeyringsSchema } from "./serving-keyrings-migration.js";
import { StorageError } from "./storage-error.js";

// What addColumn accepts; kysely does not export its own name for it.
type DataTypeExpression = ColumnDataType | Expression<unknown>;

/** The only column types the two backends spell differently. */
export interface DialectColumnTypes {
  /** Identifier columns; PostgreSQL pins the "C" collation so keyset order matches SQLite's byte order. */
  readonly id: DataTypeExpression;
  readonly bytes: DataTypeExpression;
}

// Migrations see Kysely<any> on purpose: they describe the schema as it was
// when written, not the current Database type.
// biome-ignore lint/suspicious/noExplicitAny: see above; any is the point.
export type AnyKysely = Kysely<any>;

function initialSchema(types: DialectColumnTypes): Migration {
  return {
    async up(db: AnyKysely) {
      await db.schema
        .createTable("users")
        .addColumn("id", types.id, (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("admin", "integer", (c) => c.notNull().check(sql`admin in (0, 1)`))
        .addColumn("create_time", "bigint", (c) => c.notNull())
        .addUniqueConstraint("users_name_key", ["name"])
        .execute();

      await db.schema
        .createTable("api_tokens")
        .addColumn("id", types.id, (c) => c.primaryKey())
        .addColumn("user_id", types.id, (c) => c.notNull().references("users.id"))
        .addColumn("description", "text", (c) => c.notNull())
        .addColumn("token_hash", types.bytes, (c) => c.notNull())
        .addColumn("create_time", "bigint", (c) => c.notNull())
        .addColumn("revoke_time", "bigint")
        .addUniqueConstraint("api_tokens_token_hash_key", ["token_hash"])
        .execute();
      await db.schema
        .createIndex("api_tokens_user_idx")
        .on("api_tokens")
        .columns(["user_id", "create_time", "id"])
        .execute();

      await db.schema
        .createTable("credentials")
        .addColumn("id", types.id, (c) => c.primaryKey())
        .addColumn("owner_id", types.id, (c) => c.notNull().references("users.id"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("provider", "integer", (c) => c.notNull())
        .addColumn("url", "text", (c) => c.notNull())
        .addColumn("email", "text", (c) => c.notNull())
        .addColumn("description", "text", (c) => c.notNull())
        .addColumn("labels", "text", (c) => c.notNull())
        .addColumn("allow_insecure", "integer", (c) => c.notNull().check(sql`allow_insecure in (0, 1)`))
        .addColumn("summary", types.bytes, (c) => c.notNull())
        .addColumn("key_id", "text", (c) => c.notNull())
        .addColumn("sealed", types.bytes, (c) => c.notNull())
        .addColumn("create_time", "bigint", (c) => c.notNull())
        .addColumn("update_time", "bigint", (c) => c.notNull())
        .addUniqueConstraint("credentials_owner_name_key", ["owner_id", "name"])
        .execute();
      // Keyset pagination over everyone's credentials, and over one owner's.
      await db.schema
        .createIndex("credentials_create_time_id_idx")
        .on("credentials")
        .columns(["create_time", "id"])
        .execute();
      await db.schema
        .createIndex("credentials_owner_create_time_id_idx")
        .on("credentials")
        .columns(["owner_id", "create_time", "id"])
        .execute();
      // Startup asks which keys are in use; re-encryption scans by key.
      await db.schema.createIndex("credentials_key_id_idx").on("credentials").columns(["key_id", "id"]).execute();
    },
  };
}

/** Every migration by name; the migrator applies them in name order. Exported so tests can stop part way. */
export function allMigrations(types: DialectColumnTypes): Record<string, Migration> {
  return {
    "0001_initial": initialSchema(types),
    "0002_access_model": accessModelSchema(types),
    "0003_serving_keyrings": servingKeyringsSchema(types),
  };
}

function migrationProvider(types: DialectColumnTypes): MigrationProvider {
  return {
    async getMigrations() {
      return allMigrations(types);
    },
  };
}

/** Brings the schema up to date; safe to run on every open and from several processes at once. */
export async function migrateToLatest(
  db: AnyKysely,
  options: { readonly types: DialectColumnTypes; readonly migrationTableSchema: string | undefined },
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider(options.types),
    ...(options.migrationTableSchema === undefined ? {} : { migrationTableSchema: options.migrationTableSchema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((r) => r.status === "Error")?.migrationName;
  // Without a failed migration the database was never reached; the caller says so.
  throw failed === undefined ? error : new StorageError(`migrate ${failed}`, { cause: error });
}
