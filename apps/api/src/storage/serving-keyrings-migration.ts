import type { Migration } from "kysely";
import type { AnyKysely, DialectColumnTypes } from "./migrations.js";

/**
 * 0003: which keys each serving process holds, so `keys reencrypt` can refuse
 * to move secrets to a key some live server could not open. A row per
 * process, refreshed by its heartbeat and removed when it stops; a row whose
 * heartbeat is old is a process that died and is ignored.
 */
export function servingKeyringsSchema(types: DialectColumnTypes): Migration {
  return {
    async up(db: AnyKysely) {
      await db.schema
        .createTable("serving_keyrings")
        .addColumn("instance_id", types.id, (c) => c.primaryKey())
        .addColumn("host", "text", (c) => c.notNull())
        // Sorted JSON array of key ids: never key material.
        .addColumn("key_ids", "text", (c) => c.notNull())
        .addColumn("active_key_id", "text", (c) => c.notNull())
        .addColumn("start_time", "bigint", (c) => c.notNull())
        .addColumn("heartbeat_time", "bigint", (c) => c.notNull())
        .execute();
    },
  };
}
