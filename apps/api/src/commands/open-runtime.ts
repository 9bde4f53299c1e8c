import {
  type AuditHasher,
  assertKeyringCoversStore,
  createAesGcmSecretBox,
  createAuditHasher,
  createDevKeyring,
  loadKeyring,
  type SecretBox,
} from "../crypto/index.js";
import { openStore, type Store } from "../storage/index.js";
import { UsageError } from "./command.js";
import type { KeyringSource, RuntimeConfig } from "./runtime-config.js";

/** Opens the configured store for the length of `body`, and always closes it. */
export async function withStore<T>(config: RuntimeConfig, body: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(config.store);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

/** What a server needs of the keyring: the box that seals secrets and the audit trail's hasher. */
export interface OpenedKeyring {
  readonly box: SecretBox;
  readonly auditHasher: AuditHasher;
  /** Every key id in the keyring (ids only), which a server announces to `keys reencrypt`. */
  readonly keyIds: readonly string[];
}

/**
 * Fails closed: no keyring means no start, and a database holding ciphertext
 * under a key the keyring lacks means no start either, because serving would
 * only turn every read of those rows into an error.
 */
export async function openKeyring(
  config: RuntimeConfig,
  store: Store,
  say: (line: string) => void,
): Promise<OpenedKeyring> {
  const source = requireKeyring(config.keyring);
  if (source.kind === "dev" && (await createDevKeyring(source.path))) {
    say(`created development keyring ${source.path} (mode 0600); use ACP_KEYRING_FILE in production`);
  }
  const keyring = await loadKeyring(source.path);
  const box = createAesGcmSecretBox(keyring);
  await assertKeyringCoversStore(store, box);
  return { box, auditHasher: createAuditHasher(keyring), keyIds: Object.keys(keyring.keys) };
}

export async function openSecretBox(
  config: RuntimeConfig,
  store: Store,
  say: (line: string) => void,
): Promise<SecretBox> {
  return (await openKeyring(config, store, say)).box;
}

/**
 * The hasher of the keyring a server with the same settings uses. Never
 * creates a development keyring: a fresh audit key would answer an HMAC that
 * no record holds.
 */
export async function openAuditHasher(config: RuntimeConfig): Promise<AuditHasher> {
  return createAuditHasher(await loadKeyring(requireKeyring(config.keyring).path));
}

function requireKeyring(source: KeyringSource): Exclude<KeyringSource, { kind: "none" }> {
  if (source.kind === "none") {
    throw new UsageError(
      'no keyring: set ACP_KEYRING_FILE to a keyring JSON file ({"active": id, "keys": {id: base64 32-byte key}, "audit": base64 32-byte key}; ' +
        "make each key with `openssl rand -base64 32`), or pass --dev to use a generated development keyring",
    );
  }
  return source;
}
