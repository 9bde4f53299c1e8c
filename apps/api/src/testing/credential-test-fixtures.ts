// Test support: a valid credential row with an obviously fake sealed secret.
import { ProviderType } from "@acp/proto";
import {
  type CredentialPatch,
  type CredentialRecord,
  type NewCredentialRecord,
  newCredentialId,
  type SealedSecret,
  type Store,
  type UserId,
} from "../storage/index.js";

export function credentialInput(ownerId: UserId, overrides: Partial<NewCredentialRecord> = {}): NewCredentialRecord {
  return {
    id: newCredentialId(),
    ownerId,
    name: "prod",
    provider: ProviderType.GITHUB,
    url: "https://example.test",
    email: "dev@example.test",
    description: "a credential",
    labels: { team: "core", env: "prod" },
    allowInsecure: false,
    summary: new Uint8Array([8, 1, 18, 3, 97, 98, 99]),
    secret: { keyId: "k1", sealed: new Uint8Array([1, 2, 3, 4, 5]) },
    ...overrides,
  };
}

/** Every credential of every owner, in list order (tests hold far fewer than 1000). */
export function allCredentials(store: Pick<Store, "credentials">): Promise<CredentialRecord[]> {
  return store.credentials.list({ owner: { all: true }, provider: { all: true }, after: undefined, limit: 1000 });
}

/** A patch that replaces only the sealed secret, keeping the other validated fields as stored. */
export function secretPatch(record: CredentialRecord, secret: SealedSecret): CredentialPatch {
  const { url, email, allowInsecure, summary } = record;
  return { revalidated: { url, email, allowInsecure, summary, secret } };
}
