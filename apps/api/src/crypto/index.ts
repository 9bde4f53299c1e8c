export { SecretOpenError, type SealContext, type SecretBox } from "./secret-box.js";
export { createAesGcmSecretBox } from "./aes-gcm-secret-box.js";
export { type AuditHasher, createAuditHasher } from "./audit-hasher.js";
export { createDevKeyring, KeyringError, loadKeyring, parseKeyring, type Keyring } from "./keyring.js";
export { reencryptAll, ReencryptError, type ReencryptCounts, type ReencryptOptions } from "./reencrypt.js";
export { assertKeyringCoversStore, KeyringMissingKeysError } from "./check-keyring-covers-store.js";
