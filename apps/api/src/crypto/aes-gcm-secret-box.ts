import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject, randomBytes } from "node:crypto";
import type { SealedSecret } from "../storage/index.js";
import { encodeAssociatedData } from "./associated-data.js";
import { type Keyring, keyBytes } from "./keyring.js";
import { type SealContext, type SecretBox, SecretOpenError } from "./secret-box.js";

const algorithm = "aes-256-gcm";
// 96-bit random nonces: the size GCM is designed for. With random nonces one
// key stays safe for about 2^32 seals, far beyond a credential store's writes.
const nonceBytes = 12;
const tagBytes = 16;

/** SecretBox over AES-256-GCM; sealed = nonce || ciphertext || tag. */
class AesGcmSecretBox implements SecretBox {
  readonly activeKeyId: string;
  readonly #keys: ReadonlyMap<string, KeyObject>;

  constructor(keyring: Keyring) {
    const keys = new Map<string, KeyObject>();
    for (const [id, bytes] of Object.entries(keyring.keys)) {
      if (bytes.length !== keyBytes) throw new RangeError(`key "${id}" must be ${keyBytes} bytes`);
      // Imported once: a KeyObject keeps the key out of the JS heap's reach and
      // saves re-importing it on every request.
      keys.set(id, createSecretKey(bytes));
    }
    if (!keys.has(keyring.active)) throw new RangeError(`active key "${keyring.active}" is not in the keyring`);
    this.activeKeyId = keyring.active;
    this.#keys = keys;
  }

  hasKey(keyId: string): boolean {
    return this.#keys.has(keyId);
  }

  seal(plaintext: string, context: SealContext): SealedSecret {
    const keyId = this.activeKeyId;
    const nonce = randomBytes(nonceBytes);
    const cipher = createCipheriv(algorithm, this.#keys.get(keyId)!, nonce, { authTagLength: tagBytes });
    cipher.setAAD(encodeAssociatedData(keyId, context));
    const input = Buffer.from(plaintext, "utf8");
    try {
      const ciphertext = Buffer.concat([cipher.update(input), cipher.final()]);
      return { keyId, sealed: new Uint8Array(Buffer.concat([nonce, ciphertext, cipher.getAuthTag()])) };
    } finally {
      input.fill(0);
    }
  }

  open(sealed: SealedSecret, context: SealContext): string {
    const key = this.#keys.get(sealed.keyId);
    if (key === undefined) {
      throw new SecretOpenError(sealed.keyId, { cause: new Error("the keyring does not contain this key") });
    }
    const bytes = sealed.sealed;
    if (bytes.length < nonceBytes + tagBytes) {
      throw new SecretOpenError(sealed.keyId, { cause: new Error("sealed secret is too short") });
    }
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let plaintext: Buffer | undefined;
    try {
      const decipher = createDecipheriv(algorithm, key, view.subarray(0, nonceBytes), { authTagLength: tagBytes });
      decipher.setAAD(encodeAssociatedData(sealed.keyId, context));
      decipher.setAuthTag(view.subarray(view.length - tagBytes));
      // Not yet authenticated until final() succeeds; wiped either way.
      const head = decipher.update(view.subarray(nonceBytes, view.length - tagBytes));
      try {
        plaintext = Buffer.concat([head, decipher.final()]);
      } finally {
        head.fill(0);
      }
      return plaintext.toString("utf8");
    } catch (error) {
      // Node reports every authentication failure alike; so do we.
      throw new SecretOpenError(sealed.keyId, { cause: error });
    } finally {
      plaintext?.fill(0);
    }
  }
}

/** Imports every key of the keyring once; the returned box seals with the active key. */
export function createAesGcmSecretBox(keyring: Keyring): SecretBox {
  return new AesGcmSecretBox(keyring);
}
