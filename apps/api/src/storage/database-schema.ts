// Column types as both drivers hand them over. Timestamps are integer epoch
// milliseconds (bigint in PostgreSQL, parsed to number by the pool) because
// that is the one representation both backends round-trip exactly; booleans
// are 0/1 integers because better-sqlite3 cannot bind JS booleans.
//
// `Immutable<T>` columns are written on insert and can never be updated: kysely
// rejects them in `.set()` at compile time.
import type { ColumnType } from "kysely";
import type { ProviderType } from "@acp/proto";
import type { ApiTokenId, CredentialId, UserId } from "./ids.js";

type Immutable<T> = ColumnType<T, T, never>;

export interface Database {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  credentials: CredentialsTable;
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
