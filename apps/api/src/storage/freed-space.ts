import { type Kysely, sql } from "kysely";
import type { Database } from "./database-schema.js";

/**
 * What a pass over the database's freed space did. Old ciphertext must not
 * outlive its row: a retired key is only retired once no copy of what it
 * sealed can be read back from the database's files.
 */
export type FreedSpaceReport =
  | {
      readonly kind: "sqlite";
      /**
       * After VACUUM, the WAL's pages were copied back and the file truncated.
       * `busy` means a reader held on to it: its older frames, which can hold
       * old ciphertext, stay until a later checkpoint.
       */
      readonly walCheckpoint: { readonly busy: boolean; readonly walFrames: number; readonly checkpointed: number };
    }
  | {
      // PostgreSQL keeps dead row versions until VACUUM reuses them, and its
      // WAL and backups keep them longer: only the operator can retire those.
      readonly kind: "postgres";
    };

/**
 * Rewrites the whole SQLite file, so nothing freed before secure_delete was
 * on (or in a page SQLite only unlinked) survives, then empties the WAL,
 * whose older frames hold the pages as they were before each write.
 */
export async function reclaimSqliteFreedSpace(db: Kysely<Database>): Promise<FreedSpaceReport> {
  await sql`vacuum`.execute(db);
  const { rows } = await sql<{
    busy: number;
    log: number;
    checkpointed: number;
  }>`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  const row = rows[0];
  return {
    kind: "sqlite",
    walCheckpoint: { busy: row?.busy !== 0, walFrames: row?.log ?? -1, checkpointed: row?.checkpointed ?? -1 },
  };
}
