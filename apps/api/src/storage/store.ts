import type {
  ApiTokenRecord,
  CredentialPatch,
  CredentialQuery,
  CredentialRecord,
  SealedSecret,
  UserRecord,
} from "./records.js";

/**
 * What the API needs from a database. One implementation over kysely serves
 * both SQLite and PostgreSQL; the storage test suite runs against each.
 *
 * Uniqueness violations surface as NameTakenError so the service can answer
 * AlreadyExists without knowing which database it talks to.
 */
export interface Store {
  readonly users: UserStore;
  readonly tokens: ApiTokenStore;
  readonly credentials: CredentialStore;
  close(): Promise<void>;
}

export interface UserStore {
  create(input: { name: string; admin: boolean }): Promise<UserRecord>;
  get(id: string): Promise<UserRecord | undefined>;
  getByName(name: string): Promise<UserRecord | undefined>;
  list(): Promise<UserRecord[]>;
  count(): Promise<number>;
}

export interface ApiTokenStore {
  /** Stores only the token's hash; the caller shows the token once. */
  create(input: { userId: string; description: string; tokenHash: Uint8Array }): Promise<ApiTokenRecord>;
  /** The unrevoked token with this hash, and its user. */
  authenticate(tokenHash: Uint8Array): Promise<{ token: ApiTokenRecord; user: UserRecord } | undefined>;
  get(id: string): Promise<ApiTokenRecord | undefined>;
  list(userId: string): Promise<ApiTokenRecord[]>;
  /** Sets revoke time if unset; returns the token as it now is. */
  revoke(id: string): Promise<ApiTokenRecord | undefined>;
}

export interface CredentialStore {
  insert(input: Omit<CredentialRecord, "createTime" | "updateTime">): Promise<CredentialRecord>;
  get(id: string): Promise<CredentialRecord | undefined>;
  getByName(ownerId: string, name: string): Promise<CredentialRecord | undefined>;
  /** Ordered by (createTime, id) ascending. */
  list(query: CredentialQuery): Promise<CredentialRecord[]>;
  /** Also bumps updateTime; undefined when the row is gone. */
  update(id: string, patch: CredentialPatch): Promise<CredentialRecord | undefined>;
  delete(id: string): Promise<boolean>;
  /** Distinct key ids that sealed at least one stored secret. */
  keyIdsInUse(): Promise<string[]>;
  /** Up to `limit` credentials sealed under a key other than `keyId`. */
  listSealedWithOtherKey(keyId: string, limit: number): Promise<Array<{ id: string; provider: number; secret: SealedSecret }>>;
  /** Replaces the sealed secret only if it is still `expected` (compare-and-swap, so a concurrent update wins). */
  replaceSecret(id: string, expected: SealedSecret, next: SealedSecret): Promise<boolean>;
}

export class NameTakenError extends Error {
  constructor(readonly entity: "user" | "credential", readonly takenName: string) {
    super(`${entity} name "${takenName}" is already in use`);
    this.name = "NameTakenError";
  }
}
