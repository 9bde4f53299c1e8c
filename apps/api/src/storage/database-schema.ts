// Column types as both drivers hand them over. Timestamps are integer epoch
// milliseconds (bigint in PostgreSQL, parsed to number by the pool) because
// that is the one representation both backends round-trip exactly; booleans
// are 0/1 integers because better-sqlite3 cannot bind JS booleans.
//
// `Immutable<T>` columns are written on insert and can never be updated: kysely
// rejects them in `.set()` at compile time.

import type { BindingTier, ProviderType } from "@acp/proto";
import type { ColumnType } from "kysely";
import type { AuditEventRecord, KnownSessionState, MemberRole } from "./access-records.js";
import type { ApiTokenId, AuditEventId, BindingId, CredentialId, ProjectId, SessionId, UserId } from "./ids.js";

type Immutable<T> = ColumnType<T, T, never>;

export interface Database {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  credentials: CredentialsTable;
  projects: ProjectsTable;
  project_members: ProjectMembersTable;
  bindings: BindingsTable;
  sessions: SessionsTable;
  audit_events: AuditEventsTable;
  serving_keyrings: ServingKeyringsTable;
}

export interface ServingKeyringsTable {
  instance_id: Immutable<string>;
  host: Immutable<string>;
  key_ids: string;
  active_key_id: string;
  start_time: Immutable<number>;
  heartbeat_time: number;
}

export interface UsersTable {
  id: Immutable<UserId>;
  name: string;
  admin: number;
  create_time: Immutable<number>;
}

export interface ApiTokensTable {
  id: Immutable<ApiTokenId>;
  user_id: Immutable<UserId>;
  description: Immutable<string>;
  token_hash: Immutable<Uint8Array>;
  create_time: Immutable<number>;
  revoke_time: number | null;
}

export interface CredentialsTable {
  id: Immutable<CredentialId>;
  owner_id: Immutable<UserId>;
  name: string;
  provider: Immutable<ProviderType>;
  url: string;
  email: string;
  description: string;
  /** JSON object of string to string. */
  labels: string;
  allow_insecure: number;
  summary: Uint8Array;
  key_id: string;
  sealed: Uint8Array;
  create_time: Immutable<number>;
  update_time: number;
}

export interface ProjectsTable {
  id: Immutable<ProjectId>;
  name: Immutable<string>;
  description: Immutable<string>;
  create_time: Immutable<number>;
}

export interface ProjectMembersTable {
  project_id: Immutable<ProjectId>;
  user_id: Immutable<UserId>;
  role: MemberRole;
  create_time: Immutable<number>;
}

/**
 * A binding is never edited, only created and deleted. The target columns are
 * those binding-target.ts writes; a check constraint keeps them consistent
 * with the tier.
 */
export interface BindingsTable {
  id: Immutable<BindingId>;
  credential_id: Immutable<CredentialId>;
  provider: Immutable<ProviderType>;
  tier: Immutable<BindingTier>;
  project_id: Immutable<ProjectId | null>;
  /** "" unless the tier is AGENT. */
  agent: Immutable<string>;
  session_id: Immutable<SessionId | null>;
  /** The target in one text, so (credential_id, target_key) can be unique across tiers. */
  target_key: Immutable<string>;
  creator_id: Immutable<UserId>;
  create_time: Immutable<number>;
}

export interface SessionsTable {
  id: Immutable<SessionId>;
  project_id: Immutable<ProjectId>;
  agent: Immutable<string>;
  name: Immutable<string>;
  state: KnownSessionState;
  creator_id: Immutable<UserId>;
  runner_token_hash: Immutable<Uint8Array>;
  create_time: Immutable<number>;
  expire_time: Immutable<number>;
  end_time: number | null;
}

/** "" rather than NULL means "none", as in the records, so every filter is a plain equality. */
export interface AuditEventsTable {
  id: Immutable<AuditEventId>;
  time: Immutable<number>;
  action: Immutable<AuditEventRecord["action"]>;
  rpc: Immutable<string>;
  principal_user_id: Immutable<UserId | "">;
  principal_session_id: Immutable<SessionId | "">;
  credential_id: Immutable<CredentialId | "">;
  credential_owner_id: Immutable<UserId | "">;
  provider: Immutable<ProviderType>;
  outcome: Immutable<string>;
  peer: Immutable<string>;
  value_hmac: Immutable<string>;
  project_id: Immutable<ProjectId | "">;
  session_id: Immutable<SessionId | "">;
  binding_id: Immutable<BindingId | "">;
  user_id: Immutable<UserId | "">;
  api_token_id: Immutable<ApiTokenId | "">;
}
