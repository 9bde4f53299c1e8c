// Column types as both drivers hand them over. Timestamps are integer epoch
// milliseconds (bigint in PostgreSQL, parsed to number by the pool) because
// that is the one representation both backends round-trip exactly; booleans
// are 0/1 integers because better-sqlite3 cannot bind JS booleans.

export interface Database {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  credentials: CredentialsTable;
}

export interface UsersTable {
  id: string;
  name: string;
  admin: number;
  create_time: number;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  description: string;
  token_hash: Uint8Array;
  create_time: number;
  revoke_time: number | null;
}

export interface CredentialsTable {
  id: string;
  owner_id: string;
  name: string;
  provider: number;
  url: string;
  email: string;
  description: string;
  /** JSON object of string to string. */
  labels: string;
  allow_insecure: number;
  summary: Uint8Array;
  key_id: string;
  sealed: Uint8Array;
  create_time: number;
  update_time: number;
}
