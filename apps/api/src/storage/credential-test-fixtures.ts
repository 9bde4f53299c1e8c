// Test support: a valid credential row with an obviously fake sealed secret.
import { newCredentialId } from "./ids.js";
import type { CredentialRecord } from "./records.js";
import type { Store } from "./store.js";

export type CredentialInput = Omit<CredentialRecord, "createTime" | "updateTime">;

export function credentialInput(ownerId: string, overrides: Partial<CredentialInput> = {}): CredentialInput {
  return {
    id: newCredentialId(),
    ownerId,
    name: "prod",
    provider: 1,
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
  return store.credentials.list({ ownerId: undefined, provider: undefined, after: undefined, limit: 1000 });
}
