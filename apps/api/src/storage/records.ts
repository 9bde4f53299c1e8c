// Rows as the service layer sees them. Storage converts to and from SQL types
// so that SQLite and PostgreSQL look the same from above.

export interface UserRecord {
  readonly id: string;
  readonly name: string;
  readonly admin: boolean;
  readonly createTime: Date;
}

export interface ApiTokenRecord {
  readonly id: string;
  readonly userId: string;
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
  readonly id: string;
  readonly ownerId: string;
  readonly name: string;
  /** ProviderType enum number. */
  readonly provider: number;
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

/** Fields a credential update may change; absent means unchanged. */
export type CredentialPatch = Partial<
  Pick<CredentialRecord, "name" | "url" | "email" | "description" | "labels" | "allowInsecure" | "summary" | "secret">
>;

/** Keyset position for stable pagination: rows strictly after this one. */
export interface CredentialCursor {
  readonly createTime: Date;
  readonly id: string;
}

export interface CredentialQuery {
  /** Only this owner's credentials; undefined lists everyone's. */
  readonly ownerId: string | undefined;
  /** Only this provider; undefined means all. */
  readonly provider: number | undefined;
  readonly after: CredentialCursor | undefined;
  readonly limit: number;
}
