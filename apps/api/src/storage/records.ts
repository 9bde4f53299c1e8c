// Rows as the service layer sees them. Storage converts to and from SQL types
// so that SQLite and PostgreSQL look the same from above.
import type { ProviderType } from "@acp/proto";
import type { ApiTokenId, CredentialId, UserId } from "./ids.js";

export interface UserRecord {
  readonly id: UserId;
  readonly name: string;
  readonly admin: boolean;
  readonly createTime: Date;
}

export interface ApiTokenRecord {
  readonly id: ApiTokenId;
  readonly userId: UserId;
  readonly description: string;
  readonly createTime: Date;
  readonly revokeTime: Date | undefined;
}

/** An encrypted secret as stored: which key sealed it, and nonce || ciphertext || tag. */
export interface SealedSecret {
  readonly keyId: string;
  readonly sealed: Uint8Array;
}

export interface CredentialRecord {
  readonly id: CredentialId;
  readonly ownerId: UserId;
  readonly name: string;
  readonly provider: ProviderType;
  readonly url: string;
  readonly email: string;
  readonly description: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly allowInsecure: boolean;
  /** Binary acp.credentials.v1.Credential holding only the summary oneof; empty when none. */
  readonly summary: Uint8Array;
  readonly secret: SealedSecret;
  readonly createTime: Date;
  readonly updateTime: Date;
}

/** A credential about to be inserted: the store adds the timestamps. */
export type NewCredentialRecord = Omit<CredentialRecord, "createTime" | "updateTime">;

/**
 * The fields a secret is validated against, with the summary that validation
 * produced. They change together or not at all, so a stored secret, url or
 * allow_insecure can never disagree with the summary shown for it.
 */
export interface RevalidatedFields {
  readonly url: string;
  readonly email: string;
  readonly allowInsecure: boolean;
  readonly summary: Uint8Array;
  /** Absent when the stored secret itself is kept and only re-checked. */
  readonly secret?: SealedSecret;
}

/** What a credential update may change; absent means unchanged. */
export interface CredentialPatch {
  readonly name?: string;
  readonly description?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly revalidated?: RevalidatedFields;
}

/** Keyset position for stable pagination: rows strictly after this one. */
export interface CredentialCursor {
  readonly createTime: Date;
  readonly id: CredentialId;
}

/** Whose credentials a query reads. Listing everyone's must be said, never implied by a missing id. */
export type OwnerFilter = { readonly all: true } | { readonly ownerId: UserId };

export type ProviderFilter = { readonly all: true } | { readonly provider: ProviderType };

export interface CredentialQuery {
  readonly owner: OwnerFilter;
  readonly provider: ProviderFilter;
  readonly after: CredentialCursor | undefined;
  readonly limit: number;
}
