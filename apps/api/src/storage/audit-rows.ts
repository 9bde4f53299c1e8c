import { CompiledQuery, type Insertable, type Kysely } from "kysely";
import type { AuditEventsTable, Database } from "./database-schema.js";

export type AuditRow = Insertable<AuditEventsTable>;

/** Where the audit store's appends go, in the statement each backend runs fastest. */
export interface AuditRowWriter {
  /** Writes the rows in one transaction: all are durable when it resolves, or none is and it throws. */
  write(rows: readonly AuditRow[]): Promise<void>;
  /** Releases what the writer holds of its own; closed with the store. */
  close(): Promise<void>;
}

// Every column, in the order the statements below bind them.
export const auditColumns = [
  "id",
  "time",
  "action",
  "rpc",
  "principal_user_id",
  "principal_session_id",
  "credential_id",
  "credential_owner_id",
  "provider",
  "outcome",
  "peer",
  "value_hmac",
  "project_id",
  "session_id",
  "binding_id",
  "user_id",
  "api_token_id",
] as const satisfies readonly (keyof AuditEventsTable)[];

const postgresTypes: Readonly<Partial<Record<(typeof auditColumns)[number], string>>> = {
  time: "int8",
  action: "int4",
  provider: "int4",
};

/**
 * PostgreSQL: every batch in one INSERT … SELECT FROM unnest of one array per
 * column, so the statement has the same text and 17 parameters whatever the
 * batch size; a single statement is atomic on its own.
 */
export function postgresAuditRowWriter(db: Kysely<Database>): AuditRowWriter {
  const arrays = auditColumns.map((column, i) => `$${i + 1}::${postgresTypes[column] ?? "text"}[]`);
  const text = `insert into audit_events (${auditColumns.join(", ")}) select * from unnest(${arrays.join(", ")})`;
  return {
    async write(rows) {
      await db.executeQuery(
        CompiledQuery.raw(
          text,
          auditColumns.map((column) => rows.map((row) => row[column])),
        ),
      );
    },
    // The statement runs on kysely's pool, which the store destroys.
    close: async () => {},
  };
}
