import cluster from "node:cluster";
import type { ChangeNotifier } from "./change-notifier.js";
import { IpcChangeNotifier, parentChannel } from "./ipc-change-notifier.js";
import { LocalChangeNotifier } from "./local-change-notifier.js";
import { openPostgresChangeNotifier } from "./postgres-change-notifier.js";
import type { StoreConfig } from "./store-config.js";

/**
 * The notifier for the database a store opens. PostgreSQL may be served by
 * several replicas, so changes go through the database. SQLite is served by
 * one process, or by the workers of one `serve --workers`, which hear each
 * other through their primary. Rejects with a StorageError when PostgreSQL
 * cannot be reached or listened to.
 */
export async function openChangeNotifier(config: StoreConfig): Promise<ChangeNotifier> {
  switch (config.kind) {
    case "sqlite":
      return cluster.isWorker ? new IpcChangeNotifier(parentChannel()) : new LocalChangeNotifier();
    case "postgres":
      return openPostgresChangeNotifier({ url: config.url, schema: config.schema });
  }
}
