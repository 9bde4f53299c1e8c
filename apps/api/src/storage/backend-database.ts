import type { Kysely } from "kysely";
import type { AuditRowWriter } from "./audit-rows.js";
import type { Database } from "./database-schema.js";
import type { FreedSpaceReport } from "./freed-space.js";
import type { DialectColumnTypes } from "./migrations.js";
import type { PreparedStatements } from "./prepared-statements.js";

/** Everything that differs between backends, decided once when the store opens. */
export interface BackendDatabase {
  readonly db: Kysely<Database>;
  readonly columnTypes: DialectColumnTypes;
  /** Where the migrator keeps its bookkeeping; undefined means the connection's default. */
  readonly migrationTableSchema: string | undefined;
  /**
   * Whether a transaction that checks rows before writing must lock them.
   * PostgreSQL runs at READ COMMITTED, so it must (`for update`); SQLite
   * transactions hold the database's write lock from their start (see
   * sqlite-immediate-dialect.ts) and SQLite has no syntax for row locks.
   */
  readonly rowLocks: boolean;
  /** The audit trail's appends; closed with the store. */
  readonly auditRows: AuditRowWriter;
  /** The hot reads' own prepared statements; closed with the store. */
  readonly statements: PreparedStatements;
  /** Erases what deleted and overwritten rows left in the database's files, as far as the backend can. */
  reclaimFreedSpace(): Promise<FreedSpaceReport>;
}
