import { type Migration, sql } from "kysely";
import type { AnyKysely, DialectColumnTypes } from "./migrations.js";

// Numbers below are the @acp/proto enum values as they were when this was
// written; a migration must not follow later edits of the enums.
// ProjectRole VIEWER..OWNER, BindingTier SESSION..GLOBAL, SessionState RUNNING and ENDED.

/** 0002: projects and their members, bindings, sessions and the audit trail. */
export function accessModelSchema(types: DialectColumnTypes): Migration {
  return {
    async up(db: AnyKysely) {
      // Bindings copy their credential's provider; a foreign key on the pair
      // keeps the copy true, and needs the pair to be unique to refer to it.
      await db.schema
        .createIndex("credentials_id_provider_key")
        .unique()
        .on("credentials")
        .columns(["id", "provider"])
        .execute();

      await db.schema
        .createTable("projects")
        .addColumn("id", types.id, (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("description", "text", (c) => c.notNull())
        .addColumn("create_time", "bigint", (c) => c.notNull())
        .addUniqueConstraint("projects_name_key", ["name"])
        .execute();
      await index(db, "projects_create_time_id_idx", "projects", ["create_time", "id"]);

      await db.schema
        .createTable("project_members")
        .addColumn("project_id", types.id, (c) => c.notNull().references("projects.id"))
        .addColumn("user_id", types.id, (c) => c.notNull().references("users.id"))
        .addColumn("role", "integer", (c) => c.notNull().check(sql`role in (1, 2, 3)`))
        .addColumn("create_time", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("project_members_pkey", ["project_id", "user_id"])
        .execute();
      // Members in listing order; and a user's projects, for every non-admin listing.
      await index(db, "project_members_project_create_time_idx", "project_members", [
        "project_id",
        "create_time",
        "user_id",
      ]);
      await index(db, "project_members_user_idx", "project_members", ["user_id", "project_id"]);

      // No foreign key to projects: a deleted project's sessions stay, ENDED, as history.
      await db.schema
        .createTable("sessions")
        .addColumn("id", types.id, (c) => c.primaryKey())
        .addColumn("project_id", types.id, (c) => c.notNull())
        .addColumn("agent", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("state", "integer", (c) => c.notNull())
        .addColumn("creator_id", types.id, (c) => c.notNull().references("users.id"))
        .addColumn("runner_token_hash", types.bytes, (c) => c.notNull())
        .addColumn("create_time", "bigint", (c) => c.notNull())
        .addColumn("expire_time", "bigint", (c) => c.notNull())
        .addColumn("end_time", "bigint")
        .addUniqueConstraint("sessions_runner_token_hash_key", ["runner_token_hash"])
        .addCheckConstraint(
          "sessions_state_check",
          sql`(state = 1 and end_time is null) or (state = 2 and end_time is not null)`,
        )
        .execute();
      // Lets a session binding's foreign key name the session's project as well as the session.
      await db.schema
        .createIndex("sessions_id_project_key")
        .unique()
        .on("sessions")
        .columns(["id", "project_id"])
        .execute();
      await index(db, "sessions_create_time_id_idx", "sessions", ["create_time", "id"]);
      await index(db, "sessions_project_create_time_id_idx", "sessions", ["project_id", "create_time", "id"]);

      await db.schema
        .createTable("bindings")
        .addColumn("id", types.id, (c) => c.primaryKey())
        .addColumn("credential_id", types.id, (c) => c.notNull())
        .addColumn("provider", "integer", (c) => c.notNull())
        .addColumn("tier", "integer", (c) => c.notNull())
        .addColumn("project_id", types.id, (c) => c.references("projects.id"))
        .addColumn("agent", "text", (c) => c.notNull())
        .addColumn("session_id", types.id)
        .addColumn("target_key", "text", (c) => c.notNull())
        .addColumn("creator_id", types.id, (c) => c.notNull().references("users.id"))
        .addColumn("create_time", "bigint", (c) => c.notNull())
        // Deleting a credential takes its bindings in the same statement, on both backends.
        .addForeignKeyConstraint(
          "bindings_credential_fkey",
          ["credential_id", "provider"],
          "credentials",
          ["id", "provider"],
          (fk) => fk.onDelete("cascade"),
        )
        // A session binding's project is its session's, so deleting the project
        // finds it by project alone. Checked only when session_id is set.
        .addForeignKeyConstraint("bindings_session_fkey", ["session_id", "project_id"], "sessions", [
          "id",
          "project_id",
        ])
        .addUniqueConstraint("bindings_credential_target_key", ["credential_id", "target_key"])
        // Queries rely on this: only session bindings have a session, global ones
        // have no project, and only agent bindings name an agent.
        .addCheckConstraint(
          "bindings_target_check",
          sql`(tier = 1 and session_id is not null and project_id is not null and agent = '')
            or (tier = 2 and session_id is null and project_id is not null and agent <> '')
            or (tier = 3 and session_id is null and project_id is not null and agent = '')
            or (tier = 4 and session_id is null and project_id is null and agent = '')`,
        )
        .execute();
      // One keyset index per listing filter.
      await index(db, "bindings_create_time_id_idx", "bindings", ["create_time", "id"]);
      await index(db, "bindings_credential_create_time_id_idx", "bindings", ["credential_id", "create_time", "id"]);
      await index(db, "bindings_session_create_time_id_idx", "bindings", ["session_id", "create_time", "id"]);
      await index(db, "bindings_project_create_time_id_idx", "bindings", ["project_id", "create_time", "id"]);
      // The agent, project and global terms of listForSession, and the global listing.
      await index(db, "bindings_tier_project_agent_idx", "bindings", [
        "tier",
        "project_id",
        "agent",
        "create_time",
        "id",
      ]);

      // No foreign keys: the trail outlives whatever it names.
      let audit = db.schema
        .createTable("audit_events")
        .addColumn("id", types.id, (c) => c.primaryKey())
        .addColumn("time", "bigint", (c) => c.notNull())
        .addColumn("action", "integer", (c) => c.notNull())
        .addColumn("rpc", "text", (c) => c.notNull());
      for (const column of ["principal_user_id", "principal_session_id", "credential_id", "credential_owner_id"]) {
        audit = audit.addColumn(column, types.id, (c) => c.notNull());
      }
      audit = audit
        .addColumn("provider", "integer", (c) => c.notNull())
        .addColumn("outcome", "text", (c) => c.notNull())
        .addColumn("peer", "text", (c) => c.notNull())
        .addColumn("value_hmac", "text", (c) => c.notNull());
      for (const column of ["project_id", "session_id", "binding_id", "user_id", "api_token_id"]) {
        audit = audit.addColumn(column, types.id, (c) => c.notNull());
      }
      await audit
        .addCheckConstraint(
          "audit_events_principal_check",
          sql`(principal_user_id = '') <> (principal_session_id = '')`,
        )
        .execute();
      await index(db, "audit_events_time_id_idx", "audit_events", ["time", "id"]);
      for (const column of [
        "credential_id",
        "session_id",
        "principal_user_id",
        "principal_session_id",
        "value_hmac",
        "credential_owner_id",
      ]) {
        await index(db, `audit_events_${column}_time_id_idx`, "audit_events", [column, "time", "id"]);
      }
    },
  };
}

function index(db: AnyKysely, name: string, table: string, columns: readonly string[]): Promise<void> {
  return db.schema
    .createIndex(name)
    .on(table)
    .columns([...columns])
    .execute();
}
