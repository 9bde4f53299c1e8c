import type { Store } from "../storage/index.js";
import type { SecretBox } from "./secret-box.js";

/** The database holds secrets under keys the keyring lacks; serving would fail every read of them. */
export class KeyringMissingKeysError extends Error {
  constructor(readonly missingKeyIds: readonly string[]) {
    super(
      `the database holds secrets sealed with key${missingKeyIds.length === 1 ? "" : "s"} ` +
        `${missingKeyIds.map((id) => JSON.stringify(id)).join(", ")} that the keyring does not contain; ` +
        "add the missing keys to the keyring (keep old keys until `keys reencrypt` has moved every secret off them)",
    );
    this.name = "KeyringMissingKeysError";
  }
}

/** Startup check: throws KeyringMissingKeysError unless every key id in use is in the box's keyring. */
export async function assertKeyringCoversStore(store: Pick<Store, "credentials">, box: SecretBox): Promise<void> {
  const missing = (await store.credentials.keyIdsInUse()).filter((id) => !box.hasKey(id));
  if (missing.length > 0) throw new KeyringMissingKeysError(missing);
}
