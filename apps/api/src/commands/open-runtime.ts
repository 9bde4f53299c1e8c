import { assertKeyringCoversStore, createAesGcmSecretBox, createDevKeyring, loadKeyring, type SecretBox } from "../crypto/index.js";
import { openStore, type Store } from "../storage/index.js";
import { UsageError } from "./command.js";
import type { RuntimeConfig } from "./runtime-config.js";

/** Opens the configured store for the length of `body`, and always closes it. */
export async function withStore<T>(config: RuntimeConfig, body: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(config.store);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

/**
 * Fails closed: no keyring means no start, and a database holding ciphertext
 * under a key the keyring lacks means no start either, because serving would
 * only turn every read of those rows into an error.
 */
export async function openSecretBox(config: RuntimeConfig, store: Store, say: (line: string) => void): Promise<SecretBox> {
  const source = config.keyring;
  if (source.kind === "none") {
    throw new UsageError(
      'no keyring: set ACP_KEYRING_FILE to a keyring JSON file ({"active": id, "keys": {id: base64 32-byte key}}), or pass --dev to use a generated development keyring',
    );
  }
  if (source.kind === "dev" && (await createDevKeyring(source.path))) {
    say(`created development keyring ${source.path} (mode 0600); use ACP_KEYRING_FILE in production`);
  }
  const box = createAesGcmSecretBox(await loadKeyring(source.path));
  await assertKeyringCoversStore(store, box);
  return box;
}
