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
export {
  NameTakenError,
  type ApiTokenStore,
  type CredentialStore,
  type SealedCredential,
  type Store,
  type UserStore,
} from "./store.js";
export { StorageError } from "./storage-error.js";
export { openStore, type OpenStoreOptions } from "./open-store.js";
export { storeConfigFromEnv, type StoreConfig } from "./store-config.js";
export {
  newApiTokenId,
  newCredentialId,
  newUserId,
  parseId,
  type ApiTokenId,
  type CredentialId,
  type UserId,
} from "./ids.js";
