import { Code, ConnectError } from "@connectrpc/connect";
import { type SecretBox, SecretOpenError } from "../../crypto/index.js";
import type { CredentialRecord } from "../../storage/index.js";

/**
 * Decrypts a stored secret. A secret that will not open is DataLoss with the
 * key id, which points an operator at the keyring; never the ciphertext.
 */
export function openSecret(box: SecretBox, record: CredentialRecord): string {
  try {
    return box.open(record.secret, { credentialId: record.id, provider: record.provider });
  } catch (err) {
    if (err instanceof SecretOpenError) {
      throw new ConnectError(
        `stored secret of credential ${JSON.stringify(record.id)} cannot be decrypted with key ${JSON.stringify(record.secret.keyId)}; check the server keyring`,
        Code.DataLoss,
      );
    }
    throw err;
  }
}
