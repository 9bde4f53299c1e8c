import type { ProviderType } from "@acp/proto";
import type { AuditStore, BindingStore, ProjectStore, SessionStore } from "./access-store.js";
import type { ChangeNotifier } from "./change-notifier.js";
import type { FreedSpaceReport } from "./freed-space.js";
import type { ApiTokenId, CredentialId, UserId } from "./ids.js";
import type {
  ApiTokenRecord,
  CredentialPatch,
  CredentialQuery,
  CredentialRecord,
  NewCredentialRecord,
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
  readonly projects: ProjectStore;
  readonly bindings: BindingStore;
  readonly sessions: SessionStore;
  readonly audit: AuditStore;
  /** Which keys each serving process holds (see serving-keyrings-migration.ts). */
  readonly servingKeyrings: ServingKeyringStore;
  /** Tells every process serving this database what changed (ids only, never a value). */
  readonly changes: ChangeNotifier;
  /**
   * Erases what deleted and overwritten rows left behind in the database's
   * files (SQLite: VACUUM, then an emptied WAL). Rewrites the whole SQLite
   * file, so it is for rare moments such as the end of a key rotation.
   */
  reclaimFreedSpace(): Promise<FreedSpaceReport>;
  close(): Promise<void>;
}

export interface UserStore {
  create(input: { name: string; admin: boolean }): Promise<UserRecord>;
  get(id: UserId): Promise<UserRecord | undefined>;
  getByName(name: string): Promise<UserRecord | undefined>;
  list(): Promise<UserRecord[]>;
  count(): Promise<number>;
}

export interface ApiTokenStore {
  /** Stores only the token's hash; the caller shows the token once. */
  create(input: { userId: UserId; description: string; tokenHash: Uint8Array }): Promise<ApiTokenRecord>;
  /** The unrevoked token with this hash, and its user. */
  authenticate(tokenHash: Uint8Array): Promise<{ token: ApiTokenRecord; user: UserRecord } | undefined>;
  get(id: ApiTokenId): Promise<ApiTokenRecord | undefined>;
  list(userId: UserId): Promise<ApiTokenRecord[]>;
  /** Sets revoke time if unset; returns the token as it now is. */
  revoke(id: ApiTokenId): Promise<ApiTokenRecord | undefined>;
}

export interface CredentialStore {
  insert(input: NewCredentialRecord): Promise<CredentialRecord>;
  get(id: CredentialId): Promise<CredentialRecord | undefined>;
  getByName(ownerId: UserId, name: string): Promise<CredentialRecord | undefined>;
  /** Ordered by (createTime, id) ascending. */
  list(query: CredentialQuery): Promise<CredentialRecord[]>;
  /**
   * Also bumps updateTime; undefined when the row is gone. Given a function,
   * plans the patch from the row as it is, in one transaction holding the row
   * (what the function throws is rethrown as is, and nothing is written).
   */
  update(id: CredentialId, change: CredentialChange): Promise<CredentialRecord | undefined>;
  /** Deletes the credential and, in the same transaction, every binding of it. */
  delete(id: CredentialId): Promise<boolean>;
  /** Distinct key ids that sealed at least one stored secret. */
  keyIdsInUse(): Promise<string[]>;
  /** Up to `limit` credentials sealed under a key other than `keyId`. */
  listSealedWithOtherKey(keyId: string, limit: number): Promise<SealedCredential[]>;
  /** Replaces the sealed secret only if it is still `expected` (compare-and-swap, so a concurrent update wins). */
  replaceSecret(id: CredentialId, expected: SealedSecret, next: SealedSecret): Promise<boolean>;
}

/** A serving process's keyring as it last announced it: key ids only. */
export interface ServingKeyring {
  readonly instanceId: string;
  /** Where it runs (host and pid), to name it in a message. */
  readonly host: string;
  readonly keyIds: readonly string[];
  readonly activeKeyId: string;
  readonly startTime: Date;
  readonly heartbeatTime: Date;
}

export interface ServingKeyringStore {
  /** Records or refreshes a process's keyring, stamping the heartbeat now. */
  announce(input: Omit<ServingKeyring, "heartbeatTime" | "startTime">): Promise<void>;
  withdraw(instanceId: string): Promise<void>;
  /** Processes whose last heartbeat is after `heartbeatAfter`, by instance id. */
  listSince(heartbeatAfter: Date): Promise<ServingKeyring[]>;
}

/**
 * A patch, or how to derive one from the current row: the form for updates
 * that validate fields together, since a plain patch planned from an earlier
 * read could combine with a concurrent update into a row neither validated.
 */
export type CredentialChange = CredentialPatch | ((current: CredentialRecord) => CredentialPatch);

/** A credential's sealed secret with what its associated data binds it to. */
export interface SealedCredential {
  readonly id: CredentialId;
  readonly provider: ProviderType;
  readonly secret: SealedSecret;
}

export class NameTakenError extends Error {
  constructor(
    readonly entity: "user" | "credential" | "project",
    readonly takenName: string,
  ) {
    super(`${entity} name "${takenName}" is already in use`);
    this.name = "NameTakenError";
  }
}
