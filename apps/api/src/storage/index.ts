export type {
  ApiTokenRecord,
  CredentialCursor,
  CredentialPatch,
  CredentialQuery,
  CredentialRecord,
  SealedSecret,
  UserRecord,
} from "./records.js";
export { NameTakenError, type ApiTokenStore, type CredentialStore, type Store, type UserStore } from "./store.js";
export { StorageError } from "./storage-error.js";
export { openStore, type OpenStoreOptions } from "./open-store.js";
export { storeConfigFromEnv, type StoreConfig } from "./store-config.js";
export { newApiTokenId, newCredentialId, newUserId } from "./ids.js";
