export { createAesGcmSecretBox } from "./aes-gcm-secret-box.js";
export { type AuditHasher, createAuditHasher } from "./audit-hasher.js";
export { assertKeyringCoversStore, KeyringMissingKeysError } from "./check-keyring-covers-store.js";
export { createDevKeyring, type Keyring, KeyringError, loadKeyring, parseKeyring } from "./keyring.js";
export { type ReencryptCounts, ReencryptError, type ReencryptOptions, reencryptAll } from "./reencrypt.js";
export { type SealContext, type SecretBox, SecretOpenError } from "./secret-box.js";
