import { AuthenticationCache } from "./authentication-cache.js";
import type { BackendDatabase } from "./backend-database.js";
import type { ChangeNotifier } from "./change-notifier.js";
import { KyselyApiTokenStore } from "./kysely-api-token-store.js";
import { KyselyAuditStore } from "./kysely-audit-store.js";
import { KyselyBindingStore } from "./kysely-binding-store.js";
import { KyselyCredentialStore } from "./kysely-credential-store.js";
import { KyselyProjectStore } from "./kysely-project-store.js";
import { KyselyServingKeyringStore } from "./kysely-serving-keyring-store.js";
import { KyselySessionStore } from "./kysely-session-store.js";
import { KyselyUserStore } from "./kysely-user-store.js";
import { guarded } from "./map-database-error.js";
import { migrateToLatest } from "./migrations.js";
import { openChangeNotifier } from "./open-change-notifier.js";
import { openPostgresDatabase } from "./postgres-database.js";
import { openSqliteDatabase } from "./sqlite-database.js";
import { StorageError } from "./storage-error.js";
import type { Store } from "./store.js";
import type { StoreConfig } from "./store-config.js";
import type { TokenCacheLimits } from "./token-cache.js";

export interface OpenStoreOptions {
  /** Source of create and update times; tests pin it to make equal timestamps. */
  readonly now?: () => Date;
  /** Overrides the verified-token cache's limits (tokenCacheLimits); a ttl of 0 turns it off. */
  readonly tokenCache?: Partial<TokenCacheLimits>;
}

/**
 * A revoke made through the API is heard at once by every process serving
 * the database: through NOTIFY on PostgreSQL, and on SQLite through the
 * primary of `serve --workers`. The time to live bounds what no notice
 * reaches: a lost one on PostgreSQL, and on SQLite `acp-api tokens revoke`,
 * which runs in a process of its own and tells no server, so there it is
 * half a second. Even that short a cache spares nearly every call its token
 * lookup (about 5 µs and one read of the hot connection on SQLite).
 */
export function tokenCacheLimits(kind: StoreConfig["kind"]): TokenCacheLimits {
  return { ttlMillis: kind === "sqlite" ? 500 : 5_000, capacity: 10_000 };
}

/** The database alone, unmigrated and without stores; exported for tests that inspect it directly. */
export function openBackend(config: StoreConfig): Promise<BackendDatabase> | BackendDatabase {
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
  const { db, rowLocks, auditRows, statements } = backend;
  let changes: ChangeNotifier;
  try {
    await migrateToLatest(db, { types: backend.columnTypes, migrationTableSchema: backend.migrationTableSchema });
    changes = await openChangeNotifier(config);
  } catch (error) {
    await Promise.all([statements.close(), auditRows.close(), db.destroy()]).catch(() => {});
    throw openFailed(config, error);
  }
  const cache = new AuthenticationCache(changes, { ...tokenCacheLimits(config.kind), ...options.tokenCache });
  const now = options.now;
  const nowMillis = now === undefined ? () => Date.now() : () => now().getTime();
  return {
    users: new KyselyUserStore(db, nowMillis),
    tokens: new KyselyApiTokenStore(db, nowMillis, statements, { cache: cache.apiTokens, changes }),
    credentials: new KyselyCredentialStore(db, nowMillis, rowLocks, statements),
    projects: new KyselyProjectStore(db, nowMillis, rowLocks, cache.runners),
    bindings: new KyselyBindingStore(db, nowMillis, statements),
    sessions: new KyselySessionStore(db, nowMillis, statements, cache.runners),
    audit: new KyselyAuditStore(db, auditRows),
    servingKeyrings: new KyselyServingKeyringStore(db, nowMillis),
    changes,
    reclaimFreedSpace: () => guarded("reclaimFreedSpace", () => backend.reclaimFreedSpace()),
    close: async () => {
      cache.close();
      await Promise.all([changes.close(), statements.close(), auditRows.close(), db.destroy()]);
    },
  };
}
