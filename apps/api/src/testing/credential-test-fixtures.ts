// Test support: valid rows for the storage suites, credentials with an
// obviously fake sealed secret and what refers to them.
import { randomBytes } from "node:crypto";
import { AuditAction, ProviderType } from "@acp/proto";
import {
  type CredentialPatch,
  type CredentialRecord,
  type NewAuditEvent,
  type NewCredentialRecord,
  type NewSessionRecord,
  newCredentialId,
  newSessionId,
  type ProjectId,
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

/** A session with a fresh runner token hash, expiring far in the future unless told otherwise. */
export function sessionInput(
  projectId: ProjectId,
  creatorId: UserId,
  overrides: Partial<NewSessionRecord> = {},
): NewSessionRecord {
  return {
    id: newSessionId(),
    projectId,
    agent: "",
    name: "run",
    creatorId,
    runnerTokenHash: new Uint8Array(randomBytes(32)),
    expireTime: new Date(Date.UTC(2100, 0, 1)),
    ...overrides,
  };
}

/** A credential-create event by `userId`, with every optional field empty. */
export function auditEventInput(userId: UserId, overrides: Partial<NewAuditEvent> = {}): NewAuditEvent {
  return {
    time: new Date(Date.UTC(2026, 0, 1)),
    action: AuditAction.CREDENTIAL_CREATE,
    rpc: "/acp.credentials.v1.CredentialService/CreateCredential",
    principal: { userId },
    credentialId: "",
    credentialOwnerId: "",
    provider: ProviderType.UNSPECIFIED,
    outcome: "ok",
    peer: "127.0.0.1",
    valueHmac: "",
    projectId: "",
    sessionId: "",
    bindingId: "",
    userId: "",
    apiTokenId: "",
    ...overrides,
  };
}
