import type BetterSqlite3 from "better-sqlite3";
import { CompiledQuery, type Insertable, type Kysely } from "kysely";
import type { AuditEventsTable, Database } from "./database-schema.js";

export type AuditRow = Insertable<AuditEventsTable>;

/** Writes audit rows in one transaction: all are durable, or none is and it throws. */
export type AuditRowWriter = (rows: readonly AuditRow[]) => Promise<void>;

// Every column, in the order the statements below bind them.
const auditColumns = [
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
 * SQLite: one single-row INSERT, prepared once, run per row inside one
 * IMMEDIATE transaction. Building and preparing a multi-row INSERT of every
 * batch's size cost more than the rows themselves. The statement runs on the
 * raw connection beside kysely's, so it first takes kysely's connection
 * (its mutex): no kysely transaction can be open on it meanwhile.
 */
export function sqliteAuditRowWriter(db: Kysely<Database>, sqlite: BetterSqlite3.Database): AuditRowWriter {
  let insertAll: BetterSqlite3.Transaction<(rows: readonly AuditRow[]) => void> | undefined;
  // Prepared on first use: before migrations the table does not exist yet.
  const prepare = () => {
    const insert = sqlite.prepare<unknown[]>(
      `insert into audit_events (${auditColumns.join(", ")}) values (${auditColumns.map(() => "?").join(", ")})`,
    );
    return sqlite.transaction((rows: readonly AuditRow[]) => {
      for (const row of rows) insert.run(auditColumns.map((column) => row[column]));
    });
  };
  return (rows) =>
    db.connection().execute(async () => {
      insertAll ??= prepare();
      insertAll.immediate(rows);
    });
}

/**
 * PostgreSQL: every batch in one INSERT … SELECT FROM unnest of one array per
 * column, so the statement has the same text and 17 parameters whatever the
 * batch size; a single statement is atomic on its own.
 */
export function postgresAuditRowWriter(db: Kysely<Database>): AuditRowWriter {
  const arrays = auditColumns.map((column, i) => `$${i + 1}::${postgresTypes[column] ?? "text"}[]`);
  const text = `insert into audit_events (${auditColumns.join(", ")}) select * from unnest(${arrays.join(", ")})`;
  return async (rows) => {
    await db.executeQuery(
      CompiledQuery.raw(
        text,
        auditColumns.map((column) => rows.map((row) => row[column])),
      ),
    );
  };
}
