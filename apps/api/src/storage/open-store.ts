import type { BackendDatabase } from "./backend-database.js";
import { KyselyApiTokenStore } from "./kysely-api-token-store.js";
import { KyselyCredentialStore } from "./kysely-credential-store.js";
import { KyselyUserStore } from "./kysely-user-store.js";
import { migrateToLatest } from "./migrations.js";
import { openPostgresDatabase } from "./postgres-database.js";
import { openSqliteDatabase } from "./sqlite-database.js";
import type { Store } from "./store.js";
import type { StoreConfig } from "./store-config.js";
import { StorageError } from "./storage-error.js";

export interface OpenStoreOptions {
  /** Source of create and update times; tests pin it to make equal timestamps. */
  readonly now?: () => Date;
}

function openBackend(config: StoreConfig): Promise<BackendDatabase> | BackendDatabase {
  switch (config.kind) {
    case "sqlite":
      return openSqliteDatabase(config.file);
    case "postgres":
      return openPostgresDatabase(config.url, config.schema);
  }
}

function openFailed(config: StoreConfig, error: unknown): Error {
  return error instanceof StorageError ? error : new StorageError(`open ${config.kind} database`, { cause: error });
}

/** Opens the database and migrates it to the current schema before returning. */
export async function openStore(config: StoreConfig, options: OpenStoreOptions = {}): Promise<Store> {
  let backend: BackendDatabase;
  try {
    backend = await openBackend(config);
  } catch (error) {
    throw openFailed(config, error);
  }
  const { db } = backend;
  try {
    await migrateToLatest(db, { types: backend.columnTypes, migrationTableSchema: backend.migrationTableSchema });
  } catch (error) {
    await db.destroy().catch(() => {});
    throw openFailed(config, error);
  }
  const now = options.now;
  const nowMillis = now === undefined ? () => Date.now() : () => now().getTime();
  return {
    users: new KyselyUserStore(db, nowMillis),
    tokens: new KyselyApiTokenStore(db, nowMillis),
    credentials: new KyselyCredentialStore(db, nowMillis),
    close: () => db.destroy(),
  };
}
