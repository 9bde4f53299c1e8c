export type {
  AuditCursor,
  AuditEventRecord,
  AuditPrincipal,
  AuditQuery,
  BindingCursor,
  BindingQuery,
  BindingRecord,
  BindingTarget,
  DeletedProject,
  KnownSessionState,
  MemberChange,
  MemberFilter,
  MemberRole,
  NewAuditEvent,
  NewBindingRecord,
  NewSessionRecord,
  ProjectCursor,
  ProjectMemberRecord,
  ProjectQuery,
  ProjectRecord,
  SessionCursor,
  SessionQuery,
  SessionRecord,
  SessionScope,
} from "./access-records.js";
export {
  type AuditStore,
  type BindingStore,
  BindingTakenError,
  type BoundCredential,
  type ProjectStore,
  type SessionStore,
} from "./access-store.js";
export { appliesToSession } from "./binding-target.js";
export type { Change, ChangeNotifier } from "./change-notifier.js";
export type { FreedSpaceReport } from "./freed-space.js";
export {
  type ApiTokenId,
  type AuditEventId,
  type BindingId,
  type CredentialId,
  idPrefixes,
  newApiTokenId,
  newAuditEventId,
  newBindingId,
  newCredentialId,
  newProjectId,
  newSessionId,
  newUserId,
  type ProjectId,
  parseId,
  type SessionId,
  type UserId,
} from "./ids.js";
export { type ChangeMessage, isChangeMessage } from "./ipc-change-notifier.js";
export { type OpenStoreOptions, openStore } from "./open-store.js";
export type {
  ApiTokenRecord,
  CredentialCursor,
  CredentialPatch,
  CredentialQuery,
  CredentialRecord,
  NewCredentialRecord,
  OwnerFilter,
  ProviderFilter,
  RevalidatedFields,
  SealedSecret,
  UserRecord,
} from "./records.js";
export { StorageError } from "./storage-error.js";
export {
  type ApiTokenStore,
  type CredentialChange,
  type CredentialStore,
  NameTakenError,
  type SealedCredential,
  type ServingKeyring,
  type ServingKeyringStore,
  type Store,
  type UserStore,
} from "./store.js";
export { type StoreConfig, storeConfigFromEnv } from "./store-config.js";
